"""Break nudges, /sit sessions, post-activity stretches and the helpers around them."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from scheduler.clock import FixedClock, SystemClock
from scheduler.plan import (
    UPCOMING_LIMIT,
    Schedule,
    in_quiet_hours,
    is_work_time,
    late_policy,
    next_break,
    next_post_activity,
    next_routine,
    next_sit_nudge,
    next_snooze,
    one_shot_due,
    upcoming,
)

BERLIN = ZoneInfo("Europe/Berlin")
MON_FRI = frozenset({"mon", "tue", "wed", "thu", "fri"})
# 1 June 2026 is a Monday; Berlin is on CEST (+02:00) all that week.
MONDAY = date(2026, 6, 1)
DESK_DAY = [
    time(9, 45),
    time(10, 30),
    time(11, 15),
    time(12, 0),
    time(12, 45),
    time(13, 30),
    time(14, 15),
    time(15, 0),
    time(15, 45),
    time(16, 30),
]


def desk(**changes: Any) -> Schedule:
    """A desk worker in Berlin: Mon-Fri 09:00-17:00, a break every 45 minutes."""
    values: dict[str, Any] = {
        "tz": "Europe/Berlin",
        "work_days": MON_FRI,
        "work_start": time(9),
        "work_end": time(17),
        "break_every": 45,
        "routine_at": time(18, 30),
    }
    return Schedule(**(values | changes))


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    """A Berlin wall-clock time as the UTC instant the scheduler speaks."""
    return datetime.combine(day, time(hour, minute), BERLIN).astimezone(UTC)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def breaks_until(
    s: Schedule, start: datetime, stop: datetime, *, track_sitting: bool = False
) -> list[datetime]:
    """Iterate next_break; with track_sitting, pass the last nudge as sitting_since."""
    found: list[datetime] = []
    at = next_break(s, start)
    while at is not None and at < stop:
        found.append(at)
        at = next_break(s, at, sitting_since=at if track_sitting else None)
        assert at is None or at > found[-1], "no progress"
    return found


def week_of(times_per_day: dict[int, list[time]]) -> list[datetime]:
    """Expected nudges: weekday offset from MONDAY -> local wall times."""
    return [
        berlin(MONDAY + timedelta(days=offset), t.hour, t.minute)
        for offset, times in sorted(times_per_day.items())
        for t in times
    ]


SATURDAY = berlin(MONDAY + timedelta(days=5), 0)


@pytest.mark.parametrize("track_sitting", [False, True])
def test_desk_workers_week(track_sitting: bool) -> None:
    found = breaks_until(desk(), berlin(MONDAY, 0), SATURDAY, track_sitting=track_sitting)

    assert found == week_of(dict.fromkeys(range(5), DESK_DAY))
    assert found[0] == utc(2026, 6, 1, 7, 45)
    assert found[9] == utc(2026, 6, 1, 14, 30)
    assert next_break(desk(), found[-1]) == utc(2026, 6, 8, 7, 45)


def test_quiet_lunch_hour_skips_its_nudges() -> None:
    s = desk(quiet_start=time(12), quiet_end=time(13))
    found = breaks_until(s, berlin(MONDAY, 0), berlin(MONDAY, 23))
    expected_day = [t for t in DESK_DAY if t not in (time(12), time(12, 45))]
    assert found == week_of({0: expected_day})


def test_quiet_night_delays_an_early_shift() -> None:
    s = desk(work_start=time(6), work_end=time(14), quiet_start=time(22), quiet_end=time(7))
    found = breaks_until(s, berlin(MONDAY, 0), berlin(MONDAY, 23))
    assert found[0] == berlin(MONDAY, 7, 30)  # 06:45 is still quiet
    assert found[-1] == berlin(MONDAY, 13, 30)
    assert len(found) == 9


def test_pause_until_wednesday() -> None:
    wednesday = MONDAY + timedelta(days=2)
    s = desk(paused_until=berlin(wednesday, 0))
    found = breaks_until(s, berlin(MONDAY, 0), SATURDAY)
    assert found == week_of(dict.fromkeys(range(2, 5), DESK_DAY))


def test_pause_ending_mid_morning_keeps_the_rhythm() -> None:
    s = desk(paused_until=berlin(MONDAY, 10))
    assert next_break(s, berlin(MONDAY, 0)) == berlin(MONDAY, 10, 30)


def test_getting_up_restarts_the_count() -> None:
    s = desk()
    up = berlin(MONDAY, 10, 10)
    first = next_break(s, up, sitting_since=up)
    assert first == berlin(MONDAY, 10, 55)
    assert next_break(s, first, sitting_since=first) == berlin(MONDAY, 11, 40)
    # Without a fresh "I'm up" the count still runs from 10:10.
    assert next_break(s, first, sitting_since=up) == berlin(MONDAY, 11, 40)


def test_getting_up_late_moves_to_the_next_work_day() -> None:
    s = desk()
    up = berlin(MONDAY, 16, 20)  # 17:05 would be after work
    assert next_break(s, up, sitting_since=up) == berlin(MONDAY + timedelta(days=1), 9, 45)
    friday_up = berlin(MONDAY + timedelta(days=4), 16, 20)
    assert next_break(s, friday_up, sitting_since=friday_up) == berlin(
        MONDAY + timedelta(days=7), 9, 45
    )


def test_sitting_since_yesterday_counts_from_work_start() -> None:
    s = desk()
    yesterday = berlin(MONDAY, 16, 40)
    assert next_break(s, berlin(MONDAY + timedelta(days=1), 8), sitting_since=yesterday) == (
        berlin(MONDAY + timedelta(days=1), 9, 45)
    )


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (berlin(MONDAY, 6), berlin(MONDAY, 9, 45)),  # before work
        (berlin(MONDAY, 9, 45), berlin(MONDAY, 10, 30)),  # exactly at a nudge
        (berlin(MONDAY, 16, 30), berlin(MONDAY + timedelta(days=1), 9, 45)),  # the last one
        (berlin(MONDAY, 20), berlin(MONDAY + timedelta(days=1), 9, 45)),  # evening
        (berlin(MONDAY + timedelta(days=5), 8), berlin(MONDAY + timedelta(days=7), 9, 45)),
    ],
)
def test_next_break_boundaries(after: datetime, expected: datetime) -> None:
    assert next_break(desk(), after) == expected


def test_a_nudge_exactly_at_work_end_is_not_sent() -> None:
    s = desk(work_end=time(16, 30))
    assert next_break(s, berlin(MONDAY, 15, 45)) == berlin(MONDAY + timedelta(days=1), 9, 45)


def test_no_work_days_means_no_breaks() -> None:
    assert next_break(desk(work_days=frozenset()), berlin(MONDAY, 8)) is None


def test_quiet_hours_over_all_work_hours_mean_no_breaks() -> None:
    s = desk(quiet_start=time(8), quiet_end=time(18))
    assert next_break(s, berlin(MONDAY, 8)) is None


def test_breaks_on_the_spring_forward_sunday() -> None:
    s = desk(work_days=frozenset({"fri", "sun", "mon"}))
    assert breaks_until(s, utc(2026, 3, 27), utc(2026, 3, 31))[::10] == [
        utc(2026, 3, 27, 8, 45),  # Friday, CET
        utc(2026, 3, 29, 7, 45),  # Sunday, clocks went forward that night
        utc(2026, 3, 30, 7, 45),  # Monday, CEST
    ]


def test_sit_session_in_work_hours_ends_at_work_end() -> None:
    s = desk()
    started = berlin(MONDAY, 15, 20)
    first = next_sit_nudge(s, started, started)
    assert first == berlin(MONDAY, 16, 5)
    second = next_sit_nudge(s, started, first)
    assert second == berlin(MONDAY, 16, 50)
    assert next_sit_nudge(s, started, second) is None


def test_sit_session_outside_work_hours_lasts_eight_hours() -> None:
    s = desk(break_every=60)
    started = berlin(MONDAY + timedelta(days=5), 10)  # Saturday
    nudges = []
    at = next_sit_nudge(s, started, started)
    while at is not None:
        nudges.append(at)
        at = next_sit_nudge(s, started, at)
        assert at is None or at > nudges[-1], "no progress"
    assert nudges == [berlin(MONDAY + timedelta(days=5), hour) for hour in range(11, 18)]


def test_sit_session_after_work_runs_past_midnight() -> None:
    s = desk(break_every=120)
    started = berlin(MONDAY, 20)
    assert next_sit_nudge(s, started, berlin(MONDAY, 23, 30)) == berlin(
        MONDAY + timedelta(days=1), 0
    )
    assert next_sit_nudge(s, started, berlin(MONDAY + timedelta(days=1), 2)) is None


def test_sit_session_respects_quiet_hours_and_pause() -> None:
    quiet = desk(break_every=60, quiet_start=time(22), quiet_end=time(7))
    evening = berlin(MONDAY + timedelta(days=5), 20)
    assert next_sit_nudge(quiet, evening, evening) == berlin(MONDAY + timedelta(days=5), 21)
    assert next_sit_nudge(quiet, evening, berlin(MONDAY + timedelta(days=5), 21)) is None

    saturday = MONDAY + timedelta(days=5)
    paused = desk(break_every=60, paused_until=berlin(saturday, 12, 30))
    started = berlin(saturday, 10)
    assert next_sit_nudge(paused, started, started) == berlin(saturday, 13)


QUIET_NIGHT = {"quiet_start": time(22), "quiet_end": time(7)}


@pytest.mark.parametrize(
    ("schedule", "logged", "delay", "expected"),
    [
        (desk(), berlin(MONDAY, 19), 30, berlin(MONDAY, 19, 30)),
        (desk(), berlin(MONDAY, 19), 0, berlin(MONDAY, 19)),
        (desk(**QUIET_NIGHT), berlin(MONDAY, 22, 15), 0, berlin(MONDAY, 22, 15)),
        (desk(**QUIET_NIGHT), berlin(MONDAY, 21, 50), 30, berlin(MONDAY, 22, 20)),
        (
            desk(paused_until=berlin(MONDAY + timedelta(days=2), 0)),
            berlin(MONDAY, 19),
            30,
            berlin(MONDAY + timedelta(days=2), 0),
        ),
    ],
)
def test_post_activity_ignores_quiet_hours_but_not_a_pause(
    schedule: Schedule, logged: datetime, delay: int, expected: datetime
) -> None:
    """Stretches answer the user's own logging, so quiet hours do not hold them back."""
    assert next_post_activity(logged, delay, schedule) == expected


