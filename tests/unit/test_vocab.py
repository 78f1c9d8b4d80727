"""The shared vocabularies: reminder kinds, weekdays and distances, each spelled in one module."""

from datetime import date

import pytest

from bot.parsing.days import day_code, parse_work_days, weekday
from bot.parsing.distance import (
    KM_PER_MILE,
    format_distance,
    glue_units,
    in_unit,
    read_distance,
    unit_of,
)
from db.vocab import (
    FOLLOW_UPS,
    ONE_SHOT,
    RECURRING,
    RHYTHMIC,
    ROUTINES,
    SITTING,
    WEEKDAYS,
    WORK_WEEK,
    ReminderKind,
)


def test_reminder_kinds_keep_the_stored_strings() -> None:
    # Rows in the database hold these exact strings: renaming one needs a migration.
    assert {kind.value for kind in ReminderKind} == {
        "routine", "break", "sit", "weekly", "post_activity", "milestone", "snooze",
    }  # fmt: skip
    assert ReminderKind("break") is ReminderKind.BREAK
    assert f"{ReminderKind.POST_ACTIVITY}" == "post_activity"
    assert "sit" in SITTING and ReminderKind.SIT == "sit"


def test_kind_sets_answer_the_questions_the_code_asks() -> None:
    assert {"break", "sit"} == SITTING
    assert {"routine", "break"} == RECURRING
    assert {"post_activity", "milestone"} == FOLLOW_UPS
    assert FOLLOW_UPS | {"snooze"} == ONE_SHOT
    assert {"routine", "post_activity", "milestone"} == ROUTINES
    # Every kind either keeps its rhythm over a pause or waits for it as a one-shot.
    assert set(ReminderKind) == RHYTHMIC | ONE_SHOT and not RHYTHMIC & ONE_SHOT


def test_weekday_codes_follow_date_weekday() -> None:
    monday = date(2026, 3, 2)
    assert [WEEKDAYS[date(2026, 3, 2 + i).weekday()] for i in range(7)] == list(WEEKDAYS)
    assert WEEKDAYS[monday.weekday()] == "mon" and WEEKDAYS[:5] == WORK_WEEK


@pytest.mark.parametrize(
    ("word", "code"),
    [("mon", "mon"), ("Monday", "mon"), ("tues", "tue"), ("thur", "thu"), ("Thurs.", "thu"),
     ("sunday", "sun"), ("sat.", "sat"), ("weds", None), ("m", None), ("", None)],
)  # fmt: skip
def test_day_words(word: str, code: str | None) -> None:
    assert day_code(word) == code
    assert weekday(word) == (None if code is None else WEEKDAYS.index(code))


def test_work_days_lists_ranges_and_presets() -> None:
    assert parse_work_days("Mon-Fri") == WORK_WEEK
    assert parse_work_days("tues-thurs") == ("tue", "wed", "thu")
    assert parse_work_days("monday and friday") == ("mon", "fri")
    assert parse_work_days("weekend") == ("sat", "sun")
    assert parse_work_days("none") == ()
    assert parse_work_days("fri-mon") is None
    assert parse_work_days("mon-tue-wed") is None
    assert parse_work_days("") is None


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [("42", "km", (42.0, "km")), ("42", "mi", (42 * KM_PER_MILE, "mi")),
     ("12,5", "km", (12.5, "km")), ("5k", "mi", (5.0, "km")), ("10 kms", "mi", (10.0, "km")),
     ("10 kilometres", "mi", (10.0, "km")), ("3mi", "km", (3 * KM_PER_MILE, "mi")),
     ("3 miles", "km", (3 * KM_PER_MILE, "mi")), ("km", "km", None), ("1e3", "km", None),
     ("-5", "km", None), ("5 kmh", "km", None)],
)  # fmt: skip
def test_read_distance(text: str, default: str, expected: tuple[float, str] | None) -> None:
    assert read_distance(text, default) == expected


def test_distance_units_and_formatting() -> None:
    assert unit_of("kilometers") == "km" and unit_of("mile") == "mi" and unit_of("m") is None
    assert glue_units("ride 10.5 km 1h 3 miles") == "ride 10.5km 1h 3miles"
    assert glue_units("run 5 min") == "run 5 min"  # minutes are not miles
    assert in_unit(KM_PER_MILE, "mi") == 1.0 and in_unit(5.0, "km") == 5.0
    assert format_distance(48.28, "mi") == "30 mi"
    assert format_distance(10.55, "km") == "10.6 km"
