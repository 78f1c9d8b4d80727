"""The daily routine in many zones and across daylight-saving switches, at exact UTC instants."""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.plan import Schedule, next_routine

WEEKDAYS_MON_FRI = frozenset({"mon", "tue", "wed", "thu", "fri"})


def schedule(tz: str, routine_at: time, **extra: Any) -> Schedule:
    return Schedule(
        tz=tz,
        work_days=WEEKDAYS_MON_FRI,
        work_start=time(9),
        work_end=time(17),
        break_every=45,
        routine_at=routine_at,
        **extra,
    )


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def routines_between(s: Schedule, start: datetime, stop: datetime) -> list[datetime]:
    """Iterate next_routine the way the dispatcher does: each answer is the next `after`."""
    found = []
    at = next_routine(s, start)
    while at < stop:
        found.append(at)
        at = next_routine(s, at)
        assert at > found[-1], "no progress"
    return found


def local_midnight(tz: str, day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)


@pytest.mark.parametrize(
    ("tz", "routine_at", "first_day", "expected"),
    [
        # Berlin spring-forward (02:00 CET -> 03:00 CEST): 02:30 does not exist, fires at 03:30.
        (
            "Europe/Berlin",
            time(2, 30),
            date(2026, 3, 28),
            [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 30), utc(2026, 3, 30, 0, 30)],
        ),
        # Berlin fall-back (03:00 CEST -> 02:00 CET): 02:30 happens twice, fires at the first.
        (
            "Europe/Berlin",
            time(2, 30),
            date(2026, 10, 24),
            [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)],
        ),
        # New York spring-forward (02:00 EST -> 03:00 EDT).
        (
            "America/New_York",
            time(2, 30),
            date(2026, 3, 7),
            [utc(2026, 3, 7, 7, 30), utc(2026, 3, 8, 7, 30), utc(2026, 3, 9, 6, 30)],
        ),
        # New York fall-back (02:00 EDT -> 01:00 EST): 01:30 happens twice, fires at the first.
        (
            "America/New_York",
            time(1, 30),
            date(2026, 10, 31),
            [utc(2026, 10, 31, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)],
        ),
        # A time clear of the switch on the New York spring-forward day.
        (
            "America/New_York",
            time(1, 30),
            date(2026, 3, 7),
            [utc(2026, 3, 7, 6, 30), utc(2026, 3, 8, 6, 30), utc(2026, 3, 9, 5, 30)],
        ),
        # Havana springs forward at midnight (00:00 CST -> 01:00 CDT): 00:00 fires at 01:00.
        (
            "America/Havana",
            time(0),
            date(2026, 3, 7),
            [utc(2026, 3, 7, 5), utc(2026, 3, 8, 5), utc(2026, 3, 9, 4)],
        ),
        # Santiago too (00:00 -04 -> 01:00 -03): 00:30 fires at 01:30.
        (
            "America/Santiago",
            time(0, 30),
            date(2026, 9, 5),
            [utc(2026, 9, 5, 4, 30), utc(2026, 9, 6, 4, 30), utc(2026, 9, 7, 3, 30)],
        ),
        # Havana falls back at 01:00 CDT -> 00:00 CST: the first 00:30 only.
        (
            "America/Havana",
            time(0, 30),
            date(2026, 10, 31),
            [utc(2026, 10, 31, 4, 30), utc(2026, 11, 1, 4, 30), utc(2026, 11, 2, 5, 30)],
        ),
        # The next year's European switches, an ordinary evening time.
        (
            "Europe/Berlin",
            time(18, 30),
            date(2027, 3, 27),
            [utc(2027, 3, 27, 17, 30), utc(2027, 3, 28, 16, 30), utc(2027, 3, 29, 16, 30)],
        ),
        (
            "Europe/Berlin",
            time(2, 30),
            date(2027, 10, 30),
            [utc(2027, 10, 30, 0, 30), utc(2027, 10, 31, 0, 30), utc(2027, 11, 1, 1, 30)],
        ),
    ],
)
def test_routine_across_dst_switches(
    tz: str, routine_at: time, first_day: date, expected: list[datetime]
) -> None:
    s = schedule(tz, routine_at)
    # One second early on both ends, so that a midnight routine counts for its own day.
    start = local_midnight(tz, first_day) - timedelta(seconds=1)
    stop = local_midnight(tz, first_day + timedelta(days=4)) - timedelta(seconds=1)
    found = routines_between(s, start, stop)

    assert found[:3] == expected
    per_local_day = Counter(at.astimezone(ZoneInfo(tz)).date() for at in found)
    assert per_local_day == {first_day + timedelta(days=n): 1 for n in range(4)}


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)),  # exactly at the first 01:30
        (utc(2026, 11, 1, 5, 45), utc(2026, 11, 2, 6, 30)),  # 01:45 EDT, before the repeat
        (utc(2026, 11, 1, 6, 0), utc(2026, 11, 2, 6, 30)),  # 01:00 EST, inside the repeat
        (utc(2026, 11, 1, 5, 29, 59), utc(2026, 11, 1, 5, 30)),
    ],
)
def test_repeated_hour_does_not_fire_twice(after: datetime, expected: datetime) -> None:
    assert next_routine(schedule("America/New_York", time(1, 30)), after) == expected


