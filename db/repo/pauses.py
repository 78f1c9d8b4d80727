"""Pause history: when the user paused, so their statistics can tell a pause from a lapse."""

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Pause


async def record_pause(session: AsyncSession, user_id: int, start: datetime, end: datetime) -> None:
    """A new pause; one that overlaps an earlier pause simply adds to it."""
    session.add(Pause(user_id=user_id, starts_at=start, ends_at=end))
    await session.flush()


async def end_pauses(session: AsyncSession, user_id: int, now: datetime) -> None:
    """The user resumed early: pauses still running end now."""
    await session.execute(
        update(Pause).where(Pause.user_id == user_id, Pause.ends_at > now).values(ends_at=now)
    )
