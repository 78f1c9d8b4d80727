"""When each reminder is due: wall-clock rules in the user's zone, answered as UTC instants.

Everything here is pure: callers pass "after" or "now" and store the UTC result, so the database
holds the schedule and tests need no sleeping. Weekdays are names (mon…sun), never numbers.

One daylight-saving rule everywhere:
- a wall-clock time skipped by spring-forward happens that day at the time plus the gap
  (02:30 in Berlin on the last Sunday of March fires at 03:30 CEST), as APScheduler does;
- a time repeated by fall-back counts once, at its first occurrence.

Wall-clock times are mapped with zoneinfo directly (fold=0 gives exactly this rule) rather than
through APScheduler's CronTrigger: in 3.11.3 the trigger fires a repeated time twice, and skips
the whole day when the time falls in a gap at midnight (America/Havana, America/Santiago).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from db.vocab import WEEKDAYS, ReminderKind

UPCOMING_LIMIT = 20
SIT_SESSION_MAX = timedelta(hours=8)
ON_TIME_WINDOW = timedelta(minutes=1)
# A one-shot (stretches after a ride, a snooze) this much past its time is no longer worth sending.
ONE_SHOT_STALE = timedelta(hours=6)

Lateness = Literal["on_time", "late", "missed"]

_TICK = timedelta(microseconds=1)
# Eight work days hold a whole window of every work weekday at least once: if none of them has
# room for a nudge (quiet hours cover the work hours), no later day will either. A day has at
# most two periods (before and after lunch), and the search starts a day early.
_WORK_DAYS_SEARCHED = 2 * 9


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    """Zone objects are cached by zoneinfo too; this also keeps the lookups cheap per call."""
    return ZoneInfo(name)


@dataclass(frozen=True)
class Schedule:
    """One user's timing preferences, as plain values (the DB row maps onto this).

    Wall-clock times are naive local times in `tz`; quiet hours may wrap midnight
    (22:00–07:00), and equal start and end mean no quiet hours at all. Work hours are
    `work_start`–`work_end` on every work day unless `day_hours` gives a day its own; an end
    before the start is a shift that crosses midnight and belongs to the day it starts. No
    nudge falls in the `lunch` break, and the sitting clock starts again when it ends.
    """

    tz: str
    work_days: frozenset[str]
    work_start: time
    work_end: time
    break_every: int
    routine_at: time
    quiet_start: time | None = None
    quiet_end: time | None = None
    paused_until: datetime | None = None
    day_hours: tuple[tuple[str, time, time], ...] = ()  # (day, start, end) overriding the default
    lunch: tuple[time, time] | None = None

    def __post_init__(self) -> None:
        unknown = (self.work_days | {day for day, _, _ in self.day_hours}) - set(WEEKDAYS)
        if unknown:
            raise ValueError(f"unknown work days: {sorted(unknown)}")
        hours = [(self.work_start, self.work_end)] + [(a, b) for _, a, b in self.day_hours]
        wall_times = [t for pair in hours for t in pair] + [self.routine_at]
        wall_times += [t for t in (self.quiet_start, self.quiet_end) if t is not None]
        wall_times += list(self.lunch or ())
        if any(t.tzinfo is not None or t.microsecond for t in wall_times):
            raise ValueError("wall-clock times must be naive and in whole seconds")
        if any(start == end for start, end in hours):
            raise ValueError("work hours must not start and end at the same time")
        if self.lunch is not None and self.lunch[1] <= self.lunch[0]:
            raise ValueError("a lunch break ends after it starts, on the same day")
        if not 15 <= self.break_every <= 180:
            raise ValueError("break_every must be between 15 and 180 minutes")
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValueError("quiet hours need both a start and an end")
        if self.paused_until is not None and self.paused_until.tzinfo is None:
            raise ValueError("paused_until must be timezone aware")
        try:
            _zone(self.tz)
        except ZoneInfoNotFoundError as error:
            raise ValueError(f"unknown time zone: {self.tz!r}") from error

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.tz)


def in_quiet_hours(s: Schedule, at: datetime) -> bool:
    """Whether `at` falls inside the user's quiet hours, read on their local clock."""
    if s.quiet_start is None or s.quiet_end is None:
        return False
    return _in_window(_local(s, at).time(), s.quiet_start, s.quiet_end)


def hours_on(s: Schedule, day: str) -> tuple[time, time]:
    """The work hours of a weekday: its own, or the default window."""
    for name, start, end in s.day_hours:
        if name == day:
            return start, end
    return s.work_start, s.work_end


def is_work_time(s: Schedule, at: datetime) -> bool:
    """Whether `at` falls in a work period (a night shift's morning included), not at lunch."""
    return _work_period_at(s, _utc(at)) is not None


