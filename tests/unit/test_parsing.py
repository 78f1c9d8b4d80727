"""What we accept as an answer, and what we refuse."""

from datetime import time

import pytest

from bot.parsing import answers as parsing
from bot.parsing.distance import format_distance
from bot.parsing.zones import resolve_timezone, suggest_timezone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:30", time(18, 30)),
        ("6:30 pm", time(18, 30)),
        ("7am", time(7, 0)),
        ("12am", time(0, 0)),
        ("1830", time(18, 30)),
        ("18.30", time(18, 30)),
        (" 09:05 ", time(9, 5)),
        ("25:99", None),
        ("24:00", None),
        ("13pm", None),
        ("-5", None),
        ("noon", None),
        ("<b>18:30</b>", None),
        ("", None),
    ],
)
def test_parse_time(text: str, expected: time | None) -> None:
    assert parsing.parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9-17", (time(9), time(17))),
        ("08:30 – 16:30", (time(8, 30), time(16, 30))),
        ("8am to 4pm", (time(8), time(16))),
        ("17-9", None),
        ("9-9", None),
        ("9", None),
    ],
)
def test_parse_time_range(text: str, expected: tuple[time, time] | None) -> None:
    assert parsing.parse_time_range(text) == expected


def test_quiet_hours_may_wrap_midnight() -> None:
    assert parsing.parse_time_range_wrapping("22:00-07:00") == (time(22), time(7))
    assert parsing.parse_time_range_wrapping("7-7") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri", ("mon", "tue", "wed", "thu", "fri")),
        ("Mon, Wed, Friday", ("mon", "wed", "fri")),
        ("every day", parsing.DAY_NAMES),
        ("weekdays", ("mon", "tue", "wed", "thu", "fri")),
        ("tue-thu and sat", ("tue", "wed", "thu", "sat")),
        ("fri-mon", None),
        ("someday", None),
        ("", None),
    ],
)
def test_parse_work_days(text: str, expected: tuple[str, ...] | None) -> None:
    assert parsing.parse_work_days(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("desk, cyclist", {"desk", "cyclist"}),
        ("Runner and bike", {"runner", "cyclist"}),
        ("runners", {"runner"}),
        ("all", {"desk", "cyclist", "runner"}),
        ("astronaut", None),
        ("🚴", None),
    ],
)
def test_parse_roles(text: str, expected: set[str] | None) -> None:
    result = parsing.parse_roles(text)
    assert (set(result) if result else None) == expected


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("50", "km", (50.0, "km")),
        ("12,5 km", "km", (12.5, "km")),
        ("30 mi", "km", (48.28, "mi")),
        ("30", "mi", (48.28, "mi")),
        ("0", "km", (0.0, "km")),
        ("-5", "km", None),
        ("10000", "km", None),
        ("1300 mi", "km", None),
        ("lots", "km", None),
    ],
)
def test_parse_distance(text: str, unit: str, expected: tuple[float, str] | None) -> None:
    assert parsing.parse_distance(text, unit) == expected


def test_parse_minutes_and_format_distance() -> None:
    assert parsing.parse_minutes("1.5 h", 15, 180) == 90
    assert parsing.parse_minutes("10", 15, 180) is None
    assert format_distance(48.28, "mi") == "30 mi"
    assert format_distance(42.0, "km") == "42 km"


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("Munich", "Europe/Berlin"),
        ("UTC", "UTC"),
        ("Mars/Olympus", None),
        ("<b>Berlin</b>", None),
        ("x" * 5000, None),
    ],
)
def test_resolve_timezone(text: str, zone: str | None) -> None:
    assert resolve_timezone(text) == zone


def test_suggests_near_misses_only() -> None:
    assert suggest_timezone("Berln") == "Europe/Berlin"
    assert suggest_timezone("Olympus Mons") is None
