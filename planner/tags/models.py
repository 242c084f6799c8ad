"""The controlled accessibility vocabulary, seeded by a migration."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.db import Base
from planner.core.models import enum_column


class TagCategory(StrEnum):
    """Groups tags so people can scan for what matters to them."""

    SENSORY = "sensory"
    MOBILITY = "mobility"
    COMMUNICATION = "communication"
    STRUCTURE = "structure"
    WELLBEING = "wellbeing"


class AccessibilityTag(Base):
    """One accessibility feature, described in plain language."""

    __tablename__ = "accessibility_tags"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    label: Mapped[str] = mapped_column(String(80))
    category: Mapped[TagCategory] = mapped_column(enum_column(TagCategory))
    description: Mapped[str] = mapped_column(Text)
    schema_org_feature: Mapped[str | None] = mapped_column(String(80), default=None)
    osm_key: Mapped[str | None] = mapped_column(String(80), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)


event_tags = Table(
    "event_tags",
    Base.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_key", ForeignKey("accessibility_tags.key"), primary_key=True, index=True),
)

venue_tags = Table(
    "venue_tags",
    Base.metadata,
    Column("venue_id", ForeignKey("venues.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_key", ForeignKey("accessibility_tags.key"), primary_key=True, index=True),
)
