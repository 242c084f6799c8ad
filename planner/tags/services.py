"""Reading the accessibility vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from litestar.datastructures import State
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


@dataclass(frozen=True, slots=True)
class TagVocabulary:
    """The whole vocabulary, indexed the ways pages need it."""

    tags: list[AccessibilityTag]
    order: dict[str, int]
    by_key: dict[str, AccessibilityTag]
    groups: list[tuple[TagCategory, list[AccessibilityTag]]]

    @classmethod
    def of(cls, tags: list[AccessibilityTag]) -> TagVocabulary:
        """Index a list of tags."""
        return cls(
            tags=tags,
            order={tag.key: tag.position for tag in tags},
            by_key={tag.key: tag for tag in tags},
            groups=group_by_category(tags),
        )


VOCABULARY_STATE_KEY: Final = "tag_vocabulary"


async def cached_vocabulary(session: AsyncSession, state: State) -> TagVocabulary:
    """The vocabulary, read once per app instance (per worker process).

    Safe to keep: the vocabulary is reference data that only a migration changes,
    and migrations run before the app serves (``planner serve``). Each read-only
    row is detached from the session that loaded it (expunged), so it never
    lazy-loads on another request's connection.
    """
    cached: TagVocabulary | None = state.get(VOCABULARY_STATE_KEY)
    if cached is None:
        tags = await list_tags(session)
        for tag in tags:
            session.expunge(tag)
        cached = TagVocabulary.of(tags)
        state[VOCABULARY_STATE_KEY] = cached
    return cached
