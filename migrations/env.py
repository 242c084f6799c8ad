"""Alembic environment: runs on the async engine Stepwise itself uses.

The URL comes from ``planner.core.settings`` (``PLANNER_DATABASE_URL``), or from
``config.attributes["database_url"]`` when a test or ``planner db`` passes one.
SQLite runs in batch mode so ALTER-heavy migrations work there too.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from planner.core.db import create_engine, is_sqlite
from planner.core.migrations import compare_type
from planner.core.settings import Settings
from planner.models import schema_metadata

config = context.config
target_metadata = schema_metadata()


def _database_url() -> str:
    url = config.attributes.get("database_url")
    if isinstance(url, str) and url:
        return url
    return Settings.from_env().database_url


def _configure(connection: Connection | None, url: str) -> None:
    context.configure(
        connection=connection,
        url=None if connection is not None else url,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite(url),
        compare_type=compare_type,
        compare_server_default=True,
        literal_binds=connection is None,
    )


def run_migrations_offline() -> None:
    """Print SQL instead of running it (``alembic upgrade --sql``)."""
    url = _database_url()
    _configure(None, url)
    with context.begin_transaction():
        context.run_migrations()


def _run_sync(connection: Connection) -> None:
    url = str(connection.engine.url)
    _configure(connection, url)
    with context.begin_transaction():
        context.run_migrations()
        if is_sqlite(url):
            # Foreign keys were off so batch mode could rebuild tables; prove nothing broke.
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                msg = f"Migration left rows pointing nowhere: {broken[:5]}"
                raise RuntimeError(msg)


async def run_migrations_online() -> None:
    """Run the migrations on the configured database."""
    url = _database_url()
    engine = create_engine(url, sqlite_foreign_keys=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_sync)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
