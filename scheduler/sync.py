"""Keeping a user's reminder rows in step with their profile, and rescheduling after a send."""

from datetime import datetime, time
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Reminder, User
from db.repo.reminders import last_sent_due, recurring_reminder, reminders_of
from db.vocab import ONE_SHOT, ReminderKind
from scheduler.plan import (
    Schedule,
    next_break,
    next_routine,
    next_sit_nudge,
    next_weekly,
    one_shot_due,
)


class Profile(Protocol):
    """What scheduling reads of a user: the ORM User and the dispatcher's plain rows both fit."""

    @property
    def timezone(self) -> str | None: ...
    @property
    def work_day_set(self) -> frozenset[str]: ...
    @property
    def work_start(self) -> time: ...
    @property
    def work_end(self) -> time: ...
    @property
    def work_hours_by_day(self) -> dict[str, list[str]] | None: ...
    @property
    def lunch_start(self) -> time | None: ...
    @property
    def lunch_end(self) -> time | None: ...
    @property
    def break_every(self) -> int: ...
    @property
    def routine_at(self) -> time: ...
    @property
    def quiet_start(self) -> time | None: ...
    @property
    def quiet_end(self) -> time | None: ...
    @property
    def paused_until(self) -> datetime | None: ...
    @property
    def reminders_on(self) -> bool: ...
    @property
    def blocked(self) -> bool: ...
    @property
    def is_onboarded(self) -> bool: ...
    @property
    def weekly_summary(self) -> bool: ...


class Scheduled(Protocol):
    """What rescheduling reads of a reminder (an ORM Reminder or a claimed row)."""

    @property
    def kind(self) -> ReminderKind: ...
    @property
    def payload(self) -> dict[str, Any]: ...


def schedule_for(user: Profile) -> Schedule:
    """The plain-value schedule of a registered user (their zone must be set)."""
    if user.timezone is None:
        raise ValueError("user has no time zone yet")
    return Schedule(
        tz=user.timezone,
        work_days=user.work_day_set,
        work_start=user.work_start,
        work_end=user.work_end,
        break_every=user.break_every,
        routine_at=user.routine_at,
        quiet_start=user.quiet_start,
        quiet_end=user.quiet_end,
        paused_until=user.paused_until,
        day_hours=tuple(
            (day, time.fromisoformat(hours[0]), time.fromisoformat(hours[1]))
            for day, hours in sorted((user.work_hours_by_day or {}).items())
        ),
        lunch=(user.lunch_start, user.lunch_end) if user.lunch_start and user.lunch_end else None,
    )


def receives_reminders(user: Profile) -> bool:
    return (
        user.reminders_on and not user.blocked and user.is_onboarded and user.timezone is not None
    )


def _sitting(reminders: list[Reminder]) -> Reminder | None:
    return next(
        (r for r in reminders if r.kind == ReminderKind.SIT and r.next_due is not None), None
    )


async def sync_reminders(session: AsyncSession, user: User, now: datetime) -> None:
    """Recompute the routine and break reminders from the profile; takes effect at once.

    Called after onboarding, every settings change, /stop, /pause and /resume. A user who gets
    no reminders has every row switched off, one-shots included.
    """
    await session.flush()
    active = receives_reminders(user)
    reminders = await reminders_of(session, user.id)
    routine = await recurring_reminder(session, user.id, ReminderKind.ROUTINE)
    brk = await recurring_reminder(session, user.id, ReminderKind.BREAK)
    weekly = await recurring_reminder(session, user.id, ReminderKind.WEEKLY)
    if not active:
        for reminder in [*reminders, routine, brk, weekly]:
            reminder.next_due = None
        return
    schedule = schedule_for(user)
    last = await last_sent_due(session, routine.id) if routine.id is not None else None
    routine.next_due = next_routine(schedule, now, last_sent=last)
    weekly.next_due = next_weekly(schedule, now) if user.weekly_summary else None
    for reminder in reminders:
        if reminder.kind == ReminderKind.SIT and reminder.next_due is not None:
            started = datetime.fromisoformat(reminder.payload["started"])
            reminder.next_due = next_sit_nudge(schedule, started, now)
        elif reminder.kind in ONE_SHOT:
            _reschedule_one_shot(reminder, schedule, now)
    desk = "desk" in user.role_set
    brk.next_due = _break_after(schedule, _sitting(reminders), now, None) if desk else None
    brk.payload = {}


