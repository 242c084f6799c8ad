"""``/api/v1/tags``: the accessibility vocabulary."""

from __future__ import annotations

import msgspec
from litestar import get
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from planner.tags.services import list_tags


class TagOut(msgspec.Struct, frozen=True):
    """One accessibility tag."""

    key: str
    label: str
    category: str
    description: str
    schema_org_feature: str | None
    osm_key: str | None


@get("/api/v1/tags", tags=["tags"], summary="The accessibility vocabulary")
async def list_tags_api(db_session: NamedDependency[AsyncSession]) -> list[TagOut]:
    """Every accessibility tag with its plain-language description."""
    return [
        TagOut(
            key=tag.key,
            label=tag.label,
            category=tag.category.value,
            description=tag.description,
            schema_org_feature=tag.schema_org_feature,
            osm_key=tag.osm_key,
        )
        for tag in await list_tags(db_session)
    ]
