"""Logging a ride or run, however it came in (typed, or read from a file): the one use case.

The follow-ups are the same for every source: the week's totals, a milestone session when a
round mark in the user's unit is crossed (500 km or 300 mi of riding), otherwise post-activity
stretches after the user's chosen delay. Undo takes all of that back for one activity.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.parsing.activity import LoggedActivity
from bot.parsing.distance import in_unit
from db.models import Activity, User
from db.repo.reminders import (
    add_one_shot,
    distance_between,
    latest_activity,
    log_activity,
    newest_twin,
    reminders_of,
    totals_after_logging,
    twin_activities,
)
from db.vocab import FOLLOW_UPS, ReminderKind
from scheduler.plan import next_post_activity
from scheduler.policy import crossed_milestone, week_start
from scheduler.sync import receives_reminders, schedule_for

# The same ride or run logged again this soon is more likely a resent command than a second one.
REPEAT_WINDOW = timedelta(minutes=10)
# A log can be taken back for this long; older ones are history the user has built on.
UNDO_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Recorded:
    """What logging changed: the row, the week so far, and when stretches follow (if they do)."""

    activity: Activity
    entry: LoggedActivity
    week: dict[str, tuple[float, int]]
    milestone: int | None  # in the user's unit
    follow_up: datetime | None


@dataclass(frozen=True)
class Source:
    """Where a file-based activity came from, kept to recognise it when sent again."""

    started_at: datetime
    elevation_gain_m: float | None
    digest: str


async def record_activity(
    session: AsyncSession,
    user: User,
    entry: LoggedActivity,
    today: date,
    now: datetime,
    source: Source | None = None,
) -> Recorded:
    """Store the activity and schedule what follows it (stretches or a milestone session)."""
    activity = await log_activity(
        session, user.id, entry.kind, entry.distance_km, entry.day, entry.duration_s, now
    )
    if source is not None:
        activity.started_at = source.started_at
        activity.elevation_gain_m = source.elevation_gain_m
        activity.source_hash = source.digest
    week, before = await totals_after_logging(session, user.id, activity, week_start(today), today)
    unit = user.distance_unit
    milestone = crossed_milestone(
        entry.kind, in_unit(before, unit), in_unit(before + entry.distance_km, unit), unit
    )
    follow_up = None
    if receives_reminders(user) and (entry.day == today or milestone):
        follow_up = next_post_activity(now, user.post_activity_delay, schedule_for(user))
        if milestone:
            payload = {"activity": entry.kind, "milestone": milestone, "unit": unit}
            kind = ReminderKind.MILESTONE
        else:
            payload = {"activity": entry.kind, "distance_km": entry.distance_km}
            kind = ReminderKind.POST_ACTIVITY
        await add_one_shot(
            session, user.id, kind, follow_up, {**payload, "activity_id": activity.id}
        )
    return Recorded(activity, entry, week, milestone, follow_up)


@dataclass(frozen=True)
class Twin:
    """An earlier log of the same activity: which one, and when it was logged."""

    id: int
    logged_at: datetime


async def recent_twin(
    session: AsyncSession, user_id: int, entry: LoggedActivity, now: datetime
) -> Twin | None:
    """The newest log of the same activity (kind, distance, day) within `REPEAT_WINDOW`, if
    any: the user is asked before it is stored twice."""
    found = await newest_twin(
        session, user_id, entry.kind, entry.distance_km, entry.day, now - REPEAT_WINDOW
    )
    return None if found is None else Twin(*found)


async def repeat_activity(
    session: AsyncSession, user: User, twin_id: int, today: date, now: datetime
) -> Recorded | None:
    """Log `twin_id` once more, as the user confirmed. None when that is no longer the newest
    of its twins (the confirmation was already used: a double tap logs it once) or it is not
    the user's."""
    twin = await session.get(Activity, twin_id)
    if twin is None or twin.user_id != user.id:
        return None
    twins = await twin_activities(session, user.id, twin.kind, twin.distance_km, twin.day)
    if twins[-1].id != twin.id:
        return None
    entry = LoggedActivity(twin.kind, twin.distance_km, twin.duration_s, twin.day)
    return await record_activity(session, user, entry, today, now)


async def is_newest_twin(session: AsyncSession, user_id: int, twin_id: int) -> bool:
    """Whether the activity the question was about is still the latest of its kind that day."""
    twin = await session.get(Activity, twin_id)
    if twin is None or twin.user_id != user_id:
        return False
    twins = await twin_activities(session, user_id, twin.kind, twin.distance_km, twin.day)
    return twins[-1].id == twin.id


async def log_typed(
    session: AsyncSession, user: User, entry: LoggedActivity, today: date, now: datetime
) -> Recorded | Twin:
    """A typed ride or run, stored with what follows it; unless the same one was logged within
    `REPEAT_WINDOW`: then nothing is stored and the earlier log is returned, to ask about."""
    twin = await recent_twin(session, user.id, entry, now)
    if twin is not None:
        return twin
    return await record_activity(session, user, entry, today, now)


LogAgainRefusal = Literal["kept", "settled"]


async def answer_log_again(
    session: AsyncSession, user: User, twin_id: int, again: bool, today: date, now: datetime
) -> Recorded | LogAgainRefusal:
    """The answer to "log it again?": logged once more ("yes"), or "kept" at one ("no");
    "settled" when the question was answered already (a double tap changes nothing)."""
    if not again:
        return "kept" if await is_newest_twin(session, user.id, twin_id) else "settled"
    recorded = await repeat_activity(session, user, twin_id, today, now)
    return "settled" if recorded is None else recorded


def usual_week_km(user: User) -> dict[str, float]:
    """The user's usual weekly distance of each sport, in km."""
    return {"ride": user.ride_km_week, "run": user.run_km_week}


async def week_so_far(
    session: AsyncSession, user_id: int, today: date
) -> tuple[date, dict[str, tuple[float, int]]]:
    """This week's Monday and each sport's (km, sessions) from it to `today`."""
    monday = week_start(today)
    return monday, await distance_between(session, user_id, monday, today)


@dataclass(frozen=True)
class Undone:
    """What an undo removed, and the week as it now stands."""

    entry: LoggedActivity
    week: dict[str, tuple[float, int]]
    follow_ups_cancelled: int


UndoRefusal = Literal["nothing", "gone", "stale", "foreign"]


async def undo_activity(
    session: AsyncSession, user: User, activity_id: int | None, today: date, now: datetime
) -> Undone | UndoRefusal:
    """Remove an activity (the latest one when `activity_id` is None) with the stretches or
    milestone session still waiting for it. Refused, changing nothing, when it is already gone,
    older than `UNDO_WINDOW`, or another user's."""
    if activity_id is None:
        activity = await latest_activity(session, user.id)
        if activity is None:
            return "nothing"
    else:
        found = await session.get(Activity, activity_id)
        if found is None:
            return "gone"
        if found.user_id != user.id:
            return "foreign"
        activity = found
    if now - activity.logged_at > UNDO_WINDOW:
        return "stale"
    entry = LoggedActivity(activity.kind, activity.distance_km, activity.duration_s, activity.day)
    cancelled = 0
    for reminder in await reminders_of(session, user.id):
        pending = reminder.next_due is not None or reminder.payload.get("held")
        ours = reminder.payload.get("activity_id") == activity.id
        if reminder.kind in FOLLOW_UPS and pending and ours:
            reminder.next_due = None
            reminder.payload = {**reminder.payload, "held": False}
            cancelled += 1
    await session.delete(activity)
    await session.flush()
    week = await distance_between(session, user.id, week_start(today), today)
    return Undone(entry, week, cancelled)