@pytest.mark.parametrize(
    ("schedule", "now", "delay", "expected"),
    [
        (desk(), berlin(MONDAY, 19), 30, berlin(MONDAY, 19, 30)),
        (desk(**QUIET_NIGHT), berlin(MONDAY, 21, 50), 30, berlin(MONDAY + timedelta(days=1), 7)),
        (desk(**QUIET_NIGHT), berlin(MONDAY, 1), 30, berlin(MONDAY, 7)),
        (
            desk(quiet_start=time(12), quiet_end=time(13)),
            berlin(MONDAY, 12),
            30,
            berlin(MONDAY, 13),
        ),
        (
            desk(paused_until=berlin(MONDAY + timedelta(days=2), 0), **QUIET_NIGHT),
            berlin(MONDAY, 19),
            30,
            berlin(MONDAY + timedelta(days=2), 7),
        ),
    ],
)
def test_snooze_leaves_quiet_hours_and_waits_for_a_pause(
    schedule: Schedule, now: datetime, delay: int, expected: datetime
) -> None:
    assert next_snooze(now, timedelta(minutes=delay), schedule) == expected


def test_a_snooze_must_last_a_while() -> None:
    with pytest.raises(ValueError, match="a while"):
        next_snooze(berlin(MONDAY, 9), timedelta(0), desk())


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 11, 1, 4, 30), utc(2026, 11, 1, 5, 30)),  # 00:30 EDT -> first 01:30
        (utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 5, 30)),  # 01:30 EDT is already allowed
        (utc(2026, 11, 1, 6), utc(2026, 11, 1, 6, 30)),  # 01:00 EST -> second 01:30
    ],
)
def test_snooze_leaves_quiet_hours_in_a_repeated_hour(now: datetime, expected: datetime) -> None:
    s = desk(tz="America/New_York", quiet_start=time(22), quiet_end=time(1, 30))
    assert next_snooze(now - timedelta(minutes=1), timedelta(minutes=1), s) == expected


