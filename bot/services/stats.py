"""Progress over time: reminders done and dropped, mobility minutes, distance, streaks.

Everything is counted on the user's local calendar. The streak forgives: a day breaks it only
when something was offered and nothing was done on a day that was neither a rest day (a
desk worker's day off), nor paused, nor spent with an open sore area; such days freeze it.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.library import load_library
from db.models import Activity, Delivery, PainReport, Pause, User
from db.repo.pain import SPARE_FOR
from db.vocab import WEEKDAYS, ReminderKind
from scheduler.policy import MILESTONE_STEP, week_start

# Deliveries that never reached the user (or are on their way right now) are not offers.
UNDELIVERED = frozenset({"queued", "sending", "missed", "failed"})

Period = Literal["4w", "12w", "1y"]
PERIODS: tuple[Period, ...] = ("4w", "12w", "1y")
SPORTS = ("ride", "run")
ANSWERS = ("done", "snoozed", "skipped", "ignored")
AFTERNOON = time(13, 0)


@dataclass
class Bucket:
    """One bar of the chart and one line of the text: a week, or a month of the year view."""

    first: date
    last: date
    monthly: bool = False  # a calendar month (the year view), else a week from `first`
    answers: Counter[str] = field(default_factory=Counter)
    mobility_min: float = 0.0
    km: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SPORTS, 0.0))
    weeks: float = 1.0  # how many weeks the whole bucket spans, to scale the usual volume


@dataclass(frozen=True)
class Stats:
    period: Period
    today: date
    buckets: list[Bucket]
    streak: int
    best_streak: int
    usual_km: dict[str, float]
    sports: tuple[str, ...]
    milestones: list[tuple[str, int, date]]


def buckets_for(period: Period, today: date) -> list[Bucket]:
    """Weeks (Monday to Sunday, the current one last) or the last twelve calendar months."""
    if period == "1y":
        months = []
        year, month = today.year, today.month
        for _ in range(12):
            first = date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            last = following - timedelta(days=1)
            weeks = ((last - first).days + 1) / 7
            months.append(Bucket(first, min(last, today), monthly=True, weeks=weeks))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return months[::-1]
    weeks = 4 if period == "4w" else 12
    monday = week_start(today)
    return [
        Bucket(start, min(start + timedelta(days=6), today))
        for start in (monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1))
    ]


def forgiving_streak(
    first: date, today: date, active: set[date], offered: set[date], frozen: set[date]
) -> tuple[int, int]:
    """(current, best) runs of active days; frozen, empty and unfinished days do not break."""
    current = best = 0
    day = first
    while day <= today:
        if day in active:
            current += 1
            best = max(best, current)
        elif day in offered and day not in frozen and day != today:
            current = 0
        day += timedelta(days=1)
    return current, best


def _days(start: datetime, end: datetime, zone: ZoneInfo) -> Iterable[date]:
    day, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def rest_days(user: User, first: date, today: date) -> set[date]:
    """A desk worker's days off; other users rest when they choose, which pauses cover."""
    if "desk" not in user.role_set:
        return set()
    days, day = set(), first
    while day <= today:
        if WEEKDAYS[day.weekday()] not in user.work_day_set:
            days.add(day)
        day += timedelta(days=1)
    return days


async def frozen_days(
    session: AsyncSession, user: User, first: date, today: date, now: datetime
) -> set[date]:
    """Rest days, paused days and days with an open sore area, in the user's zone."""
    zone = ZoneInfo(user.timezone or "UTC")
    days = rest_days(user, first, today)
    pauses = await session.execute(
        select(Pause.starts_at, Pause.ends_at).where(Pause.user_id == user.id)
    )
    for starts, ends in pauses.all():
        days.update(_days(starts, min(ends, now), zone))
    sore = await session.execute(
        select(PainReport.reported_at, PainReport.resolved_at).where(PainReport.user_id == user.id)
    )
    for reported, resolved in sore.all():
        end = min(resolved or now, reported + SPARE_FOR, now)
        days.update(_days(reported, end, zone))
    return days


