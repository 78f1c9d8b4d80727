"""Pausing reminders for a while (/pause, /resume)."""

from datetime import datetime

_CHOICES = {"2h": "2 hours", "1d": "1 day", "3d": "3 days", "1w": "1 week",
            "until monday": "Until Monday"}  # fmt: skip


def pause_choice(words: str) -> str:
    """The label of the pause button standing for `words` (`3d` → 3 days)."""
    return _CHOICES[words]


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
