"""Small helpers every organiser page shares."""

from __future__ import annotations

from typing import Any, Final

from litestar import Request
from litestar.response import Template
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY

NO_STORE: Final = {"Cache-Control": "no-store"}


def page(name: str, *, status: int = 200, **context: Any) -> Template:
    """A private page: never cached (it shows one organiser's own data)."""
    return Template(template_name=name, context=context, status_code=status, headers=NO_STORE)


def invalid(name: str, **context: Any) -> Template:
    """The same page again, with messages beside the fields and the input kept."""
    return page(name, status=HTTP_422_UNPROCESSABLE_ENTITY, **context)


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    """An htmx request that wants a fragment (not a boosted page or a history restore)."""
    headers = request.headers
    return (
        headers.get("hx-request") == "true"
        and headers.get("hx-boosted") != "true"
        and headers.get("hx-history-restore-request") != "true"
    )


async def read_multi(request: Request[Any, Any, Any]) -> tuple[dict[str, str], Any]:
    """The posted fields (last value of each) and the whole multi-dict (for repeats)."""
    form = await request.form()
    return {key: str(value) for key, value in form.items()}, form
