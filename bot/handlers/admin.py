"""/admin for the ids in ADMIN_IDS; everyone else falls through to the unknown-command answer."""

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.context import LimberApp, LimberContext, with_user
from bot.handlers import PRIVATE
from bot.services.admin import overview
from bot.texts import admin as t
from db.models import User


@with_user
async def admin(update: Update, context: LimberContext, session: AsyncSession, _u: User) -> None:
    """Users by state, today's deliveries, and the backlog with its lag."""
    status = await overview(session, context.services.now())
    context.reply(
        t.overview(
            active=status.users.active,
            paused=status.users.paused,
            blocked=status.users.blocked,
            sent_today=status.today.sent,
            late_today=status.today.late,
            missed_today=status.today.missed,
            backlog=status.backlog,
            lag_seconds=status.lag_seconds,
        )
    )


def register(app: LimberApp) -> None:
    admins = app.bot_data["settings"].admin_ids
    # An empty ADMIN_IDS matches nobody: the command then doesn't exist for anyone.
    only_admins = filters.User(user_id=admins)
    app.add_handler(CommandHandler("admin", admin, filters=PRIVATE & only_admins))
