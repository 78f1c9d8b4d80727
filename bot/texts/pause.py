"""Pausing reminders for a while (/pause, /resume)."""

from datetime import datetime


def pause_question() -> str:
    return "<b>Pause reminders for how long?</b> Or type e.g. <i>/pause until friday</i>."


def pause_not_understood() -> str:
    return (
        "I couldn't read that pause. Try <i>/pause 3d</i>, <i>/pause 2h</i>,"
        " <i>/pause until monday</i> or <i>/pause until 2026-12-24</i> (up to 90 days)."
    )


def paused(local_until: datetime) -> str:
    return (
        f"⏸ Paused until {local_until:%a %d %b, %H:%M} (your time)."
        " Send /resume to start again earlier."
    )


def not_paused() -> str:
    return "Your reminders weren't paused — they're running."
