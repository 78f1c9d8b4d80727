"""One engine per database URL and a session factory; one session per unit of work."""

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry


def _sqlite_pragmas(dbapi_connection: object, _record: ConnectionPoolEntry) -> None:
    """WAL lets readers run beside the dispatcher's writes; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


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
    engine = create_async_engine(
        url, echo=echo, pool_pre_ping=not url.startswith("sqlite"), connect_args=connect_args
    )
    if engine.dialect.name == "sqlite":
        sync_engine: Engine = engine.sync_engine
        event.listen(sync_engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit, so handlers can render them."""
    return async_sessionmaker(engine, expire_on_commit=False)
