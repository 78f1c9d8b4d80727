"""What /pause understands, and what it refuses."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.parsing.pause import parse_pause

# Wednesday 3 June 2026, 12:00 in Berlin (CEST, +02:00).
WEDNESDAY_NOON = datetime(2026, 6, 3, 10, tzinfo=UTC)
# Monday 1 June 2026, 12:00 in Berlin.
MONDAY_NOON = datetime(2026, 6, 1, 10, tzinfo=UTC)
# Thursday 15 October 2026, 12:00 in Berlin; winter time starts on 25 October.
OCTOBER_NOON = datetime(2026, 10, 15, 10, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", WEDNESDAY_NOON + timedelta(days=3)),
        ("3 days", WEDNESDAY_NOON + timedelta(days=3)),
        ("1 day", WEDNESDAY_NOON + timedelta(days=1)),
        ("2h", WEDNESDAY_NOON + timedelta(hours=2)),
        ("2 hours", WEDNESDAY_NOON + timedelta(hours=2)),
        ("90m", WEDNESDAY_NOON + timedelta(minutes=90)),
        ("45 min", WEDNESDAY_NOON + timedelta(minutes=45)),
        ("1w", WEDNESDAY_NOON + timedelta(weeks=1)),
        ("2 Weeks", WEDNESDAY_NOON + timedelta(weeks=2)),
        ("  For 3D ", WEDNESDAY_NOON + timedelta(days=3)),
        ("90d", WEDNESDAY_NOON + timedelta(days=90)),
    ],
)
def test_durations(text: str, expected: datetime) -> None:
    assert parse_pause(text, WEDNESDAY_NOON, "Europe/Berlin") == expected


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("until monday", WEDNESDAY_NOON, utc(2026, 6, 7, 22)),  # Mon 8 June 00:00 CEST
        ("monday", WEDNESDAY_NOON, utc(2026, 6, 7, 22)),
        ("Mon", WEDNESDAY_NOON, utc(2026, 6, 7, 22)),
        ("UNTIL Friday", WEDNESDAY_NOON, utc(2026, 6, 4, 22)),
        ("monday", MONDAY_NOON, utc(2026, 6, 7, 22)),  # today is Monday: next week's
        ("until wednesday", WEDNESDAY_NOON, utc(2026, 6, 9, 22)),
        ("tomorrow", WEDNESDAY_NOON, utc(2026, 6, 3, 22)),
        ("until tomorrow", WEDNESDAY_NOON, utc(2026, 6, 3, 22)),
        ("until 2026-07-01", WEDNESDAY_NOON, utc(2026, 6, 30, 22)),
        ("2026-12-01", OCTOBER_NOON, utc(2026, 11, 30, 23)),  # CET by then
        ("until 25.12.", OCTOBER_NOON, utc(2026, 12, 24, 23)),
        ("25.12.2026", OCTOBER_NOON, utc(2026, 12, 24, 23)),
        ("1.1.", datetime(2026, 12, 20, 10, tzinfo=UTC), utc(2026, 12, 31, 23)),
    ],
)
def test_days_resume_at_local_midnight(text: str, now: datetime, expected: datetime) -> None:
    assert parse_pause(text, now, "Europe/Berlin") == expected


def test_tomorrow_follows_the_local_date() -> None:
    # 22:30 UTC on 3 June is already 00:30 on 4 June in Berlin.
    late = datetime(2026, 6, 3, 22, 30, tzinfo=UTC)
    assert parse_pause("tomorrow", late, "Europe/Berlin") == utc(2026, 6, 4, 22)
    # 10:00 UTC on 3 June is already midnight starting 4 June at +14.
    assert parse_pause("tomorrow", WEDNESDAY_NOON, "Pacific/Kiritimati") == utc(2026, 6, 4, 10)
    assert parse_pause("tomorrow", WEDNESDAY_NOON, "America/New_York") == utc(2026, 6, 4, 4)


@pytest.mark.parametrize(
    "text",
    [
        "0d",
        "0 minutes",
        "-3d",
        "1000d",
        "91d",
        "14w",
        "soon",
        "",
        "   ",
        "until",
        "3 fortnights",
        "3.5h",
        "2026-02-30",
        "31.02.",
        "2026-05-01",  # already past
        "2027-06-01",  # a year away
        "yesterday",
    ],
)
def test_rejects(text: str) -> None:
    assert parse_pause(text, WEDNESDAY_NOON, "Europe/Berlin") is None


def test_limit_is_ninety_days() -> None:
    ninety_days = WEDNESDAY_NOON + timedelta(days=90)
    assert parse_pause("2160h", WEDNESDAY_NOON, "Europe/Berlin") == ninety_days
    assert parse_pause("2161h", WEDNESDAY_NOON, "Europe/Berlin") is None


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_pause("3d", datetime(2026, 6, 3, 12), "Europe/Berlin")


@pytest.mark.parametrize(
    "text",
    ["999999w", "999999 weeks", "999999d", "999999m", "until 0001-01-01", "1.1.0001",
     "9999-12-31", "31.12.9999", "until 0001-01-02", "91d", "13 weeks"],
)  # fmt: skip
@pytest.mark.parametrize("zone", ["Europe/Berlin", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_out_of_range_is_refused_without_overflow(text: str, zone: str) -> None:
    assert parse_pause(text, WEDNESDAY_NOON, zone) is None


def test_the_last_day_in_range_is_accepted() -> None:
    assert parse_pause("until 2026-09-01", WEDNESDAY_NOON, "UTC") == utc(2026, 9, 1)
