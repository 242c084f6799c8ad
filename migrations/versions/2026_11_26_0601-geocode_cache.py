"""Geocode cache: remote geocoder answers (Nominatim) kept so each place is asked once.

Revision ID: 20261126_0601
Revises: 20261126_0301
Create Date: 2026-11-26 16:00:00+00:00
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "20261126_0601"
down_revision: str | None = "20261126_0301"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "geocode_cache",
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("query_key", sa.String(length=120), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("provider", "query_key", name=op.f("pk_geocode_cache")),
    )


def downgrade() -> None:
    op.drop_table("geocode_cache")
