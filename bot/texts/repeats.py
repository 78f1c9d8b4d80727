"""Asking before the same ride or run is logged twice."""

from bot.parsing.activity import LoggedActivity
from bot.parsing.distance import format_distance

LOG_AGAIN = "Yes, log it again"
KEEP_ONE = "No, keep one"


def log_again_question(entry: LoggedActivity, unit: str, minutes_ago: int) -> str:
    noun = "ride" if entry.kind == "ride" else "run"
    when = "just now" if minutes_ago < 1 else f"{minutes_ago} min ago"
    return (
        f"You logged a {format_distance(entry.distance_km, unit)} {noun} for that day {when}."
        " Log it again?"
    )


def kept_one() -> str:
    return "Okay, logged once."


def already_settled() -> str:
    return "Already settled."
