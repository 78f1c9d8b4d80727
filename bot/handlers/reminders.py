"""Reminder buttons (Done / Snooze / Skip), /reminders, /pause and /resume."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.callbacks import (
    PauseButton,
    Prefix,
    ReminderAction,
    ReminderButton,
    decode_as,
    pattern,
    reminder_delivery,
)
from bot.context import LimberApp, LimberContext, with_user
from bot.handlers import PRIVATE, refuse_button
from bot.parsing.pause import parse_pause
from bot.services.reminder_content import reminder_buttons
from bot.texts import account, common
from bot.texts import pause as pause_texts
from bot.texts import reminders as t
from db.models import Delivery, Reminder, User
from db.repo.pauses import end_pauses, record_pause
from db.repo.reminders import add_one_shot, reminders_of
from db.vocab import SITTING, ReminderKind
from scheduler.plan import next_snooze, next_snooze_tomorrow
from scheduler.sync import (
    receives_reminders,
    reset_sitting,
    schedule_for,
    snooze_sitting,
    sync_reminders,
)

ANSWERED = ("done", "skipped", "snoozed")
EXPIRES_AFTER = timedelta(hours=24)
# A skipped break can still be taken this long after the skip.
TAKE_WITHIN = timedelta(hours=1)
# The snooze options and their minutes (None: tomorrow, when the day's reminders begin).
SNOOZES: dict[ReminderAction, int | None] = {
    ReminderAction.SNOOZE_10: 10, ReminderAction.SNOOZE_30: 30, ReminderAction.SNOOZE_60: 60,
    ReminderAction.SNOOZE_180: 180, ReminderAction.SNOOZE_TOMORROW: None,
}  # fmt: skip
PAUSE_CHOICES = [[("2 hours", PauseButton("2h")), ("1 day", PauseButton("1d")),
                  ("3 days", PauseButton("3d"))],
                 [("1 week", PauseButton("1w")),
                  ("Until Monday", PauseButton("until monday"))]]  # fmt: skip


def snooze_buttons(delivery_id: int) -> keyboards.Choices:
    """10 min, 30 min, 1 h / 3 h, tomorrow / back; `r:sztm:2147483647` is far below 64 bytes."""
    options = [(t.snooze_label(code), ReminderButton(code, delivery_id)) for code in SNOOZES]
    return [
        options[:3],
        options[3:],
        [("↩️ Back", ReminderButton(ReminderAction.BACK, delivery_id))],
    ]


def take_button(delivery_id: int) -> keyboards.Choices:
    return [[(t.TAKE_NOW, ReminderButton(ReminderAction.TAKE, delivery_id))]]


async def shown_kind(session: AsyncSession, delivery: Delivery) -> ReminderKind:
    """What the user sees: a snoozed reminder is still the nudge or routine it came from."""
    if delivery.kind != ReminderKind.SNOOZE:
        return delivery.kind
    reminder = await session.get(Reminder, delivery.reminder_id)
    if reminder is None:
        return ReminderKind.SNOOZE
    return ReminderKind(reminder.payload.get("of", ReminderKind.SNOOZE))


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
    assert query is not None
    button = decode_as(query.data, ReminderButton)
    if button is None and reminder_delivery(query.data) is not None:  # a made-up action
        refuse_button(context)
        return
    delivery = await session.get(Delivery, button.delivery_id) if button is not None else None
    if button is None or delivery is None or delivery.user_id != user.id:
        context.toast(t.not_your_reminder(), show_alert=True)
        return
    now = context.services.now()
    action = button.action
    if action == ReminderAction.TAKE:
        await take_skipped(context, session, user, delivery)
        return
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
    if action == ReminderAction.SNOOZE:
        context.edit_markup(keyboards.inline(snooze_buttons(delivery.id)))
        return
    if action == ReminderAction.BACK:
        context.edit_markup(keyboards.raw(reminder_buttons(delivery.id, kind)))
        return
    snooze = action in SNOOZES
    markup = None
    if action == ReminderAction.DONE:
        delivery.status, note = "done", t.marked_done(kind)
        if kind in SITTING:
            await reset_sitting(session, user, now)
    elif action == ReminderAction.SKIP:
        delivery.status, note = "skipped", t.marked_skipped(kind in SITTING)
        if kind in SITTING:
            markup = keyboards.inline(take_button(delivery.id))
    elif snooze and receives_reminders(user):
        schedule = schedule_for(user)
        minutes = SNOOZES[action]
        if minutes is None:
            due = next_snooze_tomorrow(now, schedule)
        else:
            due = next_snooze(now, timedelta(minutes=minutes), schedule)
        payload = {
            "html": snoozable_body(delivery, user), "of": kind,
            "exercises": delivery.content.get("exercises", []),
        }  # fmt: skip
        if kind in SITTING:
            payload |= {"sat_since": (await sat_since(session, delivery, user)).isoformat(),
                        "every": user.break_every}  # fmt: skip
            await snooze_sitting(session, user, due)
        await add_one_shot(session, user.id, ReminderKind.SNOOZE, due, payload)
        delivery.status, note = "snoozed", t.marked_snoozed(due, user.timezone or "UTC", now)
    else:
        refusal = t.reminders_are_off() if snooze else t.unknown_reminder_button()
        context.toast(refusal, show_alert=True)
        return
    delivery.answered_at = now
    context.toast(note)
    context.edit(delivery.content.get("html", "") + "\n\n" + note, markup)


async def sat_since(session: AsyncSession, delivery: Delivery, user: User) -> datetime:
    """Since when the user has sat, as the nudge being snoozed counted it: one interval before
    a nudge, or what an earlier snooze of it carried."""
    if delivery.kind == ReminderKind.SNOOZE:
        reminder = await session.get(Reminder, delivery.reminder_id)
        if reminder is not None and "sat_since" in reminder.payload:
            return datetime.fromisoformat(reminder.payload["sat_since"])
    return delivery.due_at - timedelta(minutes=user.break_every)


async def take_skipped(
    context: LimberContext, session: AsyncSession, user: User, delivery: Delivery
) -> None:
    """ "Take it now" on a skipped break: the move comes back as a new message within the hour,
    and taking it counts as getting up."""
    now = context.services.now()
    if delivery.status == "done" and delivery.content.get("taken_at"):
        context.toast(t.already_taken())
        context.edit_markup(None)
        return
    kind = await shown_kind(session, delivery)
    skipped_at = delivery.answered_at
    if delivery.status != "skipped" or kind not in SITTING or skipped_at is None:
        context.toast(t.unknown_reminder_button(), show_alert=True)
        return
    if now - skipped_at > TAKE_WITHIN:
        context.toast(t.take_too_late(), show_alert=True)
        context.edit_markup(None)
        return
    delivery.status = "done"
    delivery.content = {**delivery.content, "taken_at": now.isoformat()}
    await reset_sitting(session, user, now)
    context.toast(t.taking_it_now())
    context.edit_markup(None)
    context.reply(t.taken_now(snoozable_body(delivery, user)))


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
        context.reply(pause_texts.pause_question(), keyboards.inline(PAUSE_CHOICES))
        return
    await apply_pause(context, session, user, words)


@with_user
async def on_pause_button(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    query = update.callback_query
    assert query is not None
    button = decode_as(query.data, PauseButton)
    if button is None:
        refuse_button(context)
        return
    if not user.is_onboarded or user.timezone is None:
        context.reply(common.not_registered())
        return
    context.edit_markup(None)
    await apply_pause(context, session, user, button.words)


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
    app.add_handler(CallbackQueryHandler(on_reminder_button, pattern=pattern(Prefix.REMINDER)))
    app.add_handler(CallbackQueryHandler(on_pause_button, pattern=pattern(Prefix.PAUSE)))
    app.add_handler(CommandHandler("reminders", list_reminders, filters=private))
    app.add_handler(CommandHandler("pause", pause, filters=private))
    app.add_handler(CommandHandler("resume", resume, filters=private))
