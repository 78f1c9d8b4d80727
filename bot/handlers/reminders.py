"""Reminder buttons (Done / Snooze / Skip), /reminders, /pause and /resume."""

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update
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
from bot.services.reminder_content import reminder_buttons
from bot.services.reminders import (
    SNOOZES,
    Keyboard,
    agenda,
    answer_reminder,
    pause_reminders,
    resume_reminders,
)
from bot.texts import account, common
from bot.texts import pause as pause_texts
from bot.texts import reminders as t
from db.models import User
from db.vocab import ReminderKind
from scheduler.sync import receives_reminders

# The pause buttons, by the words each stands for.
PAUSE_CHOICES = [[(pause_texts.pause_choice(words), PauseButton(words)) for words in row]
                 for row in (("2h", "1d", "3d"), ("1w", "until monday"))]  # fmt: skip


def snooze_buttons(delivery_id: int) -> keyboards.Choices:
    """10 min, 30 min, 1 h / 3 h, tomorrow / back; `r:sztm:2147483647` is far below 64 bytes."""
    options = [(t.snooze_label(code), ReminderButton(code, delivery_id)) for code in SNOOZES]
    return [
        options[:3],
        options[3:],
        [(t.BACK, ReminderButton(ReminderAction.BACK, delivery_id))],
    ]


def take_button(delivery_id: int) -> keyboards.Choices:
    return [[(t.TAKE_NOW, ReminderButton(ReminderAction.TAKE, delivery_id))]]


def reminder_markup(
    keyboard: Keyboard, delivery_id: int, kind: ReminderKind
) -> InlineKeyboardMarkup | None:
    """The buttons an answer asks for, under the reminder it answered."""
    if keyboard == Keyboard.SNOOZE:
        return keyboards.inline(snooze_buttons(delivery_id))
    if keyboard == Keyboard.REMINDER:
        return keyboards.raw(reminder_buttons(delivery_id, kind))
    if keyboard == Keyboard.TAKE:
        return keyboards.inline(take_button(delivery_id))
    return None


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
    if button is None:
        context.toast(t.not_your_reminder(), show_alert=True)
        return
    now = context.services.now()
    answer = await answer_reminder(session, user, button.delivery_id, button.action, now)
    context.toast(answer.toast, show_alert=answer.alert)
    if answer.keyboard is not None:
        markup = reminder_markup(answer.keyboard, button.delivery_id, answer.kind)
        if answer.text is not None:
            context.edit(answer.text, markup)
        else:
            context.edit_markup(markup)
    if answer.message is not None:
        context.reply(answer.message)


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
    coming = await agenda(session, user, now)
    context.reply(
        t.upcoming(
            coming.zone,
            coming.coming,
            now,
            break_every=coming.break_every,
            work_hours=coming.work_hours,
            paused_until=coming.paused_until,
            quiet_hours=coming.quiet_hours,
        )
    )


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
    until = await pause_reminders(session, user, words, context.services.now())
    if until is None:
        context.reply(pause_texts.pause_not_understood())
        return
    context.reply(pause_texts.paused(until.astimezone(ZoneInfo(user.timezone))))


@with_user
async def resume(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """End a pause (or a /stop) now."""
    if not user.is_onboarded:
        context.reply(common.not_registered())
        return
    was_off = await resume_reminders(session, user, context.services.now())
    context.reply(account.reminders_back_on() if was_off else pause_texts.not_paused())


def register(app: LimberApp) -> None:
    private = PRIVATE
    app.add_handler(CallbackQueryHandler(on_reminder_button, pattern=pattern(Prefix.REMINDER)))
    app.add_handler(CallbackQueryHandler(on_pause_button, pattern=pattern(Prefix.PAUSE)))
    app.add_handler(CommandHandler("reminders", list_reminders, filters=private))
    app.add_handler(CommandHandler("pause", pause, filters=private))
    app.add_handler(CommandHandler("resume", resume, filters=private))
