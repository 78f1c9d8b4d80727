"""Texts every feature shares: answers to bad input, stale buttons, errors and plain formats."""

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo


def invalid_answer(message: str) -> str:
    return f"🤔 {message}"


def answered(title: str, value: str) -> str:
    return f"{escape(title)}: <b>{escape(value)}</b> ✓"


def in_dialog_command(command: str) -> str:
    return (
        f"/{escape(command)} has to wait until we're done here. Answer the question below,"
        " or send /cancel to stop."
    )


def unknown_command(command: str) -> str:
    return f"I don't know /{escape(command[:40])}. Send /help to see what I can do."


def not_understood() -> str:
    return "I didn't catch that. Send /help to see what I can do."


def unsupported_message() -> str:
    return "I can only read text messages here. Send /help to see what I can do."


def nothing_to_cancel() -> str:
    return "There's nothing to cancel right now."


def not_registered() -> str:
    return "You haven't set up Limber yet. Send /start — it takes about a minute."


def stale_button() -> str:
    return "That question has already been answered."


def edited_message() -> str:
    return "I only read new messages — please send that again as a new one."


def unknown_button() -> str:
    return "That button no longer works. Send /help to see what I can do."


def group_chat() -> str:
    return "I work in private chats only — message me directly to get started."


def local_now(zone: str, now: datetime) -> str:
    return now.astimezone(ZoneInfo(zone)).strftime("%H:%M")


def duration(seconds: float) -> str:
    """Minutes, or hours and minutes, as people say them."""
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
