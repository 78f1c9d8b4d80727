"""/help, /cancel and /stop: the commands that work at any time."""

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler

from bot import texts
from bot.context import LimberApp, LimberContext, with_user
from bot.handlers import PRIVATE, profile_flow
from bot.handlers.profile_flow import ONBOARD
from db.models import User
from scheduler.sync import sync_reminders


@with_user
async def help_command(
    update: Update, context: LimberContext, _s: AsyncSession, user: User
) -> None:
    """Every command with one line; an open question is shown again below it."""
    profile_flow.reask(context, user, texts.help_text())


@with_user
async def cancel(update: Update, context: LimberContext, _s: AsyncSession, user: User) -> None:
    """Leave whatever dialog is open without saving it."""
    if not user.dialog:
        context.reply(texts.nothing_to_cancel())
        return
    onboarding = user.dialog.startswith(ONBOARD)
    user.dialog, user.dialog_data = None, {}
    context.reply(texts.cancelled_onboarding() if onboarding else texts.cancelled_edit())


@with_user
async def stop(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """Switch every reminder off; the profile stays for when they come back."""
    if profile_flow.current_step(user) is not None:
        profile_flow.reask(context, user, texts.in_dialog_command("stop"))
        return
    if not user.reminders_on:
        context.reply(texts.already_stopped())
        return
    user.reminders_on = False
    await sync_reminders(session, user, context.services.now())
    context.reply(texts.stopped())


def register(app: LimberApp) -> None:
    private = PRIVATE
    app.add_handler(CommandHandler("help", help_command, filters=private))
    app.add_handler(CommandHandler("cancel", cancel, filters=private))
    app.add_handler(CommandHandler("stop", stop, filters=private))
