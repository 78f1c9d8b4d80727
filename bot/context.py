"""What every handler needs: the shared services, a DB session per update, and the user."""

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import (
    InlineKeyboardMarkup,
    InputFile,
    InputMediaPhoto,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackContext,
    Defaults,
    ExtBot,
    JobQueue,
)

from bot.config import Settings
from bot.logs import bind
from bot.outage import OutageRetry
from bot.texts.outage import answer_delayed
from db.models import User
from db.repo.users import get_or_create_user
from scheduler.clock import Clock, SystemClock
from scheduler.dispatch import Dispatcher
from scheduler.sync import sync_reminders


@dataclass
class Services:
    """Opened once per process (in post_init) and shared by all handlers and jobs."""

    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    clock: Clock = field(default_factory=SystemClock)
    dispatcher: Dispatcher | None = None
    outage: OutageRetry = field(default_factory=OutageRetry)

    def now(self) -> datetime:
        """The current instant from the injected clock (tests move it; production reads it)."""
        return self.clock.now()


# Every text of ours is HTML: the Application's bot (and any bot handed to the outbox) sends it
# with this default instead of a parse mode at each call.
HTML_DEFAULTS = Defaults(parse_mode=ParseMode.HTML)

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None


class LimberContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context with typed access to our services, and an outbox for the update.

    Handlers queue what they say (`reply`, `edit`, `toast`); `with_user` sends it only after
    the database commit, so the user never sees a confirmation of something that wasn't saved.
    """

    @property
    def services(self) -> Services:
        services: Services = self.application.bot_data["services"]
        return services

    def begin(self, update: Update) -> None:
        self._update = update
        self._toast: tuple[str | None, bool] | None = None
        self._outgoing: list[Callable[[], Awaitable[object]]] = []

    def reply(self, text: str, reply_markup: Markup = None) -> None:
        """Send an HTML message to the chat of the update."""
        chat = self._update.effective_chat
        assert chat is not None
        self._outgoing.append(
            lambda: self.bot.send_message(chat.id, text, reply_markup=reply_markup)
        )

    def reply_document(self, content: bytes, file_name: str, caption: str) -> None:
        """Send a file (an export) to the chat of the update, with an HTML caption."""
        chat = self._update.effective_chat
        assert chat is not None
        self._outgoing.append(
            lambda: self.bot.send_document(
                chat.id,
                InputFile(content, filename=file_name),
                caption=caption,
            )
        )

    def reply_photo(self, content: bytes, caption: str, reply_markup: Markup = None) -> None:
        """Send a PNG (a chart) with an HTML caption to the chat of the update."""
        chat = self._update.effective_chat
        assert chat is not None
        self._outgoing.append(
            lambda: self.bot.send_photo(
                chat.id,
                InputFile(content, filename="chart.png"),
                caption=caption,
                reply_markup=reply_markup,
            )
        )

    def edit(self, text: str, reply_markup: InlineKeyboardMarkup | None = None) -> None:
        """Replace the text (and buttons) of the message whose button was pressed."""
        query = self._update.callback_query
        assert query is not None
        self._outgoing.append(lambda: query.edit_message_text(text, reply_markup=reply_markup))

    def edit_photo(
        self, content: bytes, caption: str, reply_markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """Replace the photo and caption of the message whose button was pressed."""
        query = self._update.callback_query
        assert query is not None
        media = InputMediaPhoto(
            InputFile(content, filename="chart.png", attach=True),
            caption=caption,
            parse_mode=ParseMode.HTML,
        )
        self._outgoing.append(lambda: query.edit_message_media(media, reply_markup=reply_markup))

    def edit_markup(self, reply_markup: InlineKeyboardMarkup | None) -> None:
        query = self._update.callback_query
        assert query is not None
        self._outgoing.append(lambda: query.edit_message_reply_markup(reply_markup))

    def toast(self, text: str | None = None, show_alert: bool = False) -> None:
        """The answer to a button press (a short notice, or just ending the spinner)."""
        self._toast = (text, show_alert)

    async def flush(self) -> None:
        """Send what was queued: the button answer first, then messages in order."""
        query = self._update.callback_query
        if query is not None:
            text, alert = self._toast or (None, False)
            await query.answer(text, show_alert=alert)
        for send in self._outgoing:
            await send()
        self._outgoing.clear()


LimberApp = Application[
    ExtBot[None],
    LimberContext,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[LimberContext],
]
LimberBuilder = ApplicationBuilder[
    ExtBot[None],
    LimberContext,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[LimberContext],
]
UserHandler = Callable[[Update, LimberContext, AsyncSession, User], Coroutine[Any, Any, None]]
PlainHandler = Callable[[Update, LimberContext], Coroutine[Any, Any, None]]


def with_user(handler: UserHandler) -> PlainHandler:
    """Open one session, load or register the sender, run the handler, commit, then send.

    If the handler fails, the session rolls back and nothing queued is sent: a failed update
    changes nothing, and the error handler tells the user.
    """

    @wraps(handler)
    async def wrapper(update: Update, context: LimberContext) -> None:
        sender, chat = update.effective_user, update.effective_chat
        if sender is None or chat is None:
            return

        async def attempt() -> None:
            context.begin(update)  # a retried attempt starts with nothing queued
            async with context.services.sessionmaker() as session:
                user = await get_or_create_user(
                    session, sender.id, chat.id, sender.first_name or "", sender.language_code
                )
                bind(user_id=user.id)
                if user.blocked:  # they unblocked us and wrote again: resume their reminders
                    user.blocked = False
                    await sync_reminders(session, user, context.services.now())
                await handler(update, context, session, user)
                await session.commit()

        services = context.services
        await services.outage.run(
            attempt,
            lambda: context.bot.send_message(chat.id, answer_delayed()),
            budget=services.settings.update_db_retry_seconds,
        )
        await context.flush()

    return wrapper
