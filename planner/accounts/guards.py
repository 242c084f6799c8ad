"""Who is asking: dependencies that load the signed-in account and guard routes.

Handlers ask for what they need by name:

- ``current_account: Account | None`` — whoever is signed in, or None;
- ``account: Account`` — signed in (otherwise people are sent to sign in);
- ``organiser: Account`` — a pending or verified organiser (drafts are allowed);
- ``verified_organiser: Account`` — may publish;
- ``moderator: Account`` — a moderator or admin;
- ``api_account: Account`` — a verified organiser presenting an API token.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account, ApiToken, OrganiserStatus
from planner.core.clock import Clock
from planner.core.settings import Settings
from planner.core.templating import ACCOUNT_STATE_KEY
from planner.core.tokens import hash_token

STATE_KEY: Final = ACCOUNT_STATE_KEY
SESSION_ACCOUNT: Final = "account_id"
SESSION_EPOCH: Final = "epoch"
SESSION_SIGNED_IN: Final = "signed_in_at"
SESSION_SEEN: Final = "seen_at"


def start_session(request: Request[Any, Any, Any], account: Account, now: datetime) -> None:
    """Remember who signed in (the caller rotates the session id)."""
    stamp = now.timestamp()
    request.set_session(
        {
            SESSION_ACCOUNT: account.id,
            SESSION_EPOCH: account.session_epoch,
            SESSION_SIGNED_IN: stamp,
            SESSION_SEEN: stamp,
        }
    )
    request.scope.setdefault("state", {})[STATE_KEY] = account


def _session_is_fresh(session: dict[str, Any], now: datetime, settings: Settings) -> bool:
    stamp = now.timestamp()
    idle = settings.security.session_idle_minutes * 60
    absolute = settings.security.session_max_hours * 3600
    seen = float(session.get(SESSION_SEEN, 0))
    signed_in = float(session.get(SESSION_SIGNED_IN, 0))
    return stamp - seen <= idle and stamp - signed_in <= absolute


async def provide_current_account(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
) -> Account | None:
    """The signed-in account, or None (an expired or outdated session is cleared)."""
    state = request.scope.setdefault("state", {})
    if STATE_KEY in state:
        cached: Account | None = state[STATE_KEY]
        return cached
    account: Account | None = None
    raw_session = request.scope.get("session")
    session: dict[str, Any] = raw_session if isinstance(raw_session, dict) else {}
    account_id = session.get(SESSION_ACCOUNT)
    if account_id is not None:
        now = clock.now()
        account = await db_session.get(Account, int(account_id))
        if (
            account is None
            or account.session_epoch != session.get(SESSION_EPOCH)
            or not _session_is_fresh(session, now, settings)
        ):
            account = None
            request.clear_session()
        else:
            session[SESSION_SEEN] = now.timestamp()
    state[STATE_KEY] = account
    return account


def provide_account(current_account: NamedDependency[Account | None]) -> Account:
    """Signed in, or a 401 that pages turn into "please sign in"."""
    if current_account is None:
        raise NotAuthorizedException(detail="Please sign in to continue.")
    return current_account


def provide_organiser(account: NamedDependency[Account]) -> Account:
    """An organiser whose request is pending or verified."""
    if account.organiser_status not in {OrganiserStatus.PENDING, OrganiserStatus.VERIFIED}:
        raise PermissionDeniedException(detail="This part of Stepwise is for organisers.")
    return account


def provide_verified_organiser(organiser: NamedDependency[Account]) -> Account:
    """An organiser a moderator has verified."""
    if organiser.organiser_status is not OrganiserStatus.VERIFIED:
        raise PermissionDeniedException(
            detail="A moderator needs to verify your group before you can publish."
        )
    return organiser


def provide_moderator(account: NamedDependency[Account]) -> Account:
    """A moderator or admin."""
    if not account.is_moderator:
        raise PermissionDeniedException(detail="This part of Stepwise is for moderators.")
    return account


async def provide_api_account(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    clock: NamedDependency[Clock],
) -> Account:
    """The verified organiser behind ``Authorization: Bearer <token>``."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthorizedException(
            detail="Send a personal API token as 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    row = await db_session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == hash_token(token.strip()), ApiToken.revoked_at.is_(None)
        )
    )
    account = await db_session.get(Account, row.account_id) if row is not None else None
    if row is None or account is None:
        raise NotAuthorizedException(
            detail="That API token is not valid (it may have been revoked).",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if account.organiser_status is not OrganiserStatus.VERIFIED:
        raise PermissionDeniedException(detail="Only verified organisers can use the API.")
    row.last_used_at = clock.now()
    return account


def auth_dependencies() -> dict[str, Provide]:
    """Register these on the app."""
    return {
        "current_account": Provide(provide_current_account),
        "account": Provide(provide_account, sync_to_thread=False),
        "organiser": Provide(provide_organiser, sync_to_thread=False),
        "verified_organiser": Provide(provide_verified_organiser, sync_to_thread=False),
        "moderator": Provide(provide_moderator, sync_to_thread=False),
        "api_account": Provide(provide_api_account),
    }
