"""Migrations are the only way the schema changes: they must build exactly the models."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, bindparam, inspect, text
from sqlalchemy.engine import Connection, make_url

from planner.core.db import DateTimeUTC, create_engine, is_sqlite
from planner.core.migrations import compare_type, downgrade, upgrade
from planner.models import schema_metadata
from tests.conftest import POSTGRES_URL, _asyncpg_dsn, _postgres_problem, _run_admin, _unavailable


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A brand-new, empty database of each kind, for this test alone."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    problem = asyncio.run(_postgres_problem(POSTGRES_URL))
    if problem:
        _unavailable(problem)
    name = f"stepwise_migrations_{secrets.token_hex(4)}"
    admin = _asyncpg_dsn(POSTGRES_URL)
    asyncio.run(_run_admin(admin, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_run_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _inspect(url: str, probe: Any) -> Any:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(probe)
    finally:
        await engine.dispose()


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": compare_type,
            "compare_server_default": True,
            "render_as_batch": is_sqlite(str(connection.engine.url)),
        },
    )
    merged = MetaData()
    for metadata in schema_metadata():
        for table in metadata.tables.values():
            table.to_metadata(merged)
    return list(compare_metadata(context, merged))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _tag_count(connection: Connection) -> int:
    return int(connection.execute(text("SELECT count(*) FROM accessibility_tags")).scalar_one())


async def test_upgrade_matches_models_and_downgrade_removes_everything(
    empty_database_url: str,
) -> None:
    url = empty_database_url
    await asyncio.to_thread(upgrade, url)

    assert await _inspect(url, _differences) == []
    assert await _inspect(url, _tables) >= {
        name for metadata in schema_metadata() for name in metadata.tables
    }
    assert await _inspect(url, _tag_count) >= 20

    await asyncio.to_thread(downgrade, url, "base")
    assert await _inspect(url, _tables) == {"alembic_version"}

    # And back up again: migrations are repeatable.
    await asyncio.to_thread(upgrade, url)
    assert await _inspect(url, _differences) == []


NOW = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)


def _add_rows_as_of_0002(connection: Connection) -> None:
    connection.execute(
        text(
            "INSERT INTO accounts (id, email, display_name, role, organiser_status,"
            " created_at, updated_at) VALUES (1, 'host@example.org', 'Host', 'organiser',"
            " 'verified', :now, :now)"
        ).bindparams(bindparam("now", type_=DateTimeUTC(timezone=True))),
        {"now": NOW},
    )
    connection.execute(
        text(
            "INSERT INTO venues (id, organiser_id, name, address, city, latitude, longitude,"
            " quiet_room_description, exits_description, transit_notes, parking_notes,"
            " created_at, updated_at) VALUES (1, 1, 'Hall', '1 Road', 'Leeds', 53.8, -1.5,"
            " '', '', '', '', :now, :now)"
        ).bindparams(bindparam("now", type_=DateTimeUTC(timezone=True))),
        {"now": NOW},
    )
    connection.execute(text("INSERT INTO venue_tags (venue_id, tag_key) VALUES (1, 'step-free')"))
    connection.commit()


def _account_row(connection: Connection) -> tuple[object, ...]:
    row = connection.execute(
        text("SELECT email, session_epoch, group_name, email_verified_at FROM accounts")
    ).one()
    return tuple(row)


async def test_upgrade_keeps_existing_rows(empty_database_url: str) -> None:
    """Later migrations run on databases that already hold data (SQLite batch mode
    rebuilds tables that other rows point at)."""
    url = empty_database_url
    await asyncio.to_thread(upgrade, url, "20261126_0002")
    await _inspect(url, _add_rows_as_of_0002)

    await asyncio.to_thread(upgrade, url)

    email, epoch, group, verified = await _inspect(url, _account_row)
    assert (email, epoch, group) == ("host@example.org", 0, "")
    assert verified is not None
