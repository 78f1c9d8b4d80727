"""What every handler needs: the shared services, a DB session per update, and the user."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from db.models import User
from db.repo.users import get_or_create_user


def system_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """Opened once per process (in post_init) and shared by all handlers and jobs."""

    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    now: Callable[[], datetime] = system_now
    extras: dict[str, Any] = field(default_factory=dict)


class LimberContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context with typed access to our services."""

    @property
    def services(self) -> Services:
        services: Services = self.application.bot_data["services"]
        return services


LimberApp = Application[
    ExtBot[None], LimberContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]
UserHandler = Callable[[Update, LimberContext, AsyncSession, User], Awaitable[None]]
PlainHandler = Callable[[Update, LimberContext], Awaitable[None]]


def with_user(handler: UserHandler) -> PlainHandler:
    """Open one session, load or register the sender, run the handler, commit.

    If the handler (or a reply it sends) fails, the session rolls back: a failed update
    changes nothing, and the error handler tells the user.
    """

    @wraps(handler)
    async def wrapper(update: Update, context: LimberContext) -> None:
        sender, chat = update.effective_user, update.effective_chat
        if sender is None or chat is None:
            return
        async with context.services.sessionmaker() as session:
            user = await get_or_create_user(
                session, sender.id, chat.id, sender.first_name or "", sender.language_code
            )
            await handler(update, context, session, user)
            await session.commit()

    return wrapper
