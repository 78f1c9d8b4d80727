"""/ride, /run, /log, /undo and /week: training mileage in, stretches and weekly totals out."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.callbacks import LogAgainButton, Prefix, UndoButton, YesNo, decode_as, pattern
from bot.context import LimberApp, LimberContext, with_user
from bot.dispatching import dispatch_tick
from bot.handlers import PRIVATE, refuse_button
from bot.jobs import dispatch_soon
from bot.parsing.activity import ActivityError, parse_activity
from bot.services.training import (
    Recorded,
    Twin,
    Undone,
    answer_log_again,
    log_typed,
    undo_activity,
    usual_week_km,
    week_so_far,
)
from bot.texts import common, repeats
from bot.texts import training as t
from db.models import User


async def _log(update: Update, context: LimberContext, session: AsyncSession, user: User,
               kind: str | None) -> None:  # fmt: skip
    if not user.is_onboarded or user.timezone is None:
        context.reply(common.not_registered())
        return
    now = context.services.now()
    today = now.astimezone(ZoneInfo(user.timezone)).date()
    words = " ".join(context.args or [])
    if not words:
        context.reply(t.log_usage(kind))
        return
    parsed = parse_activity(words[:200], kind, user.distance_unit, today)
    if isinstance(parsed, ActivityError):
        context.reply(t.log_invalid(t.activity_problem(parsed, user.distance_unit), kind))
        return
    result = await log_typed(session, user, parsed, today, now)
    if isinstance(result, Twin):
        minutes = int((now - result.logged_at).total_seconds() // 60)
        buttons = [[(repeats.LOG_AGAIN, LogAgainButton(YesNo.YES, result.id)),
                    (repeats.KEEP_ONE, LogAgainButton(YesNo.NO, result.id))]]  # fmt: skip
        context.reply(
            repeats.log_again_question(parsed, user.distance_unit, minutes),
            keyboards.inline(buttons),
        )
        return
    context.reply(logged_text(user, result, today, now), undo_button(result.activity.id))
    kick_if_due(context, result.follow_up, now)


def logged_text(user: User, recorded: Recorded, today: date, now: datetime) -> str:
    """The answer to a logged activity, typed or read from a file."""
    return t.activity_logged(
        recorded.entry,
        recorded.week,
        today,
        recorded.follow_up,
        now,
        unit=user.distance_unit,
        usual_km=usual_week_km(user)[recorded.entry.kind],
        zone=user.timezone or "UTC",
    )


def undone_text(user: User, result: Undone, today: date) -> str:
    return t.undone(
        result.entry, result.week, today, result.follow_ups_cancelled, user.distance_unit
    )


def undo_button(activity_id: int) -> InlineKeyboardMarkup | None:
    """The ↩️ Undo under a "Logged" reply; it names the activity, so an old one stays precise."""
    return keyboards.inline([[(t.UNDO, UndoButton(activity_id))]])


@with_user
async def undo(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """`/undo` takes back the latest logged ride or run and what was to follow it."""
    if not user.is_onboarded or user.timezone is None:
        context.reply(common.not_registered())
        return
    if context.args:  # words after /undo are likely a mistake: remove nothing on a guess
        context.reply(t.undo_usage())
        return
    now = context.services.now()
    today = now.astimezone(ZoneInfo(user.timezone)).date()
    result = await undo_activity(session, user, None, today, now)
    if isinstance(result, Undone):
        context.reply(undone_text(user, result, today))
    elif result == "stale":
        context.reply(t.too_old_to_undo())
    else:
        context.reply(t.nothing_to_undo())


@with_user
async def on_undo(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """`ud:<activity id>`: the Undo button; once only, and only the owner's."""
    query = update.callback_query
    assert query is not None
    button = decode_as(query.data, UndoButton)
    if button is None or user.timezone is None:
        refuse_button(context)
        return
    now = context.services.now()
    today = now.astimezone(ZoneInfo(user.timezone)).date()
    result = await undo_activity(session, user, button.activity_id, today, now)
    if isinstance(result, Undone):
        context.edit(undone_text(user, result, today))
    elif result == "foreign":
        context.toast(t.not_your_log(), show_alert=True)
    else:
        context.toast(t.too_old_to_undo() if result == "stale" else t.already_undone(),
                      show_alert=True)  # fmt: skip
        context.edit_markup(None)


@with_user
async def on_log_again(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """`la:yes|no:<activity id>` answers "log it again?"; once only, however often it is tapped."""
    query = update.callback_query
    assert query is not None
    button = decode_as(query.data, LogAgainButton)
    if button is None or user.timezone is None:
        refuse_button(context)
        return
    now = context.services.now()
    today = now.astimezone(ZoneInfo(user.timezone)).date()
    again = button.answer == YesNo.YES
    result = await answer_log_again(session, user, button.activity_id, again, today, now)
    if result == "settled":
        # Only a toast: after a first "Yes" this message carries the Undo button, which a
        # double tap must not take away.
        context.toast(repeats.already_settled())
    elif result == "kept":
        context.toast(repeats.kept_one())
        context.edit(repeats.kept_one())
    else:
        context.edit(logged_text(user, result, today, now), undo_button(result.activity.id))
        kick_if_due(context, result.follow_up, now)


def kick_if_due(context: LimberContext, follow_up: datetime | None, now: datetime) -> None:
    """Stretches due "right away" should not wait for the next periodic pass."""
    queue = context.job_queue
    if follow_up is not None and follow_up - now < timedelta(seconds=5) and queue is not None:
        dispatch_soon(queue, dispatch_tick, 0.5)


@with_user
async def ride(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """`/ride 42` logs a ride in the user's unit."""
    await _log(update, context, session, user, "ride")


@with_user
async def run(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """`/run 10.5` logs a run."""
    await _log(update, context, session, user, "run")


@with_user
async def log(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """`/log ride 42km 1h35 yesterday`: kind, distance, optional duration and day."""
    await _log(update, context, session, user, None)


@with_user
async def week(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """This week's distance and sessions against the usual volume."""
    if not user.is_onboarded or user.timezone is None:
        context.reply(common.not_registered())
        return
    today = context.services.now().astimezone(ZoneInfo(user.timezone)).date()
    monday, totals = await week_so_far(session, user.id, today)
    context.reply(
        t.week_summary(
            totals, monday, today,
            unit=user.distance_unit, usual_km=usual_week_km(user), roles=user.role_set,
        )
    )  # fmt: skip


def register(app: LimberApp) -> None:
    private = PRIVATE
    app.add_handler(CommandHandler("ride", ride, filters=private))
    app.add_handler(CommandHandler("run", run, filters=private))
    app.add_handler(CommandHandler("log", log, filters=private))
    app.add_handler(CommandHandler("undo", undo, filters=private))
    app.add_handler(CommandHandler("week", week, filters=private))
    app.add_handler(CallbackQueryHandler(on_log_again, pattern=pattern(Prefix.LOG_AGAIN)))
    app.add_handler(CallbackQueryHandler(on_undo, pattern=pattern(Prefix.UNDO)))