async def collect_stats(session: AsyncSession, user: User, period: Period, now: datetime) -> Stats:
    """The numbers behind /stats and the weekly summary; text and chart both draw on these."""
    zone = ZoneInfo(user.timezone or "UTC")
    today = now.astimezone(zone).date()
    buckets = buckets_for(period, today)
    first = buckets[0].first
    joined = (user.onboarded_at or user.created_at).astimezone(zone).date()
    since = min(first, joined)
    start_utc = datetime.combine(since, time(0), tzinfo=zone).astimezone(UTC)
    minutes = {e.id: e.minutes for e in load_library().exercise_list}
    deliveries = await session.execute(
        select(Delivery.due_at, Delivery.status, Delivery.content).where(
            Delivery.user_id == user.id,
            Delivery.due_at >= start_utc,
            Delivery.kind != ReminderKind.WEEKLY,  # the summary itself is not a reminder to answer
        )
    )
    active: set[date] = set()
    offered: set[date] = set()
    for due_at, status, content in deliveries.all():
        if status in UNDELIVERED:
            continue
        day = due_at.astimezone(zone).date()
        offered.add(day)
        answer = "ignored" if status == "sent" else status
        if answer == "done":
            active.add(day)
        bucket = _bucket_of(buckets, day)
        if bucket is not None:
            bucket.answers[answer] += 1
            if answer == "done":
                bucket.mobility_min += sum(
                    minutes.get(e, 0.0) for e in content.get("exercises", [])
                )
    activities = await session.execute(
        select(Activity.kind, Activity.distance_km, Activity.day)
        .where(Activity.user_id == user.id)
        .order_by(Activity.day, Activity.id)
    )
    totals = dict.fromkeys(SPORTS, 0.0)
    milestones: list[tuple[str, int, date]] = []
    for kind, km, day in activities.all():
        step = MILESTONE_STEP["km"][kind]  # charted in km, converted when shown
        before, totals[kind] = totals[kind], totals[kind] + km
        bucket = _bucket_of(buckets, day)
        if bucket is not None:
            bucket.km[kind] += km
            passed = range(int(before // step) + 1, int(totals[kind] // step) + 1)
            milestones += [(kind, n * step, day) for n in passed]
    frozen = await frozen_days(session, user, joined, today, now)
    streak, best = forgiving_streak(joined, today, active, offered, frozen)
    usual = {"ride": user.ride_km_week, "run": user.run_km_week}
    roles = {"ride": "cyclist", "run": "runner"}
    sports = tuple(s for s in SPORTS if roles[s] in user.role_set or any(b.km[s] for b in buckets))
    return Stats(period, today, buckets, streak, best, usual, sports, milestones)


def _bucket_of(buckets: list[Bucket], day: date) -> Bucket | None:
    return next((b for b in buckets if b.first <= day <= b.last), None)


Suggestion = Literal["afternoon", "routine_time", "big_week", "keep_going", "start_small"]


async def suggestion(session: AsyncSession, user: User, week: Bucket, now: datetime) -> Suggestion:
    """One idea for next week, from what happened this week."""
    zone = ZoneInfo(user.timezone or "UTC")
    start = datetime.combine(week.first, time(0), tzinfo=zone).astimezone(UTC)
    rows = await session.execute(
        select(Delivery.kind, Delivery.status, Delivery.due_at).where(
            Delivery.user_id == user.id, Delivery.due_at >= start, Delivery.due_at <= now
        )
    )
    afternoon = Counter[str]()
    routines = Counter[str]()
    for kind, status, due_at in rows.all():
        if status in UNDELIVERED:
            continue
        answered = "done" if status == "done" else "other"
        if kind == ReminderKind.BREAK and due_at.astimezone(zone).time() >= AFTERNOON:
            afternoon[answered] += 1
        if kind == ReminderKind.ROUTINE:
            routines[answered] += 1
    if afternoon.total() >= 3 and afternoon["other"] > afternoon.total() / 2:
        return "afternoon"
    if routines.total() >= 3 and routines["other"] > routines.total() / 2:
        return "routine_time"
    usual = {"ride": user.ride_km_week, "run": user.run_km_week}
    if any(usual[s] > 0 and week.km[s] > usual[s] * 1.2 for s in SPORTS):
        return "big_week"
    answers = week.answers
    if answers["done"] and answers["done"] >= answers.total() * 0.6:
        return "keep_going"
    return "start_small"