@pytest.mark.parametrize(
    ("tz", "routine_at", "start", "expected"),
    [
        # +05:30 all year.
        (
            "Asia/Kolkata",
            time(8),
            utc(2026, 6, 1),
            [utc(2026, 6, 1, 2, 30), utc(2026, 6, 2, 2, 30), utc(2026, 6, 3, 2, 30)],
        ),
        # +14: local 08:00 is 18:00 UTC on the previous UTC day.
        (
            "Pacific/Kiritimati",
            time(8),
            utc(2026, 6, 1),
            [utc(2026, 6, 1, 18), utc(2026, 6, 2, 18), utc(2026, 6, 3, 18)],
        ),
        # -11: local 20:00 is 07:00 UTC on the next UTC day.
        (
            "Pacific/Pago_Pago",
            time(20),
            utc(2026, 6, 1),
            [utc(2026, 6, 1, 7), utc(2026, 6, 2, 7), utc(2026, 6, 3, 7)],
        ),
        # Lord Howe, DST ends 5 April 2026 at 02:00 (+11:00 -> +10:30).
        (
            "Australia/Lord_Howe",
            time(7),
            utc(2026, 4, 3, 12),
            [utc(2026, 4, 3, 20), utc(2026, 4, 4, 20, 30), utc(2026, 4, 5, 20, 30)],
        ),
        # ... and the half hour 01:30-02:00 repeats: 01:45 fires once, at the first.
        (
            "Australia/Lord_Howe",
            time(1, 45),
            utc(2026, 4, 3, 12),
            [utc(2026, 4, 3, 14, 45), utc(2026, 4, 4, 14, 45), utc(2026, 4, 5, 15, 15)],
        ),
        # Lord Howe, DST starts 4 October 2026 at 02:00 (+10:30 -> +11:00).
        (
            "Australia/Lord_Howe",
            time(7),
            utc(2026, 10, 2, 12),
            [utc(2026, 10, 2, 20, 30), utc(2026, 10, 3, 20), utc(2026, 10, 4, 20)],
        ),
        # ... and 02:15 does not exist that day: it fires at 02:45 (+11:00).
        (
            "Australia/Lord_Howe",
            time(2, 15),
            utc(2026, 10, 2, 12),
            [utc(2026, 10, 2, 15, 45), utc(2026, 10, 3, 15, 45), utc(2026, 10, 4, 15, 15)],
        ),
    ],
)
def test_routine_in_unusual_zones(
    tz: str, routine_at: time, start: datetime, expected: list[datetime]
) -> None:
    s = schedule(tz, routine_at)
    assert routines_between(s, start, expected[-1] + timedelta(seconds=1)) == expected


def test_routine_in_quiet_hours_is_kept() -> None:
    s = schedule("Europe/Berlin", time(6, 30), quiet_start=time(22), quiet_end=time(7))
    assert next_routine(s, utc(2026, 6, 1)) == utc(2026, 6, 1, 4, 30)


def test_routine_waits_for_the_pause() -> None:
    resume = utc(2026, 6, 3, 5, 30)  # 07:30 Berlin, the routine's own time
    s = schedule("Europe/Berlin", time(7, 30), paused_until=resume)
    assert next_routine(s, utc(2026, 6, 1)) == resume
    later = schedule("Europe/Berlin", time(7, 30), paused_until=resume + timedelta(minutes=1))
    assert next_routine(later, utc(2026, 6, 1)) == utc(2026, 6, 4, 5, 30)
    assert next_routine(later, utc(2026, 6, 10)) == utc(2026, 6, 10, 5, 30)


ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "America/Santiago",
    "America/Havana",
    "Pacific/Chatham",
    "Asia/Tehran",
    "Europe/London",
    "UTC",
]
# Instants near the switches, where the interesting cases live.
SWITCHES = [
    utc(2026, 3, 29, 1),
    utc(2026, 10, 25, 1),
    utc(2026, 3, 8, 7),
    utc(2026, 11, 1, 6),
    utc(2026, 4, 4, 15),
    utc(2026, 10, 3, 15, 30),
    utc(2026, 4, 5, 3),
    utc(2026, 9, 6, 4),
    utc(2026, 3, 8, 5),
    utc(2026, 11, 1, 5),
]
instants = st.one_of(
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
    ),
    st.builds(
        lambda base, shift: base + shift,
        st.sampled_from(SWITCHES),
        st.timedeltas(min_value=timedelta(days=-2), max_value=timedelta(days=2)),
    ),
)
wall_times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45, 59]))


def exists(day: date, at: time, zone: ZoneInfo) -> bool:
    wall = datetime.combine(day, at, tzinfo=zone)
    return wall.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None)


@settings(max_examples=400, deadline=None)
@given(tz=st.sampled_from(ZONES), routine_at=wall_times, after=instants)
def test_routine_is_later_and_at_its_wall_time(tz: str, routine_at: time, after: datetime) -> None:
    zone = ZoneInfo(tz)
    due = next_routine(schedule(tz, routine_at), after)

    assert due.tzinfo is UTC
    assert after < due <= after + timedelta(hours=25)
    local = due.astimezone(zone)
    day_before = datetime.combine(local.date() - timedelta(days=1), routine_at, zone)
    assert day_before.astimezone(UTC) <= after, "an earlier day's routine was skipped"
    if exists(local.date(), routine_at, zone):
        assert local.time() == routine_at
    else:
        assert local.time() > routine_at
        assert local - timedelta(hours=1) <= datetime.combine(local.date(), routine_at, zone)
