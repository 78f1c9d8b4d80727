"""/sit and /stand on both backends: what is returned and what the sitting reminder holds."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.sitting import SitOutcome, SitStart, stand_up, start_sitting
from db.models import User
from db.repo.reminders import find_reminder, recurring_reminder
from db.repo.users import get_or_create_user
from db.vocab import ReminderKind
from scheduler.sync import sync_reminders

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday, 10:00 in Berlin: work hours


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


async def _desk_worker(session: AsyncSession) -> User:
    user = await get_or_create_user(session, 1, 1, "Ada", "en")
    user.roles, user.timezone, user.onboarded_at = "desk", "Europe/Berlin", NOW - timedelta(days=9)
    await sync_reminders(session, user, NOW)
    return user


def _utc(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


async def test_sit_starts_a_session_once_and_stand_ends_it(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    started = await start_sitting(session, user, NOW)
    row = await recurring_reminder(session, user.id, ReminderKind.SIT)
    assert started.outcome == SitOutcome.STARTED and started.first_nudge is not None
    assert started.first_nudge > NOW and _utc(row.next_due) == started.first_nudge
    assert row.payload == {"started": NOW.isoformat()}
    again = await start_sitting(session, user, NOW + timedelta(minutes=5))
    assert again == SitStart(SitOutcome.ALREADY_SITTING)
    assert await stand_up(session, user, NOW + timedelta(hours=1)) == NOW
    assert row.next_due is None
    breaks = await recurring_reminder(session, user.id, ReminderKind.BREAK)
    assert breaks.next_due is not None and _utc(breaks.next_due) > NOW + timedelta(hours=1)
    assert await stand_up(session, user, NOW + timedelta(hours=2)) is None


async def test_stand_without_a_session_creates_nothing(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    assert await stand_up(session, user, NOW) is None
    assert await find_reminder(session, user.id, ReminderKind.SIT) is None


async def test_sit_needs_a_finished_setup_and_reminders_on(session: AsyncSession) -> None:
    user = await get_or_create_user(session, 2, 2, "Bo", "en")
    assert await start_sitting(session, user, NOW) == SitStart(SitOutcome.NOT_REGISTERED)
    user.timezone, user.onboarded_at, user.reminders_on = "Europe/Berlin", NOW, False
    assert await start_sitting(session, user, NOW) == SitStart(SitOutcome.REMINDERS_OFF)
    assert await find_reminder(session, user.id, ReminderKind.SIT) is None
