"""Everything no feature handler took: dialogs' typed answers, unknown commands, odd messages.

Registered last, so feature handlers always win; every branch replies.
"""

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.context import LimberApp, LimberContext, with_user
from bot.dialogs import dialog_for
from bot.handlers import PRIVATE, refuse_button
from bot.replies import deliver
from bot.texts import common
from bot.texts.onboarding import location_not_needed
from db.models import User


@with_user
async def on_text(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """Typed text answers the open question, if any."""
    message = update.effective_message
    assert message is not None and message.text is not None
    dialog = dialog_for(user)
    if dialog is None:
        context.reply(common.not_understood())
        return
    await dialog.on_text(update, context, session, user, message.text)


def reask(context: LimberContext, user: User, lead: str) -> None:
    """Say `lead`, then put the open question back on screen if its dialog can."""
    dialog = dialog_for(user)
    if dialog is None or dialog.reask is None:
        context.reply(lead)
        return
    dialog.reask(context, user, lead)


@with_user
async def on_command(update: Update, context: LimberContext, _s: AsyncSession, user: User) -> None:
    """A command we don't have (or one that must wait for the open question)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    command = message.text.split()[0].lstrip("/").split("@")[0]
    reask(context, user, common.unknown_command(command))


@with_user
async def on_location(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """A shared location answers a dialog's question; elsewhere it is politely declined."""
    dialog = dialog_for(user)
    if dialog is None or dialog.on_location is None:
        context.reply(location_not_needed())
        return
    await dialog.on_location(update, context, session, user)


@with_user
async def on_other(update: Update, context: LimberContext, _s: AsyncSession, user: User) -> None:
    """Stickers, photos, voice…: say what we understand and keep the question on screen."""
    reask(context, user, common.unsupported_message())


async def on_unknown_button(update: Update, context: LimberContext) -> None:
    """A button from an older version of the bot, or made-up data: answer, never hang."""
    context.begin(update)
    refuse_button(context)
    await context.answer_query()


async def on_edit(update: Update, _context: LimberContext) -> None:
    """An edited message is not a new answer; say so instead of acting on it twice."""
    message = update.effective_message
    if message is not None:
        await deliver(lambda: message.reply_text(common.edited_message()))


async def on_group(update: Update, _context: LimberContext) -> None:
    """Commands in groups get one pointer to the private chat."""
    message = update.effective_message
    if message is not None:
        await deliver(lambda: message.reply_text(common.group_chat()))


def register(app: LimberApp) -> None:
    private = PRIVATE
    app.add_handler(MessageHandler(private & filters.COMMAND, on_command))
    app.add_handler(MessageHandler(private & filters.TEXT, on_text))
    app.add_handler(MessageHandler(private & filters.LOCATION, on_location))
    app.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, on_other))
    app.add_handler(CallbackQueryHandler(on_unknown_button))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.COMMAND, on_group))
    # Edits of the user's own messages only: an edited business message is not in our chat.
    edited = filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE
    app.add_handler(MessageHandler(edited, on_edit))
