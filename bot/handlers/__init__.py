"""One module per feature, each with `register(app)`; bot/app.py calls them in order."""

from telegram.ext import filters

from bot.context import LimberContext
from bot.texts import common

# New messages in private chats; edits of old messages are answered by the fallback.
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


def refuse_button(context: LimberContext) -> None:
    """Data that decodes to no button of ours (forged, or from a retired version): the press
    gets its answer and nothing changes."""
    context.toast(common.unknown_button())
