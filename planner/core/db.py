"""Database engine, declarative base and transaction helpers.

SQLite needs care to be a correct multi-writer database:

- WAL so readers never block the writer, ``synchronous=FULL`` so a committed
  RSVP survives a power cut, and a busy timeout so writers queue instead of
  failing with "database is locked".
- Python's sqlite3 sends ``BEGIN`` lazily (before the first write) and
  SQLAlchemy drops ``FOR UPDATE`` on SQLite, so a "read, then write"
  transaction is not isolated. We take over transaction control (the pysqlite
  recipe in SQLAlchemy's docs) and start *write* transactions with
  ``BEGIN IMMEDIATE``, which takes the database's write lock up front.
  Read-only transactions stay ``BEGIN DEFERRED`` so page views never queue.

Services that read and then write call :func:`begin_write` first; on PostgreSQL
they lock the rows they depend on with :func:`lock_for_update`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, Final

from advanced_alchemy.types import DateTimeUTC
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry

__all__ = [
    "Base",
    "DateTimeUTC",
    "begin_write",
    "commit_before_send",
    "create_engine",
    "create_session_maker",
    "is_sqlite",
]

WRITE_OPTION: Final = "planner_write_transaction"

NAMING_CONVENTION: Final = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every Stepwise table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url: str) -> bool:
    """True when the URL points at SQLite."""
    return url.startswith("sqlite")


def create_engine(
    url: str,
    *,
    echo: bool = False,
    pool_size: int = 10,
    busy_timeout_ms: int = 15_000,
    sqlite_foreign_keys: bool = True,
) -> AsyncEngine:
    """Create the async engine, with SQLite made safe for concurrent writers.

    ``sqlite_foreign_keys=False`` is for migrations only: SQLite's batch mode
    rebuilds a table by copying it, which referencing rows would otherwise block.

    Statement parameters are never logged, not even with ``echo`` on, at debug
    level, or in an error's message: they carry emails, access needs and comfort
    profiles.
    """
    if not is_sqlite(url):
        return create_async_engine(
            url,
            echo=echo,
            hide_parameters=True,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
        )
    # aiosqlite's debug log repeats every statement with its parameters and rows,
    # whatever hide_parameters says: it never gets that far.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)
    engine = create_async_engine(
        url,
        echo=echo,
        hide_parameters=True,
        connect_args={"timeout": busy_timeout_ms / 1000},
    )
    _make_sqlite_transactional(engine, busy_timeout_ms, foreign_keys=sqlite_foreign_keys)
    return engine


def _make_sqlite_transactional(
    engine: AsyncEngine, busy_timeout_ms: int, *, foreign_keys: bool
) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Stop the driver from emitting BEGIN itself; the "begin" hook below does it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def create_session_maker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (templates read them)."""
    return async_sessionmaker(engine, expire_on_commit=False)


async def begin_write(session: AsyncSession) -> None:
    """Start the session's transaction as a write transaction.

    Call this before the first query of any unit of work that reads and then
    writes on what it read (capacity checks, slug allocation). On SQLite it
    takes the write lock (``BEGIN IMMEDIATE``); on PostgreSQL it is a plain
    ``BEGIN`` and the service locks rows with ``SELECT … FOR UPDATE``.
    """
    if session.in_transaction():
        connection = (await session.connection()).sync_connection
        if (
            connection is not None
            and is_sqlite(str(connection.engine.url))
            and not connection.get_execution_options().get(WRITE_OPTION)
        ):
            msg = "begin_write() must run before the transaction's first query"
            raise RuntimeError(msg)
        return
    await session.connection(execution_options={WRITE_OPTION: True})


def commit_before_send(
    finish: Callable[[Message, Scope], Awaitable[None]],
) -> Callable[[ASGIApp], ASGIApp]:
    """Middleware that finishes the request's transaction (``finish``: commit or roll
    back, then close) when the response starts, before outer middleware runs."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return

            async def finish_then_send(message: Message) -> None:
                if message["type"] == "http.response.start":
                    await finish(message, scope)
                await send(message)

            await app(scope, receive, finish_then_send)

        return middleware

    return wrap