def _reschedule_one_shot(reminder: Reminder, schedule: Schedule, now: datetime) -> None:
    """Hold a pending one-shot for a pause, or bring it back to its own time after /resume.

    One dropped because the pause outlasted it is marked `held`: a /resume soon enough still
    brings it back.
    """
    payload = dict(reminder.payload)
    if reminder.next_due is None and not payload.get("held"):
        return  # sent, answered or switched off for good
    first = payload.get("due")
    due = datetime.fromisoformat(first) if first else reminder.next_due
    if due is None:
        return
    reminder.next_due = one_shot_due(schedule, due, now)
    payload["held"] = reminder.next_due is None and schedule.paused_until is not None
    reminder.payload = payload


def next_due_after(
    reminder: Scheduled, user: Profile, due: datetime, now: datetime
) -> datetime | None:
    """When a reminder is due again after the one for `due` went out (or was dropped) at `now`."""
    if not receives_reminders(user):
        return None
    schedule = schedule_for(user)
    if reminder.kind == ReminderKind.ROUTINE:
        return next_routine(schedule, max(due, now))
    if reminder.kind == ReminderKind.BREAK:
        return next_break(schedule, now, sitting_since=due)
    if reminder.kind == ReminderKind.WEEKLY:
        return next_weekly(schedule, max(due, now)) if user.weekly_summary else None
    if reminder.kind == ReminderKind.SIT:
        return next_sit_nudge(schedule, datetime.fromisoformat(reminder.payload["started"]), now)
    return None


def _break_after(
    s: Schedule, sitting: Reminder | None, now: datetime, sitting_since: datetime | None
) -> datetime | None:
    """The next break nudge. While a /sit session runs, break nudges wait for it to end and
    then keep the rhythm of its last nudge, so the day after a session has its breaks again."""
    if sitting is None or sitting.next_due is None:
        return next_break(s, now, sitting_since=sitting_since)
    started = datetime.fromisoformat(sitting.payload["started"])
    last = sitting.next_due
    while (following := next_sit_nudge(s, started, last)) is not None:
        last = following
    return next_break(s, last, sitting_since=last)


async def snooze_sitting(session: AsyncSession, user: User, until: datetime) -> None:
    """A break nudge was snoozed until `until`: that nudge stands in for the next one, so the
    sitting clock goes on from it instead of nudging again in between."""
    if not receives_reminders(user):
        return
    schedule = schedule_for(user)
    sitting = _sitting(await reminders_of(session, user.id))
    if sitting is not None:
        started = datetime.fromisoformat(sitting.payload["started"])
        sitting.next_due = next_sit_nudge(schedule, started, until)
    if "desk" in user.role_set:
        brk = await recurring_reminder(session, user.id, ReminderKind.BREAK)
        brk.next_due = _break_after(schedule, sitting, until, until)


async def reset_sitting(session: AsyncSession, user: User, now: datetime) -> None:
    """The user just stood up ("I'm up" or /stand): the sitting clock starts again from now."""
    if not receives_reminders(user):
        return
    schedule = schedule_for(user)
    sitting = _sitting(await reminders_of(session, user.id))
    if sitting is not None:
        sitting.payload = {"started": now.isoformat()}
        sitting.next_due = next_sit_nudge(schedule, now, now)
    if "desk" in user.role_set:
        brk = await recurring_reminder(session, user.id, ReminderKind.BREAK)
        brk.next_due = _break_after(schedule, sitting, now, now)
