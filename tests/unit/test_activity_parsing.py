"""What /ride, /run and /log accept, and the friendly refusals for everything else."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.parsing.activity import (
    MAX_DAYS_BACK,
    ActivityError,
    LoggedActivity,
    parse_activity,
)
from bot.texts.training import activity_problem

TODAY = date(2026, 11, 25)  # a Wednesday


def parsed(text: str, kind: str | None = "ride", unit: str = "km") -> LoggedActivity:
    result = parse_activity(text, kind, unit, TODAY)
    assert isinstance(result, LoggedActivity), result
    return result


def refused(text: str, kind: str | None = "ride", unit: str = "km") -> str:
    result = parse_activity(text, kind, unit, TODAY)
    assert isinstance(result, ActivityError), result
    return activity_problem(result, unit)


def test_a_plain_number_is_in_the_users_unit() -> None:
    assert parsed("42") == LoggedActivity("ride", 42.0, None, TODAY)
    assert parsed("26", unit="mi").distance_km == 41.84
    assert parsed("10.5", kind="run", unit="mi").distance_km == 16.9


@pytest.mark.parametrize(
    ("text", "km"),
    [("42km", 42), ("42 km", 42), ("42 KM", 42), ("10k", 10), ("10,5", 10.5),
     ("26 mi", 41.84), ("26mi", 41.84), ("1 mile", 1.61), ("5 miles", 8.05)],
)  # fmt: skip
def test_units_override_the_default(text: str, km: float) -> None:
    assert parsed(text).distance_km == km


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1h", 3600), ("1h35", 5700), ("1h35m", 5700), ("1h35min", 5700), ("95min", 5700),
     ("95m", 5700), ("45mins", 2700), ("1:35", 5700), ("0:45", 2700), ("24h", 86400)],
)  # fmt: skip
def test_durations(text: str, seconds: int) -> None:
    assert parsed(f"42 {text}").duration_s == seconds


@pytest.mark.parametrize("text", ["1h75", "1:75", "25h", "0m", "0:00", "1441min"])
def test_impossible_durations_are_refused(text: str) -> None:
    assert refused(f"42 {text}") == f"I didn't understand “{text}”."


@pytest.mark.parametrize(
    ("text", "day"),
    [("today", TODAY), ("yesterday", date(2026, 11, 24)), ("monday", date(2026, 11, 23)),
     ("mon", date(2026, 11, 23)), ("wednesday", TODAY), ("thu", date(2026, 11, 19)),
     ("sunday", date(2026, 11, 22)), ("2026-11-01", date(2026, 11, 1))],
)  # fmt: skip
def test_days(text: str, day: date) -> None:
    assert parsed(f"42 {text}").day == day


def test_log_takes_the_kind_and_everything_in_any_order() -> None:
    expected = LoggedActivity("ride", 42.0, 5700, date(2026, 11, 24))
    assert parsed("ride 42km 1h35 yesterday", kind=None) == expected
    assert parsed("yesterday 1h35 42km ride", kind=None) == expected
    assert parsed("bike 42", kind=None).kind == "ride"
    assert parsed("cycling 42", kind=None).kind == "ride"
    assert parsed("jog 5", kind=None).kind == "run"
    assert parsed("running 5 mi", kind=None).distance_km == 8.05


def test_what_is_missing_is_named() -> None:
    assert refused("42", kind=None) == "Say whether it was a ride or a run."
    assert refused("1h30").startswith("Add the distance")
    assert refused("").startswith("Add the distance")
    assert refused("0").startswith("Add the distance")
    assert refused("0.001").startswith("Add the distance"), "rounds to nothing stored"


def test_limits_per_kind() -> None:
    assert parsed("1000").distance_km == 1000
    assert refused("1000.5") == "That's more than 1000 km in one ride — typo?"
    assert parsed("300", kind="run").distance_km == 300
    assert refused("301", kind="run") == "That's more than 300 km in one run — typo?"
    assert refused("700 mi") == "That's more than 1000 km in one ride — typo?"


def test_days_out_of_range() -> None:
    oldest = TODAY - timedelta(days=MAX_DAYS_BACK)
    assert parsed(f"42 {oldest:%Y-%m-%d}").day == oldest
    for day in (oldest - timedelta(days=1), TODAY + timedelta(days=1)):
        assert refused(f"42 {day:%Y-%m-%d}") == "The day must be within the last 60 days."


@pytest.mark.parametrize(
    ("text", "shown"),
    [("-5", "-5"), ("banana", "banana"), ("42 43", "43"), ("ride 42", "ride"),
     ("42 2026-02-30", "2026-02-30"), ("42 tomorrow", "tomorrow")],
)  # fmt: skip
def test_anything_else_is_quoted_back(text: str, shown: str) -> None:
    assert refused(text) == f"I didn't understand “{shown}”."


def test_quoted_words_are_escaped_and_short() -> None:
    assert refused("<b>") == "I didn't understand “&lt;b&gt;”."
    assert refused("&amp;") == "I didn't understand “&amp;amp;”."
    assert refused("x" * 500) == f"I didn't understand “{'x' * 30}”."


@given(st.decimals(min_value="0.01", max_value="1000", places=2))
def test_any_distance_in_range_round_trips(amount: object) -> None:
    text = str(amount)
    assert parsed(text).distance_km == float(text)
    assert parsed(text.replace(".", ",") + "km").distance_km == float(text)


@given(st.text(max_size=40))
def test_never_raises_and_messages_carry_no_raw_markup(text: str) -> None:
    result = parse_activity(text, None, "km", TODAY)
    if isinstance(result, ActivityError):
        stripped = activity_problem(result, "km").replace("<i>", "").replace("</i>", "")
        assert "<" not in stripped and ">" not in stripped
    else:
        assert 0 < result.distance_km <= 1000 and result.day <= TODAY


@pytest.mark.parametrize(
    ("text", "kind", "seconds"),
    [("5 22:30", "run", 1350), ("5 25:30", "run", 1530), ("10 55:00", "run", 3300),
     ("21.1 1:45:00", "run", 6300), ("42 1:35", "ride", 5700), ("42 1h 35m", "ride", 5700),
     ("42 1 h 35 min", "ride", 5700), ("42 95 min", "ride", 5700), ("0.4 45s", "run", 45),
     ("10 4:30/km", "run", 2700), ("10 4:30 /km", "run", 2700), ("5 mi 8:00/mi", "run", 2400),
     ("4:30/km 10", "run", 2700)],
)  # fmt: skip
def test_watch_times_and_paces(text: str, kind: str, seconds: int) -> None:
    assert parsed(text, kind=kind).duration_s == seconds


def test_an_impossible_time_for_the_distance_is_refused() -> None:
    assert refused("42 1min") == "42 km in “1min” can't be right for a ride."
    assert refused("42 0:30", kind="run") == "42 km in “0:30” can't be right for a run."
    assert refused("10 1:00/km", kind="run").startswith("10 km in “1:00/km”")
