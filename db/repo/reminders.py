"""The reminder schedule: claiming due rows under a lease, recording deliveries, activities."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, any_, bindparam, case, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Activity, Delivery, Reminder, User
from db.vocab import SITTING, ReminderKind

_reminders = cast(Table, Reminder.__table__)
_users = cast(Table, User.__table__)


@dataclass(frozen=True, slots=True)
class ClaimedReminder:
    """A claimed reminder as plain values: the dispatcher reads it and writes changes by id,
    so a batch needs no ORM object (and no identity-map entry) per row."""

    id: int
    user_id: int
    kind: ReminderKind
    next_due: datetime | None
    attempts: int
    payload: dict[str, Any]
    lease_until: datetime | None
    lease_owner: str | None


_CLAIMED = [_reminders.c[name] for name in ClaimedReminder.__dataclass_fields__]


@lru_cache(maxsize=256)
def _parts(text: str) -> frozenset[str]:
    """A comma-separated list as a set; most users share a handful of role and day lists."""
    return frozenset(part for part in text.split(",") if part)


@dataclass(frozen=True, slots=True)
class Recipient:
    """What the dispatcher reads of a user, as plain values (see ClaimedReminder)."""

    id: int
    chat_id: int
    roles: str
    timezone: str | None
    work_days: str
    work_start: time
    work_end: time
    work_hours_by_day: dict[str, list[str]] | None
    lunch_start: time | None
    lunch_end: time | None
    break_every: int
    ride_km_week: float
    run_km_week: float
    distance_unit: str
    routine_at: time
    quiet_start: time | None
    quiet_end: time | None
    reminders_on: bool
    weekly_summary: bool
    blocked: bool
    paused_until: datetime | None
    onboarded_at: datetime | None

    @property
    def role_set(self) -> frozenset[str]:
        return _parts(self.roles)

    @property
    def work_day_set(self) -> frozenset[str]:
        return _parts(self.work_days)

    @property
    def is_onboarded(self) -> bool:
        return self.onboarded_at is not None


_RECIPIENT = select(*(_users.c[name] for name in Recipient.__dataclass_fields__))


async def claim_due_reminders(
    session: AsyncSession, now: datetime, owner: str, *, limit: int, lease: timedelta
) -> list[ClaimedReminder]:
    """Lease up to `limit` due reminders for `owner`, oldest first, in one statement.

    On PostgreSQL rows locked by another dispatcher are skipped (FOR UPDATE SKIP LOCKED), so
    several processes never claim the same row; SQLite serialises writers anyway. A lease that
    expires (its process died) makes the row claimable again. On PostgreSQL the chosen ids are
    collected once into an array (`id = ANY(ARRAY(…))`) and the update finds them by primary
    key; with `IN (…)` the planner may hash-join them against a scan of the whole table.
    """
    due = (
        select(Reminder.id)
        .where(
            Reminder.next_due <= now,
            or_(Reminder.lease_until.is_(None), Reminder.lease_until < now),
        )
        .order_by(Reminder.next_due)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        chosen = Reminder.id == any_(
            func.array(due.with_for_update(skip_locked=True).scalar_subquery())
        )
    else:
        chosen = Reminder.id.in_(due.scalar_subquery())
    statement = (
        update(_reminders)
        .where(chosen)
        .values(lease_until=now + lease, lease_owner=owner)
        .returning(*_CLAIMED)
    )
    result = await session.execute(statement)
    return [ClaimedReminder(*row) for row in result]


async def insert_deliveries(
    session: AsyncSession, rows: Sequence[dict[str, Any]]
) -> dict[int, int]:
    """Insert deliveries unless one exists for the same (reminder, due time).

    Returns {reminder_id: delivery_id} for the rows inserted; a missing reminder id means it was
    already delivered, so it must not be sent again. The rows go as parameters of one cached
    statement (SQLAlchemy batches them into multi-row INSERTs), not as a fresh 500-row VALUES
    clause compiled on every call.
    """
    if not rows:
        return {}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Delivery)
        .on_conflict_do_nothing(index_elements=["reminder_id", "due_at"])
        .returning(Delivery.reminder_id, Delivery.id)
    )
    result = await session.execute(statement, list(rows))
    return {reminder_id: delivery_id for reminder_id, delivery_id in result.all()}


async def recipients_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Recipient]:
    """The users of a claimed batch, by id, as plain rows."""
    result = await session.execute(_RECIPIENT.where(_users.c.id.in_(set(ids))))
    return {row[0]: Recipient(*row) for row in result}


async def reminders_of(session: AsyncSession, user_id: int) -> list[Reminder]:
    result = await session.execute(
        select(Reminder).where(Reminder.user_id == user_id).order_by(Reminder.id)
    )
    return list(result.scalars())


async def find_reminder(session: AsyncSession, user_id: int, kind: ReminderKind) -> Reminder | None:
    """The user's (first) reminder of this kind, if they have one."""
    result = await session.execute(
        select(Reminder).where(Reminder.user_id == user_id, Reminder.kind == kind).limit(1)
    )
    return result.scalar_one_or_none()


