"""Errors: JSON for the API (Litestar's shape), calm HTML pages for people."""

from __future__ import annotations

import logging
from typing import Any, Final
from urllib.parse import urlencode

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.exceptions.responses import create_exception_response
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from planner.core.redact import redact_path

logger = logging.getLogger(__name__)

JSON_PREFIXES: Final = ("/api/", "/schema", "/health")

MESSAGES: Final = {
    400: ("Something in that address didn't make sense", "Please go back and try again."),
    401: ("Please sign in", "This page is for people who are signed in."),
    403: ("That page isn't available to you", "If you think this is a mistake, please ask us."),
    404: (
        "We couldn't find that page",
        "It may have moved, or the link may be incomplete. Nothing is wrong on your side.",
    ),
    405: ("That didn't work", "Please go back and try again."),
    429: ("Let's take a short pause", "Please wait a minute before trying again."),
    500: (
        "Something went wrong on our side",
        "It's not your fault. Please try again in a little while.",
    ),
}


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    return path.startswith(JSON_PREFIXES) or "text/html" not in request.headers.get("accept", "")


def handle_exception(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Render any error in the form the client asked for."""
    status = exc.status_code if isinstance(exc, HTTPException) else HTTP_500_INTERNAL_SERVER_ERROR
    if status >= HTTP_500_INTERNAL_SERVER_ERROR:
        # The path may hold a private link's token: log it redacted.
        path = redact_path(request.url.path)
        logger.error("Unhandled error on %s %s", request.method, path, exc_info=exc)
    if _wants_json(request):
        return create_exception_response(request, exc)
    if isinstance(exc, NotAuthorizedException) and request.method == "GET":
        # A page that needs signing in: go there, and come back afterwards.
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(f"/auth/login?{urlencode({'next': target})}", status_code=303)
    title, hint = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    detail = exc.detail if isinstance(exc, HTTPException) and status < 500 else ""
    if "CSRF" in detail:
        title, hint = (
            "That form had expired",
            "Nothing was changed. Please go back, reload the page and try again.",
        )
        detail = ""
    return Template(
        template_name="errors/error.html",
        context={"status": status, "title": title, "hint": hint, "detail": detail},
        status_code=status,
        media_type=MediaType.HTML,
        headers=getattr(exc, "headers", None) or {},
    )


def exception_handlers() -> ExceptionHandlersMap:
    """Every exception goes through :func:`handle_exception`."""
    return {Exception: handle_exception}
