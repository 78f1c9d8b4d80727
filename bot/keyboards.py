"""Inline keyboards; every callback_data is `<prefix>:<value>` and stays within 64 bytes."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

Buttons = list[list[tuple[str, str]]]
MAX_CALLBACK_BYTES = 64


def inline(buttons: Buttons, prefix: str) -> InlineKeyboardMarkup | None:
    """Rows of (label, value) as buttons whose data is `prefix:value`."""
    rows = []
    for row in buttons:
        keys = []
        for label, value in row:
            data = f"{prefix}:{value}"
            if len(data.encode()) > MAX_CALLBACK_BYTES:
                raise ValueError(f"callback data too long: {data!r}")
            keys.append(InlineKeyboardButton(label, callback_data=data))
        rows.append(keys)
    return InlineKeyboardMarkup(rows) if rows else None


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