def test_a_routine_comes_once_a_local_day() -> None:
    sent = berlin(MONDAY, 18, 30)
    s = desk()
    moved = desk(routine_at=time(21))
    assert next_routine(moved, berlin(MONDAY, 19)) == berlin(MONDAY, 21)
    assert next_routine(moved, berlin(MONDAY, 19), last_sent=sent) == berlin(
        MONDAY + timedelta(days=1), 21
    )
    assert next_routine(s, sent, last_sent=sent) == berlin(MONDAY + timedelta(days=1), 18, 30)


@pytest.mark.parametrize(
    ("pause", "due", "now", "expected"),
    [
        (None, berlin(MONDAY, 10), berlin(MONDAY, 9), berlin(MONDAY, 10)),
        (None, berlin(MONDAY, 10), berlin(MONDAY, 12), berlin(MONDAY, 12)),
        (None, berlin(MONDAY, 10), berlin(MONDAY, 16, 1), None),
        (berlin(MONDAY, 12), berlin(MONDAY, 10), berlin(MONDAY, 9), berlin(MONDAY, 12)),
        (berlin(MONDAY, 17), berlin(MONDAY, 10), berlin(MONDAY, 9), None),
        (berlin(MONDAY, 9, 30), berlin(MONDAY, 10), berlin(MONDAY, 9), berlin(MONDAY, 10)),
    ],
)
def test_one_shots_wait_for_a_short_pause_and_go_stale_in_a_long_one(
    pause: datetime | None, due: datetime, now: datetime, expected: datetime | None
) -> None:
    assert one_shot_due(desk(paused_until=pause), due, now) == expected


