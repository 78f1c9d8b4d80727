"""Inline keyboards; every button's data is written by `bot.callbacks` (≤ 64 bytes)."""

from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.callbacks import Button, encode
from bot.texts import onboarding

Buttons = list[list[tuple[str, str]]]  # rows of (label, callback data), already encoded
Choices = Sequence[Sequence[tuple[str, Button]]]  # rows of (label, button)


def inline(rows: Choices) -> InlineKeyboardMarkup | None:
    """Rows of (label, button) as an inline keyboard; None when there are none."""
    return raw([[(label, encode(button)) for label, button in row] for row in rows])


def raw(buttons: Buttons) -> InlineKeyboardMarkup | None:
    """Rows of (label, callback_data) whose data is already encoded."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )


def inline_json(buttons: Buttons) -> dict[str, Any]:
    """The same keyboard as `raw`, as the Bot API's JSON: for raw calls, which skip PTB's
    objects on the way out as they do on the way back."""
    return {
        "inline_keyboard": [
            [{"text": label, "callback_data": data} for label, data in row] for row in buttons
        ]
    }


def request_location() -> ReplyKeyboardMarkup:
    """A one-time keyboard whose button shares the user's location."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(onboarding.SEND_LOCATION, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