async def recurring_reminder(session: AsyncSession, user_id: int, kind: ReminderKind) -> Reminder:
    """The user's routine or break reminder, created switched off when missing."""
    reminder = await find_reminder(session, user_id, kind)
    if reminder is None:
        reminder = Reminder(user_id=user_id, kind=kind, payload={}, attempts=0)
        session.add(reminder)
    return reminder


async def add_one_shot(
    session: AsyncSession,
    user_id: int,
    kind: ReminderKind,
    due: datetime,
    payload: dict[str, Any],
) -> Reminder:
    """A reminder sent once; its first due time stays in the payload, so a pause that moved it
    can be undone by /resume."""
    payload = {**payload, "due": due.isoformat()}
    reminder = Reminder(user_id=user_id, kind=kind, next_due=due, payload=payload, attempts=0)
    session.add(reminder)
    await session.flush()
    return reminder


async def last_sent_due(session: AsyncSession, reminder_id: int) -> datetime | None:
    """The due time of the newest delivery of a reminder that reached the user (not missed)."""
    result = await session.execute(
        select(func.max(Delivery.due_at)).where(
            Delivery.reminder_id == reminder_id, Delivery.status.not_in(("missed", "failed"))
        )
    )
    return result.scalar_one_or_none()


async def log_activity(
    session: AsyncSession,
    user_id: int,
    kind: str,
    distance_km: float,
    day: date,
    duration_s: int | None,
    now: datetime,
) -> Activity:
    activity = Activity(
        user_id=user_id,
        kind=kind,
        distance_km=distance_km,
        day=day,
        duration_s=duration_s,
        logged_at=now,
    )
    session.add(activity)
    await session.flush()
    return activity


async def latest_activity(session: AsyncSession, user_id: int) -> Activity | None:
    """The activity the user logged last (by when it was logged, not the day it was on)."""
    result = await session.execute(
        select(Activity).where(Activity.user_id == user_id).order_by(Activity.id.desc()).limit(1)
    )
    return result.scalar_one_or_none()


async def twin_activities(
    session: AsyncSession, user_id: int, kind: str, distance_km: float, day: date
) -> list[Activity]:
    """The user's activities of this kind, distance (to the metre) and day, oldest first."""
    result = await session.execute(
        select(Activity)
        .where(
            Activity.user_id == user_id,
            Activity.kind == kind,
            Activity.day == day,
            func.abs(Activity.distance_km - distance_km) < 0.0005,
        )
        .order_by(Activity.id)
    )
    return list(result.scalars())


# The twin check runs on every /ride, /run and /log: built once, and only the newest row's id
# and time come back (no ORM objects).
_NEWEST_TWIN = (
    select(Activity.id, Activity.logged_at)
    .where(
        Activity.user_id == bindparam("user_id"),
        Activity.kind == bindparam("kind"),
        Activity.day == bindparam("day"),
        func.abs(Activity.distance_km - bindparam("distance_km")) < 0.0005,
        Activity.logged_at >= bindparam("since"),
    )
    .order_by(Activity.id.desc())
    .limit(1)
)


async def newest_twin(
    session: AsyncSession,
    user_id: int,
    kind: str,
    distance_km: float,
    day: date,
    since: datetime,
) -> tuple[int, datetime] | None:
    """Id and log time of the newest of `twin_activities` logged at or after `since`."""
    result = await session.execute(
        _NEWEST_TWIN,
        {"user_id": user_id, "kind": kind, "day": day, "distance_km": distance_km, "since": since},
    )
    row = result.first()
    return None if row is None else (row.id, row.logged_at)


