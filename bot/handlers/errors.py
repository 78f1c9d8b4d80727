"""The error handler: log the failure as one event and never leave the user without a reply."""

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError

from bot.context import LimberApp, LimberContext
from bot.logs import log_event
from bot.texts import common

logger = logging.getLogger(__name__)


async def on_error(update: object, context: LimberContext) -> None:
    """Classify what went wrong; tell the user when we can still reach them."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
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
            await update.callback_query.answer(common.error_reply(), show_alert=True)
        else:
            await context.bot.send_message(update.effective_chat.id, common.error_reply())
    except TelegramError as failure:
        log_event(logger, "error_reply_failed", logging.WARNING, error=type(failure).__name__)


def register(app: LimberApp) -> None:
    app.add_error_handler(on_error)
