"""Work hours per weekday, a lunch break and night shifts, across midnight and DST changes."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from scheduler.plan import Schedule, hours_on, is_work_time, next_break, next_sit_nudge, upcoming
from tests.unit.test_plan import desk as schedule

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 6, 1)  # CEST all week


def nudges(s: Schedule, start: datetime, end: datetime) -> list[str]:
    """Every break nudge in [start, end) as local "Mon 09:45" stamps."""
    seen, at = [], start - timedelta(microseconds=1)
    while (nudge := next_break(s, at)) is not None and nudge < end:
        seen.append(nudge.astimezone(BERLIN).strftime("%a %H:%M"))
        at = nudge
    return seen


def local(day: date, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), BERLIN).replace(fold=fold).astimezone(UTC)


def test_a_lunch_break_has_no_nudges_and_restarts_the_sitting_clock() -> None:
    s = schedule(lunch=(time(12, 30), time(13, 15)))
    day = nudges(s, local(MONDAY, 0), local(MONDAY, 23))
    assert day == [f"Mon {t}" for t in ("09:45", "10:30", "11:15", "12:00", "14:00", "14:45",
                                         "15:30", "16:15")]  # fmt: skip
    assert not is_work_time(s, local(MONDAY, 12, 45)) and is_work_time(s, local(MONDAY, 13, 15))


def test_a_day_can_have_its_own_hours() -> None:
    s = schedule(day_hours=(("fri", time(9), time(13)),))
    assert hours_on(s, "fri") == (time(9), time(13)) and hours_on(s, "mon") == (time(9), time(17))
    friday = MONDAY + timedelta(days=4)
    assert nudges(s, local(friday, 0), local(friday, 23)) == [
        "Fri 09:45", "Fri 10:30", "Fri 11:15", "Fri 12:00", "Fri 12:45"
    ]  # fmt: skip
    assert len(nudges(s, local(MONDAY, 0), local(MONDAY, 23))) == 10


def test_a_night_shift_belongs_to_the_day_it_starts() -> None:
    s = schedule(work_start=time(22), work_end=time(6), break_every=60)
    week = nudges(s, local(MONDAY - timedelta(days=1), 0), local(MONDAY + timedelta(days=7), 0))
    night = ["23:00", "00:00", "01:00", "02:00", "03:00", "04:00", "05:00"]
    assert week[:7] == ["Mon 23:00"] + [f"Tue {t}" for t in night[1:]]
    assert len(week) == 5 * 7, "five shifts, Monday night to Friday night"
    assert week[-6:] == [f"Sat {t}" for t in night[1:]], "Friday's shift ends on Saturday"
    assert not any(stamp.startswith("Mon 0") for stamp in week), "Sunday is no work day"
    assert is_work_time(s, local(MONDAY + timedelta(days=1), 5, 59))
    assert not is_work_time(s, local(MONDAY, 5)), "Monday morning: no shift began on Sunday"


def test_a_sit_session_in_a_night_shift_ends_with_the_shift() -> None:
    s = schedule(work_start=time(22), work_end=time(6), break_every=60)
    started = local(MONDAY + timedelta(days=1), 4, 30)
    first = next_sit_nudge(s, started, started)
    assert first == local(MONDAY + timedelta(days=1), 5, 30)
    assert next_sit_nudge(s, started, first) is None


@pytest.mark.parametrize(
    ("saturday", "expected"),
    [
        # Spring forward (29 March 2026, 02:00 → 03:00): a shift of 7 real hours.
        (date(2026, 3, 28), ["23:00", "00:00", "01:00", "03:00", "04:00", "05:00"]),
        # Fall back (25 October 2026, 03:00 → 02:00): 9 real hours, 02:00 twice.
        (date(2026, 10, 24), ["23:00", "00:00", "01:00", "02:00", "02:00", "03:00", "04:00",
                              "05:00"]),
    ],
)  # fmt: skip
def test_a_night_shift_across_a_dst_change_counts_real_minutes(
    saturday: date, expected: list[str]
) -> None:
    s = schedule(
        work_days=frozenset({"sat"}), work_start=time(22), work_end=time(6), break_every=60
    )
    stamps = nudges(s, local(saturday, 12), local(saturday + timedelta(days=1), 12))
    assert [stamp.split()[1] for stamp in stamps] == expected


def test_lunch_inside_a_night_shift_is_cut_on_the_next_morning() -> None:
    s = schedule(work_start=time(22), work_end=time(6), break_every=60, lunch=(time(2), time(3)))
    tuesday = MONDAY + timedelta(days=1)
    night = nudges(s, local(MONDAY, 12), local(tuesday, 12))
    assert night == ["Mon 23:00", "Tue 00:00", "Tue 01:00", "Tue 04:00", "Tue 05:00"]


def test_upcoming_lists_a_night_shift_after_midnight() -> None:
    s = schedule(work_start=time(22), work_end=time(6), break_every=120)
    listed = upcoming(s, local(MONDAY, 12), days=1)
    breaks = [at.astimezone(BERLIN).strftime("%a %H:%M") for kind, at in listed if kind == "break"]
    assert breaks == ["Tue 00:00", "Tue 02:00", "Tue 04:00"]


@pytest.mark.parametrize(
    "changes",
    [
        {"work_start": time(9), "work_end": time(9)},
        {"lunch": (time(13), time(12))},
        {"day_hours": (("funday", time(9), time(17)),)},
        {"day_hours": (("fri", time(9), time(9)),)},
    ],
)
def test_impossible_hours_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        schedule(**changes)
