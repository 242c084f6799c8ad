"""Write transactions: read-then-write units of work never lose an update."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from planner.accounts.models import Account
from planner.core.db import begin_write, create_session_maker, is_sqlite
from tests.factories import make_organiser


async def test_begin_write_with_row_lock_serialises_read_then_write(
    clean_database: AsyncEngine,
) -> None:
    """The pattern services use: ``begin_write`` (SQLite's write lock) plus
    ``FOR UPDATE`` (PostgreSQL's row lock; SQLAlchemy drops it on SQLite)."""
    maker = create_session_maker(clean_database)
    async with maker() as session:
        account = await make_organiser(session, display_name="0")
        await session.commit()
        account_id = account.id

    async def increment() -> None:
        async with maker() as session:
            await begin_write(session)
            row = await session.get_one(Account, account_id, with_for_update=True)
            await asyncio.sleep(0.005)  # widen the race window
            row.display_name = str(int(row.display_name) + 1)
            await session.commit()

    await asyncio.gather(*(increment() for _ in range(25)))

    async with maker() as session:
        name = await session.scalar(select(Account.display_name).where(Account.id == account_id))
    assert name == "25"


async def test_begin_write_after_a_read_is_refused_on_sqlite(
    clean_database: AsyncEngine, database_url: str
) -> None:
    maker = create_session_maker(clean_database)
    async with maker() as session:
        await session.scalar(select(Account.id))
        if is_sqlite(database_url):
            with pytest.raises(RuntimeError, match="before the transaction's first query"):
                await begin_write(session)
        else:
            await begin_write(session)  # harmless on PostgreSQL


async def test_emails_are_stored_lower_case(clean_database: AsyncEngine) -> None:
    async with create_session_maker(clean_database)() as session:
        account = await make_organiser(session, email="  Sam.Host@Example.ORG ")
        assert account.email == "sam.host@example.org"
