"""Reminder buttons (Done / Snooze / Skip), /reminders, /pause and /resume."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.context import LimberApp, LimberContext, with_user
from bot.handlers import PRIVATE
from bot.parsing.pause import parse_pause
from bot.services.reminder_content import reminder_buttons
from bot.texts import account, common
from bot.texts import pause as pause_texts
from bot.texts import reminders as t
from db.models import Delivery, Reminder, User
from db.repo.pauses import end_pauses, record_pause
from db.repo.reminders import add_one_shot, reminders_of
from scheduler.plan import next_snooze
from scheduler.sync import receives_reminders, reset_sitting, schedule_for, sync_reminders

_DELIVERY_ID = re.compile(r"[0-9]{1,10}")
MAX_ROW_ID = 2**31 - 1
ANSWERED = ("done", "skipped", "snoozed")
EXPIRES_AFTER = timedelta(hours=24)
SNOOZE_MINUTES = (10, 30, 60)
PAUSE_CHOICES = [[("2 hours", "2h"), ("1 day", "1d"), ("3 days", "3d")],
                 [("1 week", "1w"), ("Until Monday", "until monday")]]  # fmt: skip


def snooze_buttons(delivery_id: int) -> keyboards.Buttons:
    options = [(t.snooze_label(m), f"r:sz{m}:{delivery_id}") for m in SNOOZE_MINUTES]
    return [options, [("↩️ Back", f"r:back:{delivery_id}")]]


def snooze_minutes(action: str) -> int | None:
    """Minutes of a snooze we offered (`sz10`…); anything else is not a snooze."""
    return next((m for m in SNOOZE_MINUTES if action == f"sz{m}"), None)


async def shown_kind(session: AsyncSession, delivery: Delivery) -> str:
    """What the user sees: a snoozed reminder is still the nudge or routine it came from."""
    if delivery.kind != "snooze":
        return delivery.kind
    reminder = await session.get(Reminder, delivery.reminder_id)
    return str(reminder.payload.get("of", "snooze")) if reminder is not None else "snooze"


def snoozable_body(delivery: Delivery, user: User) -> str:
    """The reminder's text to send again later, without an apology for lateness that the
    snoozed copy will not deserve."""
    body = delivery.content.get("body") or delivery.content.get("html", "")
    if delivery.late:
        body = body.replace(t.late_note(delivery.due_at, user.timezone), "", 1)
    return str(body)


@with_user
async def on_reminder_button(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """`r:<action>:<delivery id>`: answer a reminder once; refuse old or foreign ones."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, action, raw_id = [*query.data.split(":", 2), "", ""][:3]
    # ASCII digits within PostgreSQL's integer (isdigit() takes "²", which int() refuses).
    valid = _DELIVERY_ID.fullmatch(raw_id) is not None and int(raw_id) <= MAX_ROW_ID
    delivery = await session.get(Delivery, int(raw_id)) if valid else None
    if delivery is None or delivery.user_id != user.id:
        context.toast(t.not_your_reminder(), show_alert=True)
        return
    now = context.services.now()
    if delivery.status in ANSWERED:
        context.toast(t.already_answered(delivery.status))
        return
    if delivery.status == "sending":  # on screen, but the dispatcher has not recorded it yet
        context.toast(t.reminder_still_sending())
        return
    if delivery.sent_at is None or now - delivery.sent_at > EXPIRES_AFTER:
        context.toast(t.reminder_expired(), show_alert=True)
        context.edit_markup(None)
        return
    kind = await shown_kind(session, delivery)
    if action in ("snooze", "back"):
        buttons = (
            snooze_buttons(delivery.id)
            if action == "snooze"
            else reminder_buttons(delivery.id, kind)
        )
        context.edit_markup(keyboards.raw(buttons))
        return
    minutes = snooze_minutes(action)
    if action == "done":
        delivery.status, note = "done", t.marked_done(kind)
        if kind in ("break", "sit"):
            await reset_sitting(session, user, now)
    elif action == "skip":
        delivery.status, note = "skipped", t.marked_skipped()
    elif minutes is not None and receives_reminders(user):
        due = next_snooze(now, timedelta(minutes=minutes), schedule_for(user))
        await add_one_shot(session, user.id, "snooze", due, {
            "html": snoozable_body(delivery, user), "of": kind,
            "exercises": delivery.content.get("exercises", []),
        })  # fmt: skip
        delivery.status, note = "snoozed", t.marked_snoozed(due, user.timezone or "UTC")
    else:
        refusal = t.reminders_are_off() if minutes else t.unknown_reminder_button()
        context.toast(refusal, show_alert=True)
        return
    delivery.answered_at = now
    context.toast(note)
    context.edit(delivery.content.get("html", "") + "\n\n" + note)


@with_user
async def list_reminders(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """What comes next, in the user's local time."""
    if not user.is_onboarded or user.timezone is None:
        context.reply(common.not_registered())
        return
    if not receives_reminders(user):
        context.reply(t.reminders_are_off())
        return
    now = context.services.now()
    pending = [r for r in await reminders_of(session, user.id) if r.next_due is not None]
    context.reply(t.upcoming(user, pending, now))


@with_user
async def pause(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """`/pause 3d`, `/pause until monday`; without words, buttons to pick from."""
    if not user.is_onboarded or user.timezone is None:
        context.reply(common.not_registered())
        return
    words = " ".join(context.args or [])
    if not words:
        context.reply(pause_texts.pause_question(), keyboards.inline(PAUSE_CHOICES, "pz"))
        return
    await apply_pause(context, session, user, words)


@with_user
async def on_pause_button(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    if not user.is_onboarded or user.timezone is None:
        context.reply(common.not_registered())
        return
    context.edit_markup(None)
    await apply_pause(context, session, user, query.data.split(":", 1)[1])


async def apply_pause(
    context: LimberContext, session: AsyncSession, user: User, words: str
) -> None:
    assert user.timezone is not None
    now = context.services.now()
    until = parse_pause(words[:100], now, user.timezone)
    if until is None:
        context.reply(pause_texts.pause_not_understood())
        return
    await end_pauses(session, user.id, now)  # a new pause replaces one running
    await record_pause(session, user.id, now, until)
    user.paused_until = until
    await sync_reminders(session, user, now)
    context.reply(pause_texts.paused(until.astimezone(ZoneInfo(user.timezone))))


@with_user
async def resume(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """End a pause (or a /stop) now."""
    if not user.is_onboarded:
        context.reply(common.not_registered())
        return
    was_off = user.paused_until is None and user.reminders_on
    await end_pauses(session, user.id, context.services.now())
    user.paused_until = None
    user.reminders_on = True
    await sync_reminders(session, user, context.services.now())
    context.reply(pause_texts.not_paused() if was_off else account.reminders_back_on())


def register(app: LimberApp) -> None:
    private = PRIVATE
    app.add_handler(CallbackQueryHandler(on_reminder_button, pattern=r"^r:"))
    app.add_handler(CallbackQueryHandler(on_pause_button, pattern=r"^pz:"))
    app.add_handler(CommandHandler("reminders", list_reminders, filters=private))
    app.add_handler(CommandHandler("pause", pause, filters=private))
    app.add_handler(CommandHandler("resume", resume, filters=private))
