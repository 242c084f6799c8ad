"""Personal API tokens: made on the settings page, shown once, stored hashed."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account, ApiToken
from planner.core.tokens import new_token

PREFIX_LENGTH: Final = 8


async def list_api_tokens(session: AsyncSession, account: Account) -> list[ApiToken]:
    """The account's tokens still in use, newest first."""
    return list(
        await session.scalars(
            select(ApiToken)
            .where(ApiToken.account_id == account.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


async def create_api_token(
    session: AsyncSession, account: Account, name: str, now: datetime
) -> str:
    """A new token; the plain text is returned this once and never stored."""
    token, token_hash = new_token()
    session.add(
        ApiToken(
            account_id=account.id,
            name=name,
            token_hash=token_hash,
            prefix=token[:PREFIX_LENGTH],
            created_at=now,
        )
    )
    await session.flush()
    return token


async def revoke_api_token(
    session: AsyncSession, account: Account, token_id: int, now: datetime
) -> bool:
    """Stop a token working at once; False when it isn't the account's."""
    row = await session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.account_id == account.id)
    )
    if row is None:
        return False
    row.revoked_at = row.revoked_at or now
    return True
