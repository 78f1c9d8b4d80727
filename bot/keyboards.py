"""Inline keyboards; every callback_data is `<prefix>:<value>` and stays within 64 bytes."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

Buttons = list[list[tuple[str, str]]]
MAX_CALLBACK_BYTES = 64


def inline(buttons: Buttons, prefix: str) -> InlineKeyboardMarkup | None:
    """Rows of (label, value) as buttons whose data is `prefix:value`."""
    rows = [[(label, f"{prefix}:{value}") for label, value in row] for row in buttons]
    for label, data in (pair for row in rows for pair in row):
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data of {label!r} is too long: {data!r}")
    return raw(rows)


def raw(buttons: Buttons) -> InlineKeyboardMarkup | None:
    """Rows of (label, callback_data) whose data is already complete."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )


def request_location() -> ReplyKeyboardMarkup:
    """A one-time keyboard whose button shares the user's location."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton("📍 Send my location", request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
