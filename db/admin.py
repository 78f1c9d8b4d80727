"""One-off database chores by URL: migrating, and statements that can't run in a transaction."""

from sqlalchemy import text

from db.migrate import upgrade
from db.session import make_engine


async def migrate(url: str) -> None:
    """Bring the database at `url` to the newest schema."""
    engine = make_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def execute_autocommit(url: str, statement: str) -> None:
    """Run e.g. CREATE DATABASE, which PostgreSQL refuses inside a transaction."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(statement))
    finally:
        await engine.dispose()
