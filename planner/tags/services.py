"""Reading the accessibility vocabulary."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from planner.tags.models import AccessibilityTag, TagCategory


async def list_tags(session: AsyncSession) -> list[AccessibilityTag]:
    """Every tag, in the vocabulary's own order."""
    result = await session.scalars(select(AccessibilityTag).order_by(AccessibilityTag.position))
    return list(result)


def group_by_category(
    tags: list[AccessibilityTag],
) -> list[tuple[TagCategory, list[AccessibilityTag]]]:
    """Tags grouped under their category, categories in a fixed order."""
    return [
        (category, [tag for tag in tags if tag.category is category])
        for category in TagCategory
        if any(tag.category is category for tag in tags)
    ]
