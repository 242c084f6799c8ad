"""Accounts: registering, confirming, signing in, passwords, asking to organise.

Answers never reveal whether an email is registered: registering with a known
address and asking to reset an unknown one look exactly like the other case,
and each sends (or doesn't send) mail that only the address's owner sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account, AccountToken, OrganiserStatus, Role, TokenPurpose
from planner.accounts.passwords import hash_password, needs_rehash, verify_password
from planner.core.db import begin_write
from planner.core.outbox import enqueue_mail
from planner.core.tokens import new_token

CONFIRM_TTL: Final = timedelta(days=2)
RESET_TTL: Final = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Links:
    """Where emailed links point."""

    base_url: str

    def confirm(self, token: str) -> str:
        """The email confirmation link."""
        return f"{self.base_url.rstrip('/')}/auth/confirm/{token}"

    def reset(self, token: str) -> str:
        """The password reset link."""
        return f"{self.base_url.rstrip('/')}/auth/reset/{token}"

    def sign_in(self) -> str:
        """The sign-in page."""
        return f"{self.base_url.rstrip('/')}/auth/login"


async def find_by_email(session: AsyncSession, email: str) -> Account | None:
    """The account for an email, ignoring case."""
    return await session.scalar(select(Account).where(Account.email == email.strip().lower()))


def _issue_token(
    session: AsyncSession, account: Account, purpose: TokenPurpose, now: datetime, ttl: timedelta
) -> str:
    token, token_hash = new_token()
    session.add(
        AccountToken(
            account_id=account.id,
            purpose=purpose,
            token_hash=token_hash,
            created_at=now,
            expires_at=now + ttl,
        )
    )
    return token


async def register(
    session: AsyncSession,
    *,
    email: str,
    display_name: str,
    password: str,
    now: datetime,
    links: Links,
) -> None:
    """Create an unconfirmed account and email a confirmation link; for a known
    address, email its owner instead. The caller shows the same page either way."""
    await begin_write(session)
    existing = await find_by_email(session, email)
    # Hash even when unused so both paths take the same time.
    password_hash = hash_password(password)
    if existing is not None:
        enqueue_mail(
            session,
            to=existing.email,
            subject="Someone tried to register with your email",
            body=(
                f"Hello {existing.display_name},\n\n"
                "Someone (perhaps you) tried to create a Stepwise account with this email "
                "address, but you already have one. You can sign in here:\n\n"
                f"{links.sign_in()}\n\n"
                "If you've forgotten your password, the sign-in page has a link to reset it. "
                "If this wasn't you, you don't need to do anything."
            ),
            now=now,
        )
        return
    account = Account(
        email=email,
        display_name=display_name.strip(),
        password_hash=password_hash,
        role=Role.MEMBER,
        organiser_status=OrganiserStatus.NONE,
        session_epoch=0,
        group_name="",
        group_about="",
        group_contact="",
        organiser_note="",
    )
    session.add(account)
    await session.flush()
    token = _issue_token(session, account, TokenPurpose.CONFIRM_EMAIL, now, CONFIRM_TTL)
    enqueue_mail(
        session,
        to=account.email,
        subject="Please confirm your email for Stepwise",
        body=(
            f"Hello {account.display_name},\n\n"
            "To finish creating your Stepwise account, open this link within two days:\n\n"
            f"{links.confirm(token)}\n\n"
            "If you didn't ask for this, you can ignore this message and nothing will happen."
        ),
        now=now,
    )


async def _use_token(
    session: AsyncSession, token_hash: str, purpose: TokenPurpose, now: datetime
) -> Account | None:
    row = await session.scalar(
        select(AccountToken)
        .where(AccountToken.token_hash == token_hash, AccountToken.purpose == purpose)
        .with_for_update()
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    row.used_at = now
    return await session.get(Account, row.account_id)


async def confirm_email(session: AsyncSession, token_hash: str, now: datetime) -> Account | None:
    """Mark the email confirmed; None for an unknown, used or expired link."""
    await begin_write(session)
    account = await _use_token(session, token_hash, TokenPurpose.CONFIRM_EMAIL, now)
    if account is not None and account.email_verified_at is None:
        account.email_verified_at = now
    return account


async def authenticate(session: AsyncSession, email: str, password: str) -> Account | None:
    """The account for these credentials, if the email is confirmed; same work either way."""
    account = await find_by_email(session, email)
    if not verify_password(account.password_hash if account else None, password):
        return None
    if account is None or account.email_verified_at is None:
        return None
    if account.password_hash and needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    return account


async def change_password(session: AsyncSession, account: Account, new_password: str) -> None:
    """Set a new password and end every other session (the caller starts a new one)."""
    account.password_hash = hash_password(new_password)
    account.session_epoch += 1
    await session.flush()


async def request_password_reset(
    session: AsyncSession, email: str, *, now: datetime, links: Links
) -> None:
    """Email a one-time reset link if the account exists; silence otherwise."""
    await begin_write(session)
    account = await find_by_email(session, email)
    if account is None:
        return
    token = _issue_token(session, account, TokenPurpose.RESET_PASSWORD, now, RESET_TTL)
    enqueue_mail(
        session,
        to=account.email,
        subject="Reset your Stepwise password",
        body=(
            f"Hello {account.display_name},\n\n"
            "You (or someone using your email address) asked to reset your Stepwise "
            "password. This link works once, for one hour:\n\n"
            f"{links.reset(token)}\n\n"
            "If you didn't ask for this, you can ignore this message: your password stays "
            "as it is."
        ),
        now=now,
    )


async def reset_token_is_usable(session: AsyncSession, token_hash: str, now: datetime) -> bool:
    """True while a reset link is unused and unexpired (to show the form or a kind note)."""
    row = await session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == token_hash,
            AccountToken.purpose == TokenPurpose.RESET_PASSWORD,
        )
    )
    return row is not None and row.used_at is None and row.expires_at > now


async def reset_password(
    session: AsyncSession, token_hash: str, new_password: str, now: datetime
) -> Account | None:
    """Use a reset link: set the password, confirm the email, end all sessions."""
    await begin_write(session)
    account = await _use_token(session, token_hash, TokenPurpose.RESET_PASSWORD, now)
    if account is None:
        return None
    # Every other outstanding reset link for this account stops working too.
    await session.execute(
        update(AccountToken)
        .where(
            AccountToken.account_id == account.id,
            AccountToken.purpose == TokenPurpose.RESET_PASSWORD,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    if account.email_verified_at is None:
        account.email_verified_at = now  # they proved they read this inbox
    await change_password(session, account, new_password)
    return account


async def request_organiser_status(
    session: AsyncSession, account: Account, *, group_name: str, group_about: str, contact: str
) -> None:
    """Ask a moderator to verify this account's group; it is pending until then."""
    account.group_name = group_name.strip()
    account.group_about = group_about.strip()
    account.group_contact = contact.strip()
    account.organiser_note = ""
    if account.organiser_status is not OrganiserStatus.VERIFIED:
        account.organiser_status = OrganiserStatus.PENDING
    if account.role is Role.MEMBER:
        account.role = Role.ORGANISER
    await session.flush()


async def create_or_promote_admin(
    session: AsyncSession, *, email: str, password: str, now: datetime
) -> tuple[Account, bool]:
    """``planner create-admin``: a confirmed admin with this password. True if created."""
    await begin_write(session)
    account = await find_by_email(session, email)
    created = account is None
    if account is None:
        account = Account(
            email=email,
            display_name=email.split("@", 1)[0],
            role=Role.ADMIN,
            organiser_status=OrganiserStatus.NONE,
            session_epoch=0,
            group_name="",
            group_about="",
            group_contact="",
            organiser_note="",
        )
        session.add(account)
    account.role = Role.ADMIN
    account.password_hash = hash_password(password)
    account.email_verified_at = account.email_verified_at or now
    account.session_epoch = (account.session_epoch or 0) + (0 if created else 1)
    await session.flush()
    return account, created
