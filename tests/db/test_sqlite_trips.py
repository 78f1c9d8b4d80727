"""SQLite statements cost one trip to aiosqlite's thread each, and still return what sqlite3 would:
rows, row counts, the last row id, and errors."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from db.session import _SQLiteConnection, make_engine


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
