"""The error handler: log the failure as one event and never leave the user without a reply.

What it says matches what happened: a failure before the commit saved nothing ("try again"),
a reply lost after it did not undo the change (no "try again", which would store it twice).
"""

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.context import LimberApp, LimberContext, ReplyFailed
from bot.logs import log_event
from bot.services.notices import notice_delivered
from bot.texts import replies

logger = logging.getLogger(__name__)


async def on_error(update: object, context: LimberContext) -> None:
    """Classify what went wrong; tell the user when we can still reach them."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, ReplyFailed):
        await _reply_failed(update, context, error)
        return
    if isinstance(error, Forbidden):
        log_event(logger, "user_unreachable", logging.WARNING, update_id=update_id)
        return
    if isinstance(error, RetryAfter | NetworkError) and not isinstance(update, Update):
        log_event(logger, "telegram_transient", logging.WARNING, error=type(error).__name__)
        return
    log_event(
        logger,
        "handler_failed",
        logging.ERROR,
        update_id=update_id,
        error=type(error).__name__,
        exc_info=error,
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(replies.nothing_saved(), show_alert=True)
        else:
            await context.bot.send_message(update.effective_chat.id, replies.nothing_saved())
    except TelegramError as failure:
        log_event(logger, "error_reply_failed", logging.WARNING, error=type(failure).__name__)


async def _reply_failed(update: object, context: LimberContext, error: ReplyFailed) -> None:
    """The change (if any) is stored and its notice waits for the user's next message. One more
    try now only when Telegram did not ask us to wait: never inside a retry_after window, and
    never a second answer to the button press."""
    cause = error.cause
    if isinstance(cause, BadRequest):  # Telegram refused what we wrote: a bug of ours
        log_event(logger, "handler_failed", logging.ERROR, error="BadRequest", exc_info=cause)
    else:
        log_event(
            logger, "reply_lost", logging.WARNING, saved=error.saved, error=type(cause).__name__
        )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(cause, RetryAfter | Forbidden) or update.callback_query is not None:
        return
    text = error.notice or (replies.saved_generic() if error.saved else replies.answer_lost())
    try:
        await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError as failure:
        log_event(logger, "error_reply_failed", logging.WARNING, error=type(failure).__name__)
        return
    if error.notice is not None:
        async with context.services.sessionmaker() as session:
            await notice_delivered(session, error.user_id)
            await session.commit()


def register(app: LimberApp) -> None:
    app.add_error_handler(on_error)
