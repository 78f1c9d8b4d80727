"""What every handler needs: the shared services, a DB session per update, and the user."""

import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm.attributes import set_committed_value
from telegram import (
    InlineKeyboardMarkup,
    InputFile,
    InputMediaPhoto,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackContext,
    Defaults,
    ExtBot,
    JobQueue,
)

from bot.config import Settings
from bot.logs import bind, log_event
from bot.outage import OutageRetry
from bot.raw_send import send_html
from bot.replies import deliver
from bot.texts import replies
from bot.texts.outage import answer_delayed
from db.models import User
from db.repo.users import get_or_create_user, set_pending_notice
from scheduler.clock import Clock, SystemClock
from scheduler.dispatch import Dispatcher
from scheduler.sync import sync_reminders

logger = logging.getLogger(__name__)
MAX_NOTICE = 3000  # characters of undelivered replies worth repeating; beyond, a short note


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


@dataclass
class _Outgoing:
    """One queued message or edit; `text` is what it tells the user (None: buttons only)."""

    send: Callable[[], Awaitable[object]]
    text: str | None


class ReplyFailed(Exception):
    """The update was handled and committed, but what it had to say did not get through.

    `saved` tells whether the update changed anything (then `notice` waits on the user row
    for their next answer); `answered` whether the button press got its answer already.
    """

    def __init__(
        self, cause: TelegramError, *, user_id: int, saved: bool, answered: bool, notice: str | None
    ) -> None:
        super().__init__(f"the reply could not be delivered: {type(cause).__name__}")
        self.cause = cause
        self.user_id = user_id
        self.saved = saved
        self.answered = answered
        self.notice = notice


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
        self._outgoing: list[_Outgoing] = []
        self.answered = False
        self.failure: TelegramError | None = None

    def reply(self, text: str, reply_markup: Markup = None) -> None:
        """Send an HTML message to the chat of the update."""
        chat = self._update.effective_chat
        assert chat is not None
        self._outgoing.append(
            _Outgoing(lambda: send_html(self.bot, chat.id, text, reply_markup), text)
        )

    def reply_document(self, content: bytes, file_name: str, caption: str) -> None:
        """Send a file (an export) to the chat of the update, with an HTML caption."""
        chat = self._update.effective_chat
        assert chat is not None
        self._outgoing.append(
            _Outgoing(
                lambda: self.bot.send_document(
                    chat.id, InputFile(content, filename=file_name), caption=caption
                ),
                caption,
            )
        )

    def reply_photo(self, content: bytes, caption: str, reply_markup: Markup = None) -> None:
        """Send a PNG (a chart) with an HTML caption to the chat of the update."""
        chat = self._update.effective_chat
        assert chat is not None
        self._outgoing.append(
            _Outgoing(
                lambda: self.bot.send_photo(
                    chat.id,
                    InputFile(content, filename="chart.png"),
                    caption=caption,
                    reply_markup=reply_markup,
                ),
                caption,
            )
        )

    def edit(self, text: str, reply_markup: InlineKeyboardMarkup | None = None) -> None:
        """Replace the text (and buttons) of the message whose button was pressed."""
        query = self._update.callback_query
        assert query is not None
        self._outgoing.append(
            _Outgoing(
                lambda: query.edit_message_text(text, reply_markup=reply_markup),
                text,
            )
        )

    def edit_photo(
        self, content: bytes, caption: str, reply_markup: InlineKeyboardMarkup | None = None
    ) -> None:
        """Replace the photo and caption of the message whose button was pressed."""
        query = self._update.callback_query
        assert query is not None
        # The caption's parse mode comes from the bot's defaults, as for every other text.
        media = InputMediaPhoto(
            InputFile(content, filename="chart.png", attach=True), caption=caption
        )
        self._outgoing.append(
            _Outgoing(lambda: query.edit_message_media(media, reply_markup=reply_markup), caption)
        )

    def edit_markup(self, reply_markup: InlineKeyboardMarkup | None) -> None:
        query = self._update.callback_query
        assert query is not None
        self._outgoing.append(
            _Outgoing(lambda: query.edit_message_reply_markup(reply_markup), None)
        )

    def toast(self, text: str | None = None, show_alert: bool = False) -> None:
        """The answer to a button press (a short notice, or just ending the spinner)."""
        self._toast = (text, show_alert)

    async def answer_query(self) -> None:
        """Answer the button press once (retried); a lost answer only leaves a spinner, so it
        is logged and the edits still go out."""
        query = self._update.callback_query
        if query is None or self.answered:
            return
        self.answered = True
        text, alert = self._toast or (None, False)
        try:
            await deliver(lambda: query.answer(text, show_alert=alert))
        except TelegramError as error:
            log_event(logger, "callback_answer_failed", logging.WARNING, error=type(error).__name__)

    async def flush(self) -> list[str]:
        """Send what was queued: the button answer first, then messages in order.

        Returns the texts that did not get through (empty when all did); raises nothing of
        Telegram's, so the caller decides what a lost reply means.
        """
        await self.answer_query()
        pending, self._outgoing = self._outgoing, []
        for index, item in enumerate(pending):
            try:
                await deliver(item.send)
            except TelegramError as error:
                self.failure = error
                return [rest.text for rest in pending[index:] if rest.text is not None]
        return []

    def lost_notice(self, lost: list[str]) -> str:
        """What to tell the user later about a saved change whose confirmation was lost: the
        button's short answer, else the lost replies themselves, else a plain "saved"."""
        toast = self._toast[0] if self._toast else None
        if self._update.callback_query is not None and toast:
            return replies.saved_earlier(toast)
        body = "\n\n".join(lost)
        return replies.saved_earlier(body) if len(body) <= MAX_NOTICE else replies.saved_generic()


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