def next_routine(s: Schedule, after: datetime, *, last_sent: datetime | None = None) -> datetime:
    """The first daily routine strictly after `after` and not before the pause ends.

    Quiet hours do not move the routine: the user picked its time, so a routine set inside
    them (22:30 with quiet hours from 22:00) is taken as a deliberate exception. The routine
    comes once a local day: with `last_sent` (the due time of the last one sent), a time moved
    later that same day waits for tomorrow.
    """
    floor = _not_before_pause(s, _utc(after))
    day = _local(s, floor).date()
    if last_sent is not None:
        day = max(day, _local(s, last_sent).date() + timedelta(days=1))
    while (due := _wall_instant(day, s.routine_at, s.zone)) <= floor:
        day += timedelta(days=1)
    return due


def next_weekly(s: Schedule, after: datetime) -> datetime:
    """The Sunday summary: the first Sunday at the routine time strictly after `after` (and
    not before the pause ends); mapped like the routine, so DST changes move nothing."""
    floor = _not_before_pause(s, _utc(after))
    day = _local(s, floor).date()
    day += timedelta(days=(6 - day.weekday()) % 7)
    while (due := _wall_instant(day, s.routine_at, s.zone)) <= floor:
        day += timedelta(days=7)
    return due


def next_break(
    s: Schedule, after: datetime, *, sitting_since: datetime | None = None
) -> datetime | None:
    """The next sitting-break nudge strictly after `after`; None if no work day has room for one.

    Nudges fall every `break_every` minutes counted from the later of that day's work start and
    `sitting_since` (the last "I'm up" or the last nudge). A nudge at or after work end is not
    sent, so the search moves to the next work day; nudges in quiet hours or before the pause
    ends are skipped, keeping the rhythm of the ones around them.
    """
    if not s.work_days:
        return None
    floor = _not_before_pause(s, _utc(after))
    since = None if sitting_since is None else _utc(sitting_since)
    for start, end in islice(_work_windows(s, floor), _WORK_DAYS_SEARCHED):
        anchor = start if since is None else max(start, since)
        nudge = _first_on_grid(s, anchor, floor, end)
        if nudge is not None:
            return nudge
    return None


def next_sit_nudge(s: Schedule, started: datetime, after: datetime) -> datetime | None:
    """The next nudge of an explicit /sit session, or None once the session is over.

    Nudges come every `break_every` minutes from `started`. A session started in work hours ends
    at that day's work end; one started outside them lasts at most `SIT_SESSION_MAX`. As with
    breaks, a nudge falling exactly on the end is not sent.
    """
    started = _utc(started)
    period = _work_period_at(s, started)
    end = period[1] if period is not None else started + SIT_SESSION_MAX
    return _first_on_grid(s, started, _not_before_pause(s, _utc(after)), end)


def next_post_activity(logged_at: datetime, delay_minutes: int, s: Schedule) -> datetime:
    """When to suggest a stretch after a logged ride or run: after the delay, once the pause
    is over. Quiet hours do not apply: the user just asked for it by logging."""
    if delay_minutes < 0:
        raise ValueError("delay_minutes must not be negative")
    due = _utc(logged_at) + timedelta(minutes=delay_minutes)
    if s.paused_until is not None:
        due = max(due, _utc(s.paused_until))
    return due


def next_snooze(now: datetime, delay: timedelta, s: Schedule) -> datetime:
    """When a snoozed reminder comes back: after the delay, outside pauses and quiet hours."""
    if delay <= timedelta(0):
        raise ValueError("a snooze must last a while")
    due = _utc(now) + delay
    if s.paused_until is not None:
        due = max(due, _utc(s.paused_until))
    return _leave_quiet_hours(s, due)


def next_snooze_tomorrow(now: datetime, s: Schedule) -> datetime:
    """A snooze "until tomorrow": the same local time the next day, outside pauses and quiet
    hours (a time skipped by spring-forward moves on by the gap, as everywhere here)."""
    local = _local(s, now)
    due = _wall_instant(local.date() + timedelta(days=1), local.time().replace(tzinfo=None), s.zone)
    if s.paused_until is not None:
        due = max(due, _utc(s.paused_until))
    return _leave_quiet_hours(s, due)


def one_shot_due(s: Schedule, due: datetime, now: datetime) -> datetime | None:
    """When a one-shot first due at `due` goes out, seen at `now`; None once it is stale.

    A pause holds it until the pause ends, unless that is more than `ONE_SHOT_STALE` after
    `due`: stretches for a ride three days ago help nobody. Without a pause it goes at `due`,
    or now if that has passed recently (after a pause ended early).
    """
    due, now = _utc(due), _utc(now)
    if s.paused_until is not None and _utc(s.paused_until) > max(due, now):
        pause = _utc(s.paused_until)
        return pause if pause - due <= ONE_SHOT_STALE else None
    if now - due > ONE_SHOT_STALE:
        return None
    return max(due, now)


def upcoming(s: Schedule, now: datetime, *, days: int = 2) -> list[tuple[ReminderKind, datetime]]:
    """The routine and break nudges due within `days`, soonest first (for /reminders)."""
    now = _utc(now)
    horizon = now + timedelta(days=days)
    routines = _series(lambda at: next_routine(s, at), now, horizon)
    breaks = _series(lambda at: next_break(s, at), now, horizon)
    entries = [(ReminderKind.ROUTINE, at) for at in islice(routines, UPCOMING_LIMIT)]
    entries += [(ReminderKind.BREAK, at) for at in islice(breaks, UPCOMING_LIMIT)]
    return sorted(entries, key=lambda entry: entry[1])[:UPCOMING_LIMIT]


