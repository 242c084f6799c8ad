"""A cache of what the public sees, that is never stale after a commit.

Search results and event pages are read far more often than gatherings change, and
each costs a dozen milliseconds of queries. They are cached per app process, each
entry stamped with the **catalog version**: one row, bumped in the same transaction
as any change to what listings show (gatherings, their places, venues, tags,
organisers). A request reads the version (one primary-key read) and uses an entry
only if it was made at that version, so every process sees a change the moment it
commits, however many processes there are.

The bump is written in ``before_commit`` (so PostgreSQL holds the row's lock only
for the commit itself) and only by transactions that changed something watched;
the session hooks below notice changes made through the ORM and ORM-enabled
``insert()``/``update()``/``delete()``. Bulk loads that bypass sessions (the
benchmark's dataset) happen before a server starts.

Time matters too: "not ended yet" moves with the clock, so an entry also expires
:data:`FRESH_FOR` after it was made, by the app's clock.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, TypeVar

from sqlalchemy import BigInteger, Integer, select, update
from sqlalchemy import event as orm_event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    SessionTransaction,
    UOWTransaction,
    mapped_column,
)

from planner.core.db import Base

T = TypeVar("T")

FRESH_FOR: Final = timedelta(seconds=15)
"""How long an entry may be used at the same version: a gathering stays listed at
most this long after it ends."""
MAX_ENTRIES: Final = 2048
WATCHED_TABLES: Final = frozenset(
    {"events", "venues", "event_tags", "venue_tags", "accounts", "accessibility_tags"}
)
"""Tables whose rows show in public listings and event pages."""
CHANGED: Final = "stepwise.catalog_changed"


class CatalogVersion(Base):
    """The one row whose number changes with every commit that changes listings."""

    __tablename__ = "catalog_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


def _watched(table_name: str | None) -> bool:
    return table_name in WATCHED_TABLES


@orm_event.listens_for(Session, "before_flush")
def _notice_flush(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    # Collection changes (a gathering's tags) mark the owning object dirty, so the
    # owner's table is enough to notice them.
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(instance), "__tablename__", None)
        if _watched(table) and (instance not in session.dirty or session.is_modified(instance)):
            session.info[CHANGED] = True
            return


@orm_event.listens_for(Session, "do_orm_execute")
def _notice_statement(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if _watched(getattr(table, "name", None)):
        state.session.info[CHANGED] = True


@orm_event.listens_for(Session, "before_commit")
def _bump_on_commit(session: Session) -> None:
    # Commit flushes after this hook: flush now, so pending changes are noticed.
    session.flush()
    if session.info.pop(CHANGED, False):
        session.execute(
            update(CatalogVersion)
            .where(CatalogVersion.id == 1)
            .values(version=CatalogVersion.version + 1)
        )


@orm_event.listens_for(Session, "after_transaction_end")
def _forget_when_done(session: Session, transaction: SessionTransaction) -> None:
    # Only when the outermost transaction ends: a savepoint rolled back inside it
    # doesn't undo the changes made before the savepoint.
    if transaction.parent is None:
        session.info.pop(CHANGED, None)


_READ_VERSION: Final = select(CatalogVersion.version).where(CatalogVersion.id == 1)


async def catalog_version(session: AsyncSession) -> int | None:
    """The version as this transaction sees it; None if the row is missing (then
    nothing is cached, rather than trusting a number that never moves)."""
    version: int | None = await session.scalar(_READ_VERSION)
    return version


@dataclass(frozen=True, slots=True)
class _Entry:
    version: int
    made_at: datetime
    value: Any


class CatalogCache:
    """Entries by key, each usable only at the catalog version it was made at and for
    :data:`FRESH_FOR` after. Least recently used entries go first when full. Values
    must be treated as read-only by everyone who gets them."""

    def __init__(self, max_entries: int = MAX_ENTRIES, *, enabled: bool = True) -> None:
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._max = max_entries
        self.enabled = enabled
        self.hits = 0
        self.misses = 0

    async def get_or_make(
        self,
        session: AsyncSession,
        key: Hashable,
        make: Callable[[], Awaitable[T]],
        *,
        now: datetime,
    ) -> T:
        """The cached value for ``key`` if still good, else ``make()`` (and keep it).

        The version is read before ``make()`` runs: a change committed in between
        is either in what ``make()`` reads (newer than its stamp, harmless) or bumps
        the version past the stamp, so the entry is never used again."""
        if not self.enabled:
            return await make()
        version = await catalog_version(session)
        if version is None:
            return await make()
        entry = self._entries.get(key)
        if (
            entry is not None
            and entry.version == version
            and timedelta(0) <= now - entry.made_at < FRESH_FOR
        ):
            self._entries.move_to_end(key)
            self.hits += 1
            value: T = entry.value
            return value
        self.misses += 1
        value = await make()
        self._entries[key] = _Entry(version=version, made_at=now, value=value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()