_WROTE = "limber.wrote"  # session.info key: set once the session changes anything


def _note_flush(session: Session, _context: object, _instances: object) -> None:
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        session.info[_WROTE] = True


def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


# Listened for once on every Session rather than on each update's own: adding listeners to a
# session is costlier than the handful of statements a typical update runs.
event.listen(Session, "before_flush", _note_flush)
event.listen(Session, "do_orm_execute", _note_statement)


def with_user(handler: UserHandler) -> PlainHandler:
    """Open one session, load or register the sender, run the handler, commit, then send.

    If the handler fails, the session rolls back and nothing queued is sent: a failed update
    changes nothing, and the error handler tells the user. A reply lost after the commit is
    kept on the user row and said first in their next answer.
    """

    @wraps(handler)
    async def wrapper(update: Update, context: LimberContext) -> None:
        sender, chat = update.effective_user, update.effective_chat
        if sender is None or chat is None or chat.type != ChatType.PRIVATE:
            await _decline(update)
            return
        state: dict[str, Any] = {}

        async def attempt() -> None:
            context.begin(update)  # a retried attempt starts with nothing queued
            async with context.services.sessionmaker() as session:
                user = await get_or_create_user(
                    session, sender.id, chat.id, sender.first_name or "", sender.language_code
                )
                bind(user_id=user.id)
                earlier = user.pending_notice
                if earlier is not None:  # said first, and kept if this answer is lost too
                    context.reply(earlier)
                    await set_pending_notice(session, user.id, None)
                    set_committed_value(user, "pending_notice", None)
                session.info.pop(_WROTE, None)  # what counts is what comes after this
                if user.blocked:  # they unblocked us and wrote again: resume their reminders
                    user.blocked = False
                    await sync_reminders(session, user, context.services.now())
                await handler(update, context, session, user)
                await session.commit()
            state.update(user_id=user.id, earlier=earlier, saved=session.info.get(_WROTE, False))

        services = context.services
        await services.outage.run(
            attempt,
            lambda: context.bot.send_message(chat.id, answer_delayed()),
            budget=services.settings.update_db_retry_seconds,
        )
        lost = await context.flush()
        if context.failure is None:
            return
        notice = _still_untold(context, lost, state["earlier"], state["saved"])
        if notice is not None:
            async with services.sessionmaker() as session:
                await set_pending_notice(session, state["user_id"], notice)
                await session.commit()
        raise ReplyFailed(
            context.failure,
            user_id=state["user_id"],
            saved=state["saved"],
            answered=context.answered,
            notice=notice,
        )

    return wrapper


def _still_untold(
    context: LimberContext, lost: list[str], earlier: str | None, saved: bool
) -> str | None:
    """The notice to keep: an earlier one that was lost again, and this update's change."""
    parts = []
    if earlier is not None and earlier in lost:
        parts.append(earlier)
        lost = [text for text in lost if text != earlier]
    if saved and lost:
        parts.append(context.lost_notice(lost))
    return "\n\n".join(parts) or None


async def _decline(update: Update) -> None:
    """A button outside a private chat (a group, an inline message) is answered, not acted
    on: the user's reminders and replies belong to their private chat."""
    query = update.callback_query
    if query is None:
        return
    try:
        await deliver(lambda: query.answer(replies.private_only(), show_alert=True))
    except TelegramError as error:
        log_event(logger, "callback_answer_failed", logging.WARNING, error=type(error).__name__)
