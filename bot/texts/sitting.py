"""Sitting sessions (/sit, /stand)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.texts.common import duration


def already_sitting() -> str:
    return "You're already in a sitting session. /stand ends it."


def sitting_started(first: datetime | None, break_every: int, zone: str) -> str:
    if first is None:
        return "🪑 Sitting session started — no nudges fit before it ends. /stand ends it."
    return (
        f"🪑 Sitting session started. I'll nudge you every {break_every} min"
        f" (first at {first.astimezone(ZoneInfo(zone)):%H:%M}) until you send /stand."
    )


def not_sitting() -> str:
    return "There's no sitting session running. /sit starts one."


def sitting_ended(started: datetime, now: datetime) -> str:
    sat = (now - started).total_seconds()
    return f"🚶 Session over — you sat for {duration(sat)}. Nice work getting up!"
