"""/help, /cancel and /stop: the commands that work at any time."""

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler

from bot.context import LimberApp, LimberContext, with_user
from bot.dialogs import close_dialog, in_dialog
from bot.handlers import PRIVATE, profile_flow
from bot.handlers.profile_flow import ONBOARD
from bot.texts import account as t
from bot.texts import common, onboarding, profile
from bot.texts import help as help_texts
from db.models import User
from scheduler.sync import sync_reminders


@with_user
async def help_command(
    update: Update, context: LimberContext, _s: AsyncSession, user: User
) -> None:
    """Every command with one line; an open question is shown again below it."""
    profile_flow.reask(context, user, help_texts.help_text())


@with_user
async def cancel(update: Update, context: LimberContext, _s: AsyncSession, user: User) -> None:
    """Leave whatever dialog is open; a setup keeps its answers for /start to continue."""
    if not user.dialog:
        context.reply(common.nothing_to_cancel())
        return
    if in_dialog(user, ONBOARD):
        kept = profile_flow.park_onboarding(user)
        context.reply(onboarding.paused_onboarding() if kept else onboarding.cancelled_onboarding())
        return
    close_dialog(user)
    context.reply(profile.cancelled_edit())


@with_user
async def stop(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """Switch every reminder off; the profile stays for when they come back."""
    if profile_flow.current_step(user) is not None:
        profile_flow.reask(context, user, common.in_dialog_command("stop"))
        return
    if not user.reminders_on:
        context.reply(t.already_stopped())
        return
    user.reminders_on = False
    await sync_reminders(session, user, context.services.now())
    context.reply(t.stopped())


def register(app: LimberApp) -> None:
    private = PRIVATE
    app.add_handler(CommandHandler("help", help_command, filters=private))
    app.add_handler(CommandHandler("cancel", cancel, filters=private))
    app.add_handler(CommandHandler("stop", stop, filters=private))
