"""Server-side sessions that rotate their id at sign-in and sign-out.

Litestar 2.25 keeps whatever session id the browser presents, so an id planted
before sign-in would stay valid after it (session fixation). The backend below
issues a fresh id whenever :func:`rotate_session` was called in the request,
and deletes the old one. It also never writes a session, or sets a cookie, for
someone who isn't signed in: browsing stays anonymous and costs no writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.stores.base import Store
from litestar.types import Empty, Message, ScopeSession
from litestar.utils.dataclass import extract_dataclass_items

from planner.core.settings import Settings

ROTATE_FLAG: Final = "planner_rotate_session"
STORE_NAME: Final = "sessions"
# Routes that never need a session: skip the middleware (and its store reads) there.
# Public calendar files and feeds are the same for everyone and may be cached by
# anyone, so they must never carry a refreshed session cookie.
SESSIONLESS_PATHS: Final = [
    "^/static/",
    "^/api/",
    "^/health",
    "^/ping",
    "^/schema",
    "^/feeds/",
    r"^/events/[^/]+\.ics$",
    r"^/calendar/[^/]+\.ics$",
]


def rotate_session(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """Give this browser a brand-new session id when the response is sent."""
    connection.scope.setdefault("state", {})[ROTATE_FLAG] = True


class RotatingSessionBackend(ServerSideSessionBackend):
    """Litestar's server-side backend, plus id rotation and no anonymous sessions."""

    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        """Persist the session and set (or clear) the cookie."""
        presented = connection.cookies.get(self.config.key)
        has_cookie = bool(presented) and presented != "null"
        rotate = bool(connection.scope.get("state", {}).get(ROTATE_FLAG))
        empty = scope_session is Empty or not scope_session
        if empty and not has_cookie:
            return  # anonymous browsing: nothing to store, no cookie to set
        if not rotate or empty:
            await super().store_in_message(Empty if empty else scope_session, message, connection)
            return

        store = self.config.get_store_from_app(connection.scope["app"])
        if has_cookie and presented:
            await self.delete(presented, store=store)
        session_id = self.generate_session_id()
        await self.set(
            session_id=session_id,
            data=self.serialize_data(scope_session, connection.scope),
            store=store,
        )
        cookie_params = dict(
            extract_dataclass_items(self.config, exclude_none=True, include=Cookie.__dict__.keys())
        )
        MutableScopeHeaders.from_message(message).add(
            "Set-Cookie",
            Cookie(value=session_id, key=self.config.key, **cookie_params).to_header(header=""),
        )


@dataclass
class RotatingSessionConfig(ServerSideSessionConfig):
    """Session config that uses :class:`RotatingSessionBackend`."""

    _backend_class = RotatingSessionBackend


def session_config(settings: Settings) -> RotatingSessionConfig:
    """Cookie names and flags: ``__Host-`` and ``Secure`` when served over https."""
    return RotatingSessionConfig(
        key="__Host-stepwise-session" if settings.https else "stepwise-session",
        secure=settings.https,
        httponly=True,
        samesite="lax",
        path="/",
        max_age=settings.security.session_max_hours * 3600,
        store=STORE_NAME,
        exclude=SESSIONLESS_PATHS,
    )


def session_store(settings: Settings, database_store: Store) -> Store:
    """Redis when configured (shared by every process), the database otherwise."""
    if settings.security.redis_url:
        from litestar.stores.redis import RedisStore  # noqa: PLC0415 - redis only when used

        return RedisStore.with_client(url=settings.security.redis_url, namespace="stepwise")
    return database_store
