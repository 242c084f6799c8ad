"""Places where gatherings happen, owned and reused by an organiser."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.accounts.models import Account
from planner.core.db import Base, DateTimeUTC
from planner.core.models import Timestamped
from planner.tags.models import AccessibilityTag, venue_tags


class Venue(Timestamped, Base):
    """A place, with what a nervous first-time visitor needs to know about it."""

    __tablename__ = "venues"
    __table_args__ = (Index("ix_venues_latitude_longitude", "latitude", "longitude"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(300))
    city: Mapped[str] = mapped_column(String(120))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    quiet_room_description: Mapped[str] = mapped_column(Text, default="")
    exits_description: Mapped[str] = mapped_column(Text, default="")
    transit_notes: Mapped[str] = mapped_column(Text, default="")
    parking_notes: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)

    organiser: Mapped[Account] = relationship(lazy="raise")
    tags: Mapped[list[AccessibilityTag]] = relationship(
        secondary=venue_tags, lazy="raise", order_by=AccessibilityTag.position
    )
