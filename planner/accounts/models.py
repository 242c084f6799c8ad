"""People with an account: organisers, moderators, admins (survivors need none)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, validates

from planner.core.db import Base
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

    @validates("email")
    def _normalise_email(self, _key: str, email: str) -> str:
        # One person, one account, whatever the capitalisation they type.
        return email.strip().lower()

    @property
    def is_verified_organiser(self) -> bool:
        """Verified organisers get a badge on their gatherings."""
        return self.organiser_status is OrganiserStatus.VERIFIED
