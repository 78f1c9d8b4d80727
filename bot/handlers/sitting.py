"""/sit and /stand: an explicit sitting session with nudges every N minutes."""

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler

from bot.context import LimberApp, LimberContext, with_user
from bot.handlers import PRIVATE
from bot.services.sitting import SitOutcome, stand_up, start_sitting
from bot.texts import common, reminders
from bot.texts import sitting as t
from db.models import User


@with_user
async def sit(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """Start a sitting session now; the regular break nudges step aside until /stand."""
    result = await start_sitting(session, user, context.services.now())
    if result.outcome == SitOutcome.NOT_REGISTERED:
        context.reply(common.not_registered())
    elif result.outcome == SitOutcome.REMINDERS_OFF:
        context.reply(reminders.reminders_are_off())
    elif result.outcome == SitOutcome.ALREADY_SITTING:
        context.reply(t.already_sitting())
    else:
        zone = user.timezone or "UTC"
        context.reply(t.sitting_started(result.first_nudge, user.break_every, zone))


@with_user
async def stand(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """End the sitting session; the break rhythm restarts from now."""
    now = context.services.now()
    started = await stand_up(session, user, now)
    context.reply(t.not_sitting() if started is None else t.sitting_ended(started, now))


def register(app: LimberApp) -> None:
    private = PRIVATE
    app.add_handler(CommandHandler("sit", sit, filters=private))
    app.add_handler(CommandHandler("stand", stand, filters=private))