def late_policy(due: datetime, now: datetime, grace: timedelta) -> Lateness:
    """How to treat a reminder found due at `now`: send as usual, send marked late, or drop."""
    delay = _utc(now) - _utc(due)
    if delay < ON_TIME_WINDOW:
        return "on_time"
    return "late" if delay <= grace else "missed"


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("naive datetime: pass timezone-aware instants")
    return at.astimezone(UTC)


def _local(s: Schedule, at: datetime) -> datetime:
    return _utc(at).astimezone(s.zone)


def _in_window(t: time, start: time, end: time) -> bool:
    """Whether `t` lies in [start, end); an end before the start wraps past midnight."""
    if start < end:
        return start <= t < end
    if start > end:
        return t >= start or t < end
    return False


def _wall_instant(day: date, at: time, zone: ZoneInfo, fold: int = 0) -> datetime:
    """The UTC instant of wall-clock `at` on `day`; fold=0 is the first of a repeated time."""
    return datetime.combine(day, at, tzinfo=zone).replace(fold=fold).astimezone(UTC)


def _not_before_pause(s: Schedule, after: datetime) -> datetime:
    """Move a strict lower bound so that results are also at or after the pause's end."""
    if s.paused_until is None:
        return after
    return max(after, _utc(s.paused_until) - _TICK)


def _work_windows(s: Schedule, since: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Work periods (start, end) in UTC that end after `since`, in order, lunch cut out.

    A shift that crosses midnight ends on the next local day, so the search starts a day early
    to catch one still running. Each work day yields one or two periods (before and after lunch).
    """
    day = _local(s, since).date() - timedelta(days=1)
    while True:
        if WEEKDAYS[day.weekday()] in s.work_days:
            for start, end in _day_periods(s, day):
                if end > since:
                    yield start, end
        day += timedelta(days=1)


def _day_periods(s: Schedule, day: date) -> list[tuple[datetime, datetime]]:
    """The work periods of the shift starting on `day`, as UTC instants, without lunch."""
    start_at, end_at = hours_on(s, WEEKDAYS[day.weekday()])
    end_day = day + timedelta(days=1) if end_at <= start_at else day
    start, end = _wall_instant(day, start_at, s.zone), _wall_instant(end_day, end_at, s.zone)
    periods = [(start, end)]
    if s.lunch is not None:
        for lunch_day in sorted({day, end_day}):
            cut = (
                _wall_instant(lunch_day, s.lunch[0], s.zone),
                _wall_instant(lunch_day, s.lunch[1], s.zone),
            )
            periods = [piece for period in periods for piece in _cut(period, cut)]
    return [(a, b) for a, b in periods if b > a]


def _cut(
    period: tuple[datetime, datetime], gap: tuple[datetime, datetime]
) -> list[tuple[datetime, datetime]]:
    """`period` without `gap`: zero, one or two pieces."""
    (start, end), (gap_start, gap_end) = period, gap
    if gap_end <= start or gap_start >= end:
        return [period]
    return [(a, b) for a, b in ((start, gap_start), (gap_end, end)) if b > a]


def _work_period_at(s: Schedule, at: datetime) -> tuple[datetime, datetime] | None:
    """The work period `at` falls in, if any."""
    if not s.work_days:
        return None
    for start, end in _work_windows(s, at):
        if start > at:
            return None
        if start <= at < end:
            return start, end
    return None  # pragma: no cover (the generator never ends)


def _first_on_grid(
    s: Schedule, anchor: datetime, floor: datetime, end: datetime
) -> datetime | None:
    """The first anchor + k·break_every (k ≥ 1) after `floor`, before `end`, outside quiet hours.

    Steps are elapsed minutes, not wall-clock ones: sitting time does not jump with the clocks.
    """
    every = timedelta(minutes=s.break_every)
    nudge = anchor + max(1, (floor - anchor) // every + 1) * every
    while nudge < end:
        if not in_quiet_hours(s, nudge):
            return nudge
        nudge += every
    return None


def _leave_quiet_hours(s: Schedule, at: datetime) -> datetime:
    """`at` itself when allowed, else the first later instant outside quiet hours."""
    if s.quiet_end is None or not in_quiet_hours(s, at):
        return at
    day = _local(s, at).date()
    candidates = (
        _wall_instant(day + timedelta(days=offset), s.quiet_end, s.zone, fold)
        for offset in range(3)
        for fold in (0, 1)
    )
    return min(c for c in candidates if c > at and not in_quiet_hours(s, c))


def _series(
    step: Callable[[datetime], datetime | None], after: datetime, horizon: datetime
) -> Iterator[datetime]:
    """Repeatedly apply a next-due function while its answers stay before `horizon`."""
    at = step(after)
    while at is not None and at < horizon:
        yield at
        at = step(at)