@pytest.mark.parametrize(
    ("hour", "minute", "quiet"),
    [(21, 59, False), (22, 0, True), (3, 0, True), (6, 59, True), (7, 0, False), (12, 0, False)],
)
def test_quiet_hours_wrapping_midnight(hour: int, minute: int, quiet: bool) -> None:
    s = desk(quiet_start=time(22), quiet_end=time(7))
    assert in_quiet_hours(s, berlin(MONDAY, hour, minute)) is quiet


def test_quiet_hours_unset_or_empty() -> None:
    assert not in_quiet_hours(desk(), berlin(MONDAY, 3))
    assert not in_quiet_hours(desk(quiet_start=time(22), quiet_end=time(22)), berlin(MONDAY, 22))


@pytest.mark.parametrize(
    ("day_offset", "hour", "minute", "working"),
    [
        (0, 8, 59, False),
        (0, 9, 0, True),
        (0, 16, 59, True),
        (0, 17, 0, False),
        (4, 12, 0, True),
        (5, 12, 0, False),
        (6, 12, 0, False),
    ],
)
def test_work_time(day_offset: int, hour: int, minute: int, working: bool) -> None:
    assert (
        is_work_time(desk(), berlin(MONDAY + timedelta(days=day_offset), hour, minute)) is working
    )


def test_work_time_is_read_in_the_users_zone() -> None:
    # 23:30 UTC on Sunday is already Monday 09:30 in Sydney (+10:00 in June).
    assert is_work_time(desk(tz="Australia/Sydney"), utc(2026, 5, 31, 23, 30))
    assert not is_work_time(desk(), utc(2026, 5, 31, 23, 30))


def test_upcoming_on_a_monday_morning() -> None:
    entries = upcoming(desk(), berlin(MONDAY, 8))
    assert len(entries) == UPCOMING_LIMIT
    assert [at for _, at in entries] == sorted(at for _, at in entries)
    assert entries[0] == ("break", utc(2026, 6, 1, 7, 45))
    assert entries[10] == ("routine", utc(2026, 6, 1, 16, 30))
    assert entries[-1] == ("break", berlin(MONDAY + timedelta(days=1), 15, 45))
    assert [kind for kind, _ in entries].count("routine") == 1


def test_upcoming_over_a_weekend() -> None:
    saturday = MONDAY + timedelta(days=5)
    assert upcoming(desk(), berlin(saturday, 8)) == [
        ("routine", berlin(saturday, 18, 30)),
        ("routine", berlin(saturday + timedelta(days=1), 18, 30)),
    ]
    longer = upcoming(desk(), berlin(saturday, 8), days=3)
    next_monday = MONDAY + timedelta(days=7)
    assert len(longer) == 13
    assert longer[2] == ("break", berlin(next_monday, 9, 45))
    assert longer[-1] == ("routine", berlin(next_monday, 18, 30))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 6, 1, 11, 59), "on_time"),
        (utc(2026, 6, 1, 12, 0, 59), "on_time"),
        (utc(2026, 6, 1, 12, 1), "late"),
        (utc(2026, 6, 1, 12, 30), "late"),
        (utc(2026, 6, 1, 12, 30, 1), "missed"),
    ],
)
def test_late_policy(now: datetime, expected: str) -> None:
    assert late_policy(utc(2026, 6, 1, 12), now, timedelta(minutes=30)) == expected


@pytest.mark.parametrize(
    "changes",
    [
        {"work_days": frozenset({"monday"})},
        {"work_end": time(9)},
        {"break_every": 10},
        {"break_every": 181},
        {"quiet_start": time(22)},
        {"paused_until": datetime(2026, 6, 1)},
        {"routine_at": time(18, 30, tzinfo=UTC)},
        {"tz": "Mars/Olympus_Mons"},
    ],
)
def test_schedule_rejects_bad_values(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        desk(**changes)


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError):
        next_break(desk(), datetime(2026, 6, 1, 8))


def test_fixed_clock_moves_only_when_told() -> None:
    clock = FixedClock(datetime(2026, 6, 1, 10, tzinfo=BERLIN))
    assert clock.now() == utc(2026, 6, 1, 8)
    assert clock.now().tzinfo is UTC
    assert clock.advance(timedelta(minutes=45)) == utc(2026, 6, 1, 8, 45)
    assert clock.now() == utc(2026, 6, 1, 8, 45)
    with pytest.raises(ValueError):
        FixedClock(datetime(2026, 6, 1))


def test_system_clock_is_utc_and_current() -> None:
    before = datetime.now(UTC)
    now = SystemClock().now()
    assert now.tzinfo is UTC
    assert before <= now <= datetime.now(UTC)
