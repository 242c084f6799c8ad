"""Members can keep their comfort profile on their account, not only in a cookie.

Revision ID: 20261126_0603
Revises: 20261126_0501
Create Date: 2026-11-26 17:31:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261126_0603"
down_revision: str | None = "20261126_0501"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comfort_profile", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("comfort_profile")
