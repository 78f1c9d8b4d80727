"""/ride, /run, /log and /week: training mileage in, stretches and weekly totals out."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler

from bot.context import LimberApp, LimberContext, with_user
from bot.dispatching import dispatch_tick
from bot.handlers import PRIVATE
from bot.jobs import dispatch_soon
from bot.parsing.activity import ActivityError, parse_activity
from bot.texts import common
from bot.texts import training as t
from db.models import User
from db.repo.reminders import add_one_shot, distance_between, log_activity, total_distance
from scheduler.plan import next_post_activity
from scheduler.policy import crossed_milestone, week_start
from scheduler.sync import receives_reminders, schedule_for


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
        context.reply(t.log_invalid(parsed.message, kind))
        return
    before = await total_distance(session, user.id, parsed.kind)
    await log_activity(session, user.id, parsed.kind, parsed.distance_km, parsed.day,
                       parsed.duration_s, now)  # fmt: skip
    week = await distance_between(session, user.id, week_start(today), today)
    milestone = crossed_milestone(parsed.kind, before, before + parsed.distance_km)
    follow_up = None
    if receives_reminders(user) and (parsed.day == today or milestone):
        due = next_post_activity(now, user.post_activity_delay, schedule_for(user))
        payload = {"activity": parsed.kind, "distance_km": parsed.distance_km}
        if milestone:
            await add_one_shot(session, user.id, "milestone", due,
                               {"activity": parsed.kind, "milestone_km": milestone})  # fmt: skip
        else:
            await add_one_shot(session, user.id, "post_activity", due, payload)
        follow_up = due
        if due - now < timedelta(seconds=5) and context.job_queue is not None:
            # "Right away" should not wait for the next periodic pass.
            dispatch_soon(context.job_queue, dispatch_tick, 0.5)
    context.reply(t.activity_logged(user, parsed, week, today, follow_up, now))


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
    totals = await distance_between(session, user.id, week_start(today), today)
    context.reply(t.week_summary(user, totals, week_start(today), today))


def register(app: LimberApp) -> None:
    private = PRIVATE
    app.add_handler(CommandHandler("ride", ride, filters=private))
    app.add_handler(CommandHandler("run", run, filters=private))
    app.add_handler(CommandHandler("log", log, filters=private))
    app.add_handler(CommandHandler("week", week, filters=private))
