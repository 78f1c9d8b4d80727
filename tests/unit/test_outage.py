"""Which database errors are an outage worth waiting out, and how the retry behaves."""

import sqlite3

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from bot.outage import OutageRetry, is_outage


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (DBAPIError("SELECT 1", {}, _PgError("57P03")), True),  # starting up
        (DBAPIError("SELECT 1", {}, _PgError("08006")), True),  # connection failure
        (DBAPIError("SELECT 1", {}, _PgError("57014")), True),  # statement timeout
        (IntegrityError("INSERT", {}, _PgError("23505")), False),  # a duplicate: a bug
        (OperationalError("x", {}, sqlite3.OperationalError("database is locked")), True),
        (OperationalError("x", {}, sqlite3.OperationalError("no such table: users")), False),
        (ConnectionRefusedError(111, "refused"), True),
        (ValueError("bad"), False),
    ],
)
def test_what_counts_as_an_outage(error: BaseException, expected: bool) -> None:
    assert is_outage(error) is expected


async def test_a_bug_is_raised_at_once_and_an_outage_past_the_budget() -> None:
    retry = OutageRetry(first_delay=0.01, max_delay=0.02)
    told: list[str] = []

    async def notify() -> None:
        told.append("told")
        raise RuntimeError("Telegram is away too")  # a failed notice does not stop the update

    async def bug() -> None:
        raise ValueError("bug")

    with pytest.raises(ValueError):
        await retry.run(bug, notify, budget=5)
    assert told == []

    async def down() -> None:
        raise ConnectionRefusedError(111, "refused")

    with pytest.raises(ConnectionRefusedError):
        await retry.run(down, notify, budget=0.1)
    assert told == ["told"] and retry.down

    calls = 0

    async def back_on_third() -> int:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise ConnectionRefusedError(111, "refused")
        return 42

    assert await retry.run(back_on_third, notify, budget=5) == 42
    assert not retry.down and calls == 3
