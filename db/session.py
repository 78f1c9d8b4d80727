"""One engine per database URL and a session factory; one session per unit of work."""

import sqlite3
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

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

_T = TypeVar("_T")

# Connections (each with its own aiosqlite thread) to one SQLite file. SQLite runs one writer
# at a time and Python one thread at a time, so more connections add no throughput, only
# threads waiting for the interpreter lock: with 32 updates in flight, `bench updates` handled
# /help at 277/s with 1, 257/s with 2, 212/s with 4 and 176/s with SQLAlchemy's 5 + 10.
# Two, so one long read (an export, a chart) never holds up everyone else. No session is ever
# opened while another is held, so a small pool cannot deadlock.
SQLITE_CONNECTIONS = 2

# SQLite lets go of the interpreter lock while it works and must take it back for every row.
# Python's default switch interval (5 ms) is how long the connection's thread may then wait
# behind a busy event loop, so a group commit of a dozen rows can take tens of milliseconds
# while its sends wait for their fence. At 0.5 ms, dispatch rounds of 2,000 reminders took a
# median 6.22 ms per reminder against 6.89 at 5 ms (five interleaved rounds each, one process).
SQLITE_SWITCH_INTERVAL = 0.0005


def _sqlite_pragmas(dbapi_connection: object, _record: ConnectionPoolEntry) -> None:
    """WAL lets readers run beside the dispatcher's writes; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class _OneTripCursor:
    """A cursor whose every statement is one trip to the connection's thread.

    aiosqlite's own cursor makes four: open the cursor, execute, fetch the rows, close.
    SQLAlchemy always fetches every row of a result at once (we never stream), so the rows,
    the description and the counts are read in the same trip and kept here.
    """

    arraysize = 1

    def __init__(self, connection: "_SQLiteConnection") -> None:
        self._connection = connection
        self._rows: list[Any] = []
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    def _run(self, many: bool, sql: str, parameters: Any) -> tuple[list[Any], Any, int, Any]:
        """In the connection's thread: the statement, its rows and counts, cursor closed."""
        cursor = self._connection.sqlite()
        try:
            if many:
                cursor.executemany(sql, parameters)
            else:
                cursor.execute(sql, parameters)
            rows = cursor.fetchall() if cursor.description else []
            return rows, cursor.description, cursor.rowcount, cursor.lastrowid
        finally:
            cursor.close()

    async def _trip(self, many: bool, sql: str, parameters: Any) -> "_OneTripCursor":
        result = await self._connection.in_thread(partial(self._run, many, sql, parameters))
        self._rows, self.description, self.rowcount, self.lastrowid = result
        return self

    async def execute(self, sql: str, parameters: Any = None) -> "_OneTripCursor":
        return await self._trip(False, sql, () if parameters is None else parameters)

    async def executemany(self, sql: str, parameters: Any) -> "_OneTripCursor":
        return await self._trip(True, sql, parameters)

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = self.arraysize if size is None else size
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def close(self) -> None:
        self._rows = []

    async def __aenter__(self) -> "_OneTripCursor":
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()


class _SQLiteConnection(aiosqlite.Connection):
    """aiosqlite's connection with fewer trips to its thread: one per statement (see
    `_OneTripCursor`), and none for a commit or rollback that has nothing to end.

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

    def cursor(self) -> _OneTripCursor:  # type: ignore[override]
        """No trip at all: the sqlite3 cursor is opened with the statement it runs."""
        return _OneTripCursor(self)

    async def in_thread(self, work: Callable[[], _T]) -> _T:
        """Run `work` in the connection's thread (aiosqlite's queue) and wait for its answer."""
        return await self._execute(work)  # type: ignore[no-untyped-call,no-any-return]

    def sqlite(self) -> sqlite3.Cursor:
        """A new sqlite3 cursor; only for code running in the connection's thread."""
        return self._conn.cursor()


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
    SQLite waits at most its busy timeout for a lock. A SQLite engine shortens the process's
    thread switch interval (see `SQLITE_SWITCH_INTERVAL`).
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
    pool: dict[str, Any] = {}
    creator = None
    if url.startswith("sqlite+aiosqlite"):
        sys.setswitchinterval(min(sys.getswitchinterval(), SQLITE_SWITCH_INTERVAL))
        parsed = make_url(url)
        creator = _sqlite_connector(parsed)
        if parsed.database not in (None, "", ":memory:"):
            pool = {"pool_size": SQLITE_CONNECTIONS, "max_overflow": 0}
    engine = create_async_engine(
        url,
        echo=echo,
        pool_pre_ping=not url.startswith("sqlite"),
        connect_args=connect_args,
        async_creator=creator,
        **pool,
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
