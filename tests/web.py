"""Helpers for driving HTML forms the way a browser does (CSRF token included)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from planner.core.db import create_session_maker
from planner.core.outbox import OutboxMessage
from tests.html import parse

Client = AsyncTestClient[Litestar]
HTML = {"accept": "text/html"}


async def csrf_token(client: Client, page: str = "/auth/login") -> str:
    """The token a form on ``page`` carries (the CSRF cookie is set as a side effect)."""
    response = await client.get(page, headers=HTML)
    field = parse(response.text).select_one("input[name=_csrf_token]")
    assert field is not None, f"no CSRF field on {page}"
    return str(field["value"])


async def submit(
    client: Client,
    action: str,
    data: Mapping[str, str | list[str]],
    *,
    page: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """GET the form's page for a token, then POST like a browser (no redirect following);
    a list value posts the field once per item, like checkboxes or repeated rows."""
    token = await csrf_token(client, page or action)
    return await client.post(
        action,
        data={**data, "_csrf_token": token},
        headers={**HTML, **(headers or {})},
        follow_redirects=False,
    )


async def outbox(engine: AsyncEngine, to: str | None = None) -> list[OutboxMessage]:
    """Queued mail, oldest first (optionally only to one address)."""
    async with create_session_maker(engine)() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if to is not None:
            query = query.where(OutboxMessage.to_address == to)
        return list(await session.scalars(query))


def link_in(body: str, path_prefix: str) -> str:
    """The path of the first link in ``body`` starting with ``path_prefix``."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}[^\s]+)", body)
    assert match, f"no {path_prefix} link in: {body}"
    return match.group(1)
