"""Run Alembic from code: ``planner db …``, ``planner serve`` and the tests use this."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advanced_alchemy.types import GUID
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Column
from sqlalchemy.types import TypeEngine

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def compare_type(
    _context: MigrationContext,
    _inspected_column: Column[Any],
    _metadata_column: Column[Any],
    _inspected_type: TypeEngine[Any],
    metadata_type: TypeEngine[Any],
) -> bool | None:
    """Autogenerate's type comparison, minus a false alarm: Advanced Alchemy's GUID is
    stored as BINARY/NUMERIC on SQLite and reflects as such. ``None`` means "use the default"."""
    if isinstance(metadata_type, GUID):
        return False
    return None


def alembic_config(database_url: str) -> Config:
    """An Alembic config for the repository's migrations and the given database."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply migrations up to ``revision``."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    """Revert migrations down to ``revision``."""
    command.downgrade(alembic_config(database_url), revision)
