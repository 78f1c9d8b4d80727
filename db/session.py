"""One engine per database URL and a session factory; one session per unit of work."""

import sqlite3
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy import event, make_url
from sqlalchemy.engine import URL, Engine
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session
from sqlalchemy.pool import ConnectionPoolEntry

from db.models import Reminder


def _sqlite_pragmas(dbapi_connection: object, _record: ConnectionPoolEntry) -> None:
    """WAL lets readers run beside the dispatcher's writes; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class _SQLiteConnection(aiosqlite.Connection):
    """aiosqlite's connection, without the trip to its thread for a commit or rollback that
    has nothing to end.

    sqlite3 opens a transaction only before a write, so after a unit of work that only read
    there is none, and sqlite3's own commit and rollback then do nothing. SQLAlchemy still
    calls one at the end of every session and a rollback when the connection returns to the
    pool; aiosqlite would queue each to its thread and wake the event loop for the answer. The
    check is the one sqlite3 makes itself, read without the thread hop.
    """

    async def commit(self) -> None:
        if self.in_transaction:
            await super().commit()

    async def rollback(self) -> None:
        if self.in_transaction:
            await super().rollback()


def _sqlite_connector(url: URL) -> Callable[[], Awaitable[aiosqlite.Connection]]:
    """Opens `_SQLiteConnection`s with the arguments SQLAlchemy derives from the URL."""
    dialect = url.get_dialect(True)()
    args, kwargs = dialect.create_connect_args(url)

    async def connect() -> aiosqlite.Connection:
        connection = _SQLiteConnection(partial(sqlite3.connect, *args, **kwargs), 64)
        connection._thread.daemon = True  # as SQLAlchemy does: never hold up interpreter exit
        return await connection

    return connect


def make_engine(
    url: str,
    *,
    echo: bool = False,
    connect_timeout: float | None = None,
    statement_timeout: float | None = None,
) -> AsyncEngine:
    """An async engine with the settings each backend needs.

    The timeouts bound a PostgreSQL server that stopped answering: connecting gives up after
    `connect_timeout` seconds, and the server cancels a statement running longer than
    `statement_timeout` (the client gives up a second later, should the server be gone).
    SQLite waits at most its busy timeout for a lock.
    """
    connect_args: dict[str, Any] = {}
    if url.startswith("postgresql+asyncpg"):
        if connect_timeout is not None:
            connect_args["timeout"] = connect_timeout
        if statement_timeout is not None:
            connect_args["command_timeout"] = statement_timeout + 1
            connect_args["server_settings"] = {
                "statement_timeout": str(int(statement_timeout * 1000))
            }
    creator = _sqlite_connector(make_url(url)) if url.startswith("sqlite+aiosqlite") else None
    engine = create_async_engine(
        url,
        echo=echo,
        pool_pre_ping=not url.startswith("sqlite"),
        connect_args=connect_args,
        async_creator=creator,
    )
    if engine.dialect.name == "sqlite":
        sync_engine: Engine = engine.sync_engine
        event.listen(sync_engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit, so handlers can render them."""
    return async_sessionmaker(engine, expire_on_commit=False)


_ON_DUE = "limber.on_due"  # session.info key: called with the earliest due time committed
_EARLIEST = "limber.earliest_due"


def watch_due_times(
    sessionmaker: async_sessionmaker[AsyncSession], on_commit: Callable[[datetime], None]
) -> None:
    """After each commit (of this sessionmaker's sessions) that gave reminders a due time, call
    `on_commit` with the earliest one, so the dispatcher can wake for it instead of polling."""
    sessionmaker.configure(info={_ON_DUE: on_commit})
    if not event.contains(Session, "after_flush", _collect_due):
        event.listen(Session, "after_flush", _collect_due)
        event.listen(Session, "after_commit", _report_due)
        event.listen(Session, "after_rollback", _forget_due)


def _collect_due(session: Session, _context: object) -> None:
    if _ON_DUE not in session.info:
        return
    dues = [
        item.next_due
        for item in (*session.new, *session.dirty)
        if isinstance(item, Reminder) and item.next_due is not None
    ]
    if dues:
        earlier = session.info.get(_EARLIEST)
        session.info[_EARLIEST] = min(dues) if earlier is None else min(earlier, *dues)


def _report_due(session: Session) -> None:
    earliest = session.info.pop(_EARLIEST, None)
    if earliest is not None:
        session.info[_ON_DUE](earliest)


def _forget_due(session: Session) -> None:
    session.info.pop(_EARLIEST, None)
