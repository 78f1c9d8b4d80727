"""/stats: the last weeks as text and a chart; buttons switch between 4 weeks, 12 and a year."""

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.callbacks import Prefix, StatsButton, decode_as, pattern
from bot.context import LimberApp, LimberContext, with_user
from bot.handlers import PRIVATE, refuse_button
from bot.services.charts import render_chart
from bot.services.stats import PERIODS, Period, collect_stats
from bot.texts import common
from bot.texts import stats as t
from db.models import User


async def stats_message(
    session: AsyncSession, user: User, period: Period, context: LimberContext
) -> tuple[bytes, str]:
    """The chart (drawn in a worker thread, off the event loop) and its caption."""
    collected = await collect_stats(session, user, period, context.services.now())
    png = await asyncio.to_thread(render_chart, collected, user.distance_unit)
    return png, t.stats_caption(collected, user.distance_unit)


@with_user
async def stats(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """The last four weeks; the buttons below switch the span."""
    if not user.is_onboarded or user.timezone is None:
        context.reply(common.not_registered())
        return
    png, caption = await stats_message(session, user, "4w", context)
    context.reply_photo(png, caption, keyboards.raw(t.period_buttons("4w")))


@with_user
async def on_stats_button(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """`st:<period>:<shown>` redraws the chart for another span; the shown one is a no-op."""
    query = update.callback_query
    assert query is not None
    button = decode_as(query.data, StatsButton)
    period = next((p for p in PERIODS if button is not None and p == button.wanted), None)
    if button is None or period is None or not user.is_onboarded or user.timezone is None:
        refuse_button(context)
        return
    if period == button.shown:
        context.toast(t.PERIOD_LABELS[period])
        return
    png, caption = await stats_message(session, user, period, context)
    context.edit_photo(png, caption, keyboards.raw(t.period_buttons(period)))


def register(app: LimberApp) -> None:
    app.add_handler(CommandHandler("stats", stats, filters=PRIVATE))
    app.add_handler(CallbackQueryHandler(on_stats_button, pattern=pattern(Prefix.STATS)))
