"""A statement that hangs on PostgreSQL is cancelled by the engine's statement timeout, and the
error counts as an outage (the update waits it out instead of failing at once)."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.outage import is_outage
from db.session import make_engine

pytestmark = pytest.mark.postgres


async def test_a_hanging_statement_is_cancelled(postgres_url: str) -> None:
    engine = make_engine(postgres_url, connect_timeout=5, statement_timeout=0.2)
    try:
        async with engine.connect() as conn:
            with pytest.raises(DBAPIError) as raised:
                await conn.execute(text("SELECT pg_sleep(5)"))
    finally:
        await engine.dispose()
    assert getattr(raised.value.orig, "sqlstate", None) == "57014"
    assert is_outage(raised.value)