_IN_WEEK = Activity.day.between(bindparam("first"), bindparam("last"))
_TOTALS = (
    select(
        Activity.kind,
        func.sum(case((_IN_WEEK, Activity.distance_km))),
        func.count(case((_IN_WEEK, 1))),
        func.sum(case((Activity.id != bindparam("leave_out"), Activity.distance_km))),
    )
    .where(
        Activity.user_id == bindparam("user_id"), or_(Activity.kind == bindparam("kind"), _IN_WEEK)
    )
    .group_by(Activity.kind)
)


async def totals_after_logging(
    session: AsyncSession, user_id: int, logged: Activity, first: date, last: date
) -> tuple[dict[str, tuple[float, int]], float]:
    """`distance_between(first, last)` and, in the same statement, the `total_distance` of the
    logged activity's kind as it was before it (every other activity of that kind)."""
    result = await session.execute(
        _TOTALS,
        {"user_id": user_id, "kind": logged.kind, "first": first, "last": last,
         "leave_out": logged.id},
    )  # fmt: skip
    week: dict[str, tuple[float, int]] = {}
    before = 0.0
    for kind, km, sessions, others in result.all():
        if sessions:
            week[kind] = (float(km or 0), int(sessions))
        if kind == logged.kind:
            before = float(others or 0)
    return week, before


async def distance_between(
    session: AsyncSession, user_id: int, first: date, last: date
) -> dict[str, tuple[float, int]]:
    """{kind: (km, sessions)} for activities on days first..last inclusive."""
    result = await session.execute(
        select(Activity.kind, func.sum(Activity.distance_km), func.count())
        .where(Activity.user_id == user_id, Activity.day >= first, Activity.day <= last)
        .group_by(Activity.kind)
    )
    return {kind: (float(km or 0), int(n)) for kind, km, n in result.all()}


async def total_distance(session: AsyncSession, user_id: int, kind: str) -> float:
    result = await session.execute(
        select(func.coalesce(func.sum(Activity.distance_km), 0.0)).where(
            Activity.user_id == user_id, Activity.kind == kind
        )
    )
    return float(result.scalar_one())


async def week_distance_by_user(
    session: AsyncSession, since: Mapping[int, date]
) -> dict[tuple[int, str], float]:
    """{(user_id, kind): km} from each user's own first day on (their local Monday), for many
    users in one query (routine choice)."""
    if not since:
        return {}
    result = await session.execute(
        select(Activity.user_id, Activity.kind, Activity.day, func.sum(Activity.distance_km))
        .where(Activity.user_id.in_(set(since)), Activity.day >= min(since.values()))
        .group_by(Activity.user_id, Activity.kind, Activity.day)
    )
    totals: dict[tuple[int, str], float] = {}
    for uid, kind, day, km in result.all():
        if day >= since[uid]:
            totals[(uid, kind)] = totals.get((uid, kind), 0.0) + float(km or 0)
    return totals


async def release(session: AsyncSession, changes: Sequence[dict[str, Any]]) -> None:
    """Write new due times (and clear leases) for many reminders by primary key."""
    if changes:
        await session.execute(update(Reminder), list(changes))


async def switch_off_user(session: AsyncSession, user_id: int) -> None:
    """A user who blocked the bot gets nothing more until they write to us again."""
    await session.execute(update(User).where(User.id == user_id).values(blocked=True))
    await session.execute(update(Reminder).where(Reminder.user_id == user_id).values(next_due=None))


async def sitting_nudges_since(
    session: AsyncSession, user_ids: Sequence[int], since: datetime
) -> dict[int, int]:
    """{user_id: break or /sit nudges sent since} — a proxy for time spent sitting."""
    if not user_ids:
        return {}
    result = await session.execute(
        select(Delivery.user_id, func.count())
        .where(
            Delivery.user_id.in_(set(user_ids)),
            Delivery.kind.in_(sorted(SITTING)),
            Delivery.sent_at >= since,
        )
        .group_by(Delivery.user_id)
    )
    return {uid: int(n) for uid, n in result.all()}
