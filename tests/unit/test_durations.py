"""The one duration grammar: watch times, units, paces, and how a bare a:b is read."""

from datetime import timedelta

import pytest

from bot.parsing.durations import (
    Clock,
    parse_clock,
    parse_duration,
    parse_pace,
    pick_reading,
    plausible,
    read_minutes,
    tidy,
)

MIN = timedelta(minutes=1)
SEC = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("text", "length"),
    [("45s", 45 * SEC), ("95 min", 95 * MIN), ("95m", 95 * MIN), ("1h35", 95 * MIN),
     ("1h 35m", 95 * MIN), ("1 h 35 min", 95 * MIN), ("2 hours", 120 * MIN),
     ("1h35m20s", 95 * MIN + 20 * SEC), ("1m30", 90 * SEC), ("3d", timedelta(days=3)),
     ("1w 2d", timedelta(days=9)), ("1:45:00", 105 * MIN), ("0:22:30", 22 * MIN + 30 * SEC)],
)  # fmt: skip
def test_units_and_stopwatch_times(text: str, length: timedelta) -> None:
    assert parse_duration(text) == length


@pytest.mark.parametrize(
    "text", ["1h75", "35m1h", "1h1h", "h", "1x", "-1h", "1.5h", "22:30", "1:60:00", "", "1h 2 3"]
)
def test_what_is_not_a_duration(text: str) -> None:
    assert parse_duration(text) is None


def test_decimals_only_when_allowed_and_alone() -> None:
    assert parse_duration("1.5 h", decimals=True) == 90 * MIN
    assert parse_duration("1,5h", decimals=True) == 90 * MIN
    assert parse_duration("1.5h 10m", decimals=True) is None


def test_a_bare_colon_time_keeps_both_readings() -> None:
    clock = parse_clock("25:30")
    assert clock == Clock(25, 30)
    assert clock.as_watch == 25 * MIN + 30 * SEC
    assert clock.as_clock is None, "25 hours is not a time of a day"
    assert Clock(1, 35).as_clock == 95 * MIN
    assert parse_clock("0:00") is None and parse_clock("1:75") is None


@pytest.mark.parametrize(
    ("text", "kind", "km", "length"),
    [("22:30", "run", 5, 22 * MIN + 30 * SEC),  # a 5 k on a watch, not 22 h 30
     ("25:30", "run", 5, 25 * MIN + 30 * SEC),
     ("55:00", "run", 10, 55 * MIN),
     ("3:30", "run", 1, 3 * MIN + 30 * SEC),  # a fast kilometre is still a watch time
     ("1:35", "ride", 42, 95 * MIN),  # 42 km in 95 seconds is impossible: h:mm
     ("0:45", "ride", 42, 45 * MIN),
     ("3:30", "run", 42.2, 210 * MIN),
     ("0:30", "run", 42, 30 * SEC)],  # neither fits: the watch reading, refused by the caller
)  # fmt: skip
def test_a_watch_reading_unless_impossible(
    text: str, kind: str, km: float, length: timedelta
) -> None:
    clock = parse_clock(text)
    assert clock is not None
    assert pick_reading(clock, kind, km) == length


def test_paces_become_durations_with_the_distance() -> None:
    pace = parse_pace("4:30/km")
    assert pace is not None and pace.over(10) == 45 * MIN
    miles = parse_pace("8:00/mi")
    assert miles is not None and miles.over(8.05) == 40 * MIN, "5 mi as stored, to 10 m"
    assert parse_pace("4:30 min/km") == pace
    assert parse_pace("0:00/km") is None and parse_pace("4:30") is None


def test_plausible_speeds_per_activity() -> None:
    assert plausible("ride", 42, 45 * MIN)
    assert not plausible("ride", 42, 95 * SEC)
    assert not plausible("run", 10, 10 * MIN)
    assert not plausible("run", 10, timedelta(0))
    assert not plausible("run", 10, timedelta(hours=25))


def test_tidy_glues_the_parts_of_one_duration() -> None:
    assert tidy("42 1 h 35 min yesterday") == "42 1h35min yesterday"
    assert tidy("10 4:30 /km") == "10 4:30/km"
    assert tidy("42 1h 2026-11-20 mon") == "42 1h 2026-11-20 mon"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("45", 45), ("45 min", 45), ("1h", 60), ("1.5 h", 90), ("1h30", 90), ("90m", 90),
     ("10", None), ("200", None), ("soon", None), ("1:30", None)],
)  # fmt: skip
def test_minutes_answers(text: str, minutes: int | None) -> None:
    assert read_minutes(text, 15, 180) == minutes
