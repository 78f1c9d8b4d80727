"""The statements behind logging a ride agree with the plain ones they replace, on both engines."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repo.reminders import (
    distance_between,
    log_activity,
    newest_twin,
    total_distance,
    totals_after_logging,
    twin_activities,
)
from db.repo.users import get_or_create_user

NOW = datetime(2026, 3, 12, 18, 0, tzinfo=UTC)
MONDAY, THURSDAY = date(2026, 3, 9), date(2026, 3, 12)


async def test_newest_twin_is_the_last_twin_logged_since(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        user = await get_or_create_user(session, 5, 5)
        old = await log_activity(
            session, user.id, "ride", 10.0, THURSDAY, None, NOW - timedelta(hours=1)
        )
        first = await log_activity(
            session, user.id, "ride", 10.0004, THURSDAY, None, NOW - timedelta(minutes=9)
        )
        second = await log_activity(
            session, user.id, "ride", 10.0, THURSDAY, None, NOW - timedelta(minutes=2)
        )
        await log_activity(session, user.id, "ride", 10.1, THURSDAY, None, NOW)  # another distance
        await log_activity(session, user.id, "run", 10.0, THURSDAY, None, NOW)  # another kind
        await log_activity(session, user.id, "ride", 10.0, MONDAY, None, NOW)  # another day
        await session.commit()

        twins = await twin_activities(session, user.id, "ride", 10.0, THURSDAY)
        assert [twin.id for twin in twins] == [old.id, first.id, second.id]
        since = NOW - timedelta(minutes=10)
        assert await newest_twin(session, user.id, "ride", 10.0, THURSDAY, since) == (
            second.id,
            second.logged_at,
        )
        exactly = second.logged_at
        assert await newest_twin(session, user.id, "ride", 10.0, THURSDAY, exactly) is not None
        later = exactly + timedelta(microseconds=1)
        assert await newest_twin(session, user.id, "ride", 10.0, THURSDAY, later) is None
        assert await newest_twin(session, user.id, "ride", 12.0, THURSDAY, since) is None


async def test_totals_after_logging_match_the_two_queries_they_replace(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        user = await get_or_create_user(session, 6, 6)
        for kind, km, day in [
            ("ride", 40.0, date(2026, 2, 1)),  # an old ride: in the total, not the week
            ("ride", 12.5, MONDAY),
            ("run", 8.0, date(2026, 1, 5)),  # an old run only: no "run" in the week
            ("ride", 3.0, date(2026, 3, 13)),  # after the last day
        ]:
            await log_activity(session, user.id, kind, km, day, None, NOW)
        before = await total_distance(session, user.id, "ride")
        logged = await log_activity(session, user.id, "ride", 20.0, THURSDAY, None, NOW)
        week, total = await totals_after_logging(session, user.id, logged, MONDAY, THURSDAY)
        assert week == await distance_between(session, user.id, MONDAY, THURSDAY)
        assert week == {"ride": (32.5, 2)}
        assert total == before == 55.5

        first_run = await log_activity(session, user.id, "run", 5.0, THURSDAY, None, NOW)
        other = await get_or_create_user(session, 7, 7)
        await log_activity(session, other.id, "run", 99.0, THURSDAY, None, NOW)
        week, total = await totals_after_logging(session, user.id, first_run, MONDAY, THURSDAY)
        assert week == {"ride": (32.5, 2), "run": (5.0, 1)}
        assert total == 8.0
