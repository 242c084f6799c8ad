"""People with an account: organisers, moderators, admins (survivors need none)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from advanced_alchemy.extensions.litestar.store import StoreModelMixin
from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from planner.core.db import Base, DateTimeUTC
from planner.core.models import Timestamped, enum_column


class Role(StrEnum):
    """What an account may do on the site."""

    MEMBER = "member"
    ORGANISER = "organiser"
    MODERATOR = "moderator"
    ADMIN = "admin"


class OrganiserStatus(StrEnum):
    """Where an account stands on the way to publishing gatherings."""

    NONE = "none"
    PENDING = "pending"
    VERIFIED = "verified"
    DECLINED = "declined"
    SUSPENDED = "suspended"


class Account(Timestamped, Base):
    """A registered person. Emails are stored lower-cased, so uniqueness ignores case."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.MEMBER)
    organiser_status: Mapped[OrganiserStatus] = mapped_column(
        enum_column(OrganiserStatus), default=OrganiserStatus.NONE
    )
    email_verified_at: Mapped[datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), default=None
    )
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    """Bumped when the password changes: every older session stops working."""
    group_name: Mapped[str] = mapped_column(String(120), default="")
    group_about: Mapped[str] = mapped_column(Text, default="")
    group_contact: Mapped[str] = mapped_column(String(300), default="")
    organiser_note: Mapped[str] = mapped_column(Text, default="")
    """A moderator's reason when declining or suspending, shown to the organiser."""
    # none_as_null: forgetting stores SQL NULL, not the JSON text 'null' (same schema).
    comfort_profile: Mapped[dict[str, Any] | None] = mapped_column(
        JSON(none_as_null=True), default=None
    )
    """The member's saved comfort profile (``ComfortProfile.to_data()``), or None.
    Private: it never leaves the account's own pages."""

    @validates("email")
    def _normalise_email(self, _key: str, email: str) -> str:
        # One person, one account, whatever the capitalisation they type.
        return email.strip().lower()

    @property
    def is_verified_organiser(self) -> bool:
        """Verified organisers get a badge on their gatherings."""
        return self.organiser_status is OrganiserStatus.VERIFIED

    @property
    def is_moderator(self) -> bool:
        """Moderators and admins keep the community safe."""
        return self.role in {Role.MODERATOR, Role.ADMIN}

    @property
    def public_name(self) -> str:
        """The name shown on gatherings: the group's, once it has one."""
        return self.group_name or self.display_name


class TokenPurpose(StrEnum):
    """What a one-time emailed link is for."""

    CONFIRM_EMAIL = "confirm_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a purpose, not a password


class AccountToken(Base):
    """A one-time, expiring link sent by email. Only the token's hash is stored."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class ApiToken(Base):
    """A personal API token for integrations (``Authorization: Bearer …``), stored hashed."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    """The first characters, so a person can tell their tokens apart."""
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class WebSession(StoreModelMixin):
    """Server-side session data (Advanced Alchemy's store model), so sessions survive
    restarts and are shared by every worker process."""

    __tablename__ = "web_sessions"
