"""One module per feature, each with `register(app)`; bot/app.py calls them in order."""

from typing import TypeVar

from telegram import Update
from telegram.ext import filters

from bot.callbacks import Button, decode_as
from bot.context import LimberContext
from bot.texts import common

ButtonT = TypeVar("ButtonT", bound=Button)

# New messages in private chats; edits of old messages are answered by the fallback.
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


def refuse_button(context: LimberContext) -> None:
    """Data that decodes to no button of ours (forged, or from a retired version): the press
    gets its answer and nothing changes."""
    context.toast(common.unknown_button())


def pressed(update: Update, context: LimberContext, family: type[ButtonT]) -> ButtonT | None:
    """The pressed button, if it is one of `family`; otherwise the press is refused (and the
    caller only has to return)."""
    query = update.callback_query
    button = decode_as(query.data if query is not None else None, family)
    if button is None:
        refuse_button(context)
    return button
