"""The one place that decides "fragment or full page" for htmx requests."""

from __future__ import annotations

from typing import Any

from litestar import Request


def wants_fragment(request: Request[Any, Any, Any]) -> bool:
    """True for an htmx swap; false for boosted navigation and history restores,
    which need the whole document."""
    headers = request.headers
    return (
        headers.get("hx-request") == "true"
        and headers.get("hx-boosted") != "true"
        and headers.get("hx-history-restore-request") != "true"
    )
