"""SQLite statements cost one trip to aiosqlite's thread each, and still return what sqlite3 would:
rows, row counts, the last row id, and errors."""

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from db.session import (
    SQLITE_CONNECTIONS,
    SQLITE_SWITCH_INTERVAL,
    _SQLiteConnection,
    make_engine,
    make_sessionmaker,
)


async def test_each_statement_is_one_trip_with_its_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips = 0
    real = _SQLiteConnection.in_thread

    async def counted(self: _SQLiteConnection, work: Any) -> Any:
        nonlocal trips
        trips += 1
        return await real(self, work)

    monkeypatch.setattr(_SQLiteConnection, "in_thread", counted)
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path}/trips.db")
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, word TEXT UNIQUE)"))
            trips = 0
            inserted = await conn.execute(text("INSERT INTO t (word) VALUES ('a'), ('b')"))
            assert (inserted.rowcount, inserted.lastrowid, trips) == (2, 2, 1)
            many = await conn.execute(
                text("INSERT INTO t (word) VALUES (:w)"), [{"w": "c"}, {"w": "d"}]
            )
            assert (many.rowcount, trips) == (2, 2)
            rows = await conn.execute(text("SELECT word FROM t ORDER BY id"))
            assert (rows.scalars().all(), trips) == (["a", "b", "c", "d"], 3)
            one = await conn.execute(text("SELECT word FROM t WHERE id = 3"))
            assert (one.scalar_one(), trips) == ("c", 4)
            with pytest.raises(IntegrityError):
                await conn.execute(text("INSERT INTO t (word) VALUES ('a')"))
    finally:
        await engine.dispose()


async def test_many_sessions_at_once_share_two_connections(tmp_path: Path) -> None:
    """Thirty sessions at once all finish, on at most two connections (two aiosqlite
    threads), each waiting its turn instead of opening a thread of its own."""
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path}/pool.db")
    opened = 0

    def count(*_args: object) -> None:
        nonlocal opened
        opened += 1

    event.listen(engine.sync_engine, "connect", count)
    sessions = make_sessionmaker(engine)

    async def unit(number: int) -> int:
        async with sessions() as session:
            value = (await session.execute(text(f"SELECT {number}"))).scalar_one()
            await asyncio.sleep(0.01)  # hold the connection a while, as a busy update does
            return int(value)

    try:
        assert await asyncio.gather(*(unit(n) for n in range(30))) == list(range(30))
        assert opened == SQLITE_CONNECTIONS == 2
    finally:
        await engine.dispose()


async def test_a_sqlite_engine_shortens_the_thread_switch_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection's thread gets the interpreter back within half a millisecond instead of
    Python's default five; a shorter interval someone set already is kept; PostgreSQL, which
    runs no thread, leaves the interval alone."""
    monkeypatch.setattr("sys.getswitchinterval", lambda: 0.005)
    chosen: list[float] = []
    monkeypatch.setattr("sys.setswitchinterval", chosen.append)
    for url in (f"sqlite+aiosqlite:///{tmp_path}/a.db", "postgresql+asyncpg://u@127.0.0.1/x"):
        await make_engine(url).dispose()
    assert chosen == [SQLITE_SWITCH_INTERVAL] and SQLITE_SWITCH_INTERVAL <= 0.0005
    monkeypatch.setattr("sys.getswitchinterval", lambda: 0.0001)
    await make_engine(f"sqlite+aiosqlite:///{tmp_path}/b.db").dispose()
    assert chosen[-1] == 0.0001
