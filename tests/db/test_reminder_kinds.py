"""Reminder kinds are stored as their plain text and read back as `ReminderKind`."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Reminder
from db.repo.reminders import add_one_shot, find_reminder
from db.repo.users import get_or_create_user
from db.types import utcnow
from db.vocab import ReminderKind


async def test_kinds_round_trip_as_plain_text(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        user = await get_or_create_user(session, 5, 5)
        await add_one_shot(session, user.id, ReminderKind.POST_ACTIVITY, utcnow(), {})
        session.add(Reminder(user_id=user.id, kind="sit", payload={}, attempts=0))
        await session.commit()
    async with sessionmaker() as session:
        raw = await session.execute(text("SELECT kind FROM reminders ORDER BY kind"))
        assert [row[0] for row in raw] == ["post_activity", "sit"]
        found = await find_reminder(session, user.id, ReminderKind.SIT)
        assert found is not None and found.kind is ReminderKind.SIT
        kinds = (await session.execute(select(Reminder.kind))).scalars().all()
        assert all(isinstance(kind, ReminderKind) for kind in kinds)


async def test_a_misspelt_kind_is_refused(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session:
        user = await get_or_create_user(session, 6, 6)
        session.add(Reminder(user_id=user.id, kind="brake", payload={}, attempts=0))
        with pytest.raises(StatementError):
            await session.flush()
