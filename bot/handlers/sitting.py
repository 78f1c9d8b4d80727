"""/sit and /stand: an explicit sitting session with nudges every N minutes."""

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler

from bot.context import LimberApp, LimberContext, with_user
from bot.handlers import PRIVATE
from bot.texts import common, reminders
from bot.texts import sitting as t
from db.models import User
from db.repo.reminders import find_reminder, recurring_reminder
from db.vocab import ReminderKind
from scheduler.plan import next_sit_nudge
from scheduler.sync import receives_reminders, reset_sitting, schedule_for, sync_reminders


@with_user
async def sit(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """Start a sitting session now; the regular break nudges step aside until /stand."""
    if not receives_reminders(user):
        context.reply(
            common.not_registered() if not user.is_onboarded else reminders.reminders_are_off()
        )
        return
    now = context.services.now()
    session_row = await recurring_reminder(session, user.id, ReminderKind.SIT)
    if session_row.next_due is not None:
        context.reply(t.already_sitting())
        return
    schedule = schedule_for(user)
    session_row.payload = {"started": now.isoformat()}
    session_row.next_due = next_sit_nudge(schedule, now, now)
    await sync_reminders(session, user, now)
    context.reply(t.sitting_started(session_row.next_due, user.break_every, user.timezone or "UTC"))


@with_user
async def stand(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """End the sitting session; the break rhythm restarts from now. Without one, only say so
    (looking, not creating: a /stand must not leave a switched-off session behind)."""
    session_row = await find_reminder(session, user.id, ReminderKind.SIT)
    if session_row is None or session_row.next_due is None or "started" not in session_row.payload:
        context.reply(t.not_sitting())
        return
    now = context.services.now()
    started = session_row.payload["started"]
    session_row.next_due = None
    await reset_sitting(session, user, now)
    context.reply(t.sitting_ended(started, now))


def register(app: LimberApp) -> None:
    private = PRIVATE
    app.add_handler(CommandHandler("sit", sit, filters=private))
    app.add_handler(CommandHandler("stand", stand, filters=private))
