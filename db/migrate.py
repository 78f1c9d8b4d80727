"""Run Alembic migrations from code: `python -m bot migrate` and bot start-up use this."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
LOCK_KEY = 0x4C696D626572  # "Limber": the advisory lock every migrating process takes


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our migrations, with no ini file needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _upgrade(connection: Connection, config: Config, revision: str) -> None:
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database to `revision`, sharing the engine's connection (Alembic cookbook).

    On PostgreSQL the migration runs under a transaction-level advisory lock: when several
    processes start at the same moment, one migrates and the others wait, then find the
    schema current and do nothing. SQLite serialises writers by itself.
    """
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # A migration (or the wait for another process's) may rightly run long.
            await connection.execute(text("SET LOCAL statement_timeout = 0"))
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        await connection.run_sync(_upgrade, config, revision)
