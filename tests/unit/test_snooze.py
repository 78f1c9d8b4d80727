"""Snoozing until tomorrow, and how snoozes are labelled and confirmed."""

from datetime import UTC, datetime, time

from bot.texts.reminders import break_header, marked_snoozed, snooze_label
from scheduler.plan import Schedule, next_snooze_tomorrow

WEEKDAYS = frozenset({"mon", "tue", "wed", "thu", "fri"})


def schedule(quiet: tuple[time, time] | None = None) -> Schedule:
    start, end = quiet or (None, None)
    return Schedule("Europe/Berlin", WEEKDAYS, time(9), time(17), 45, time(18, 30), start, end)


def test_tomorrow_is_the_same_local_time_the_next_day() -> None:
    now = datetime(2026, 11, 23, 8, 45, tzinfo=UTC)  # 09:45 in Berlin
    assert next_snooze_tomorrow(now, schedule()) == datetime(2026, 11, 24, 8, 45, tzinfo=UTC)


def test_tomorrow_keeps_the_wall_clock_across_a_dst_change() -> None:
    now = datetime(2026, 10, 24, 8, tzinfo=UTC)  # 10:00 CEST; Sunday is CET
    assert next_snooze_tomorrow(now, schedule()) == datetime(2026, 10, 25, 9, tzinfo=UTC)


def test_tomorrow_leaves_quiet_hours() -> None:
    now = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # 18:30, quiet from 18:00 to 08:00
    due = next_snooze_tomorrow(now, schedule((time(18), time(8))))
    assert due == datetime(2026, 11, 25, 7, tzinfo=UTC)  # Wednesday 08:00


def test_labels_and_confirmations() -> None:
    assert [snooze_label(c) for c in ("sz10", "sz30", "sz60", "sz180", "sztm")] == [
        "10 min", "30 min", "1 h", "3 h", "Tomorrow"
    ]  # fmt: skip
    now = datetime(2026, 11, 23, 8, 45, tzinfo=UTC)
    later = datetime(2026, 11, 24, 8, 45, tzinfo=UTC)
    assert marked_snoozed(later, "Europe/Berlin", now) == "⏰ Snoozed until tomorrow 09:45."
    assert "sitting" not in break_header(24 * 60), "a count across a night says nothing"
