"""Column helpers shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Enum
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.db import DateTimeUTC


def utc_now() -> datetime:
    """Default for audit columns."""
    return datetime.now(UTC)


def enum_column(enum: type[StrEnum], length: int = 20) -> Enum:
    """A portable enum column: stored as its string value, checked by the database."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
        name=enum.__name__.lower(),
    )


class Timestamped:
    """``created_at`` / ``updated_at`` columns, always timezone-aware UTC."""

    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTimeUTC(timezone=True), default=utc_now, onupdate=utc_now
    )
