"""Sending reminders through PTB: one message per chat per second, Telegram errors classified."""

import asyncio
import contextlib
import time
import warnings
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta

from telegram import InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot
from telegram.warnings import PTBDeprecationWarning

from bot import keyboards
from scheduler.dispatch import Buttons, SendBlocked, SendRejected, SendRetry

PER_CHAT_INTERVAL = 1.0


@dataclass
class _Chat:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    finished: float = 0.0  # monotonic time the last send to this chat ended


class TelegramOutbox:
    """The dispatcher's way out. PTB's AIORateLimiter keeps the overall rate; it does not pace
    private chats, so this does (Telegram allows about one message a second per chat). The bot
    must carry `HTML_DEFAULTS`: texts are HTML and no send names a parse mode."""

    def __init__(self, bot: ExtBot[None], per_chat_interval: float = PER_CHAT_INTERVAL) -> None:
        self.bot = bot
        self.per_chat_interval = per_chat_interval
        self._chats: dict[int, _Chat] = {}

    @contextlib.asynccontextmanager
    async def _paced(self, chat_id: int) -> AsyncIterator[None]:
        """One send per chat at a time, each starting an interval after the last one ended
        (spacing the starts is not enough: a slow answer would bunch the next send up)."""
        if self.per_chat_interval <= 0:
            yield
            return
        chat = self._chats.setdefault(chat_id, _Chat())
        async with chat.lock:
            wait = chat.finished + self.per_chat_interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                chat.finished = time.monotonic()
        if len(self._chats) > 10_000:
            self._forget_idle()

    def _forget_idle(self) -> None:
        cutoff = time.monotonic() - self.per_chat_interval
        self._chats = {
            chat: entry
            for chat, entry in self._chats.items()
            if entry.lock.locked() or entry.finished > cutoff
        }

    async def send(
        self, chat_id: int, html: str, buttons: Buttons, photo: bytes | None = None
    ) -> int:
        """Send (a photo with `html` as its caption, when given one); returns the message id or
        raises SendBlocked, SendRetry or SendRejected."""
        markup = keyboards.raw(buttons)
        try:
            async with self._paced(chat_id):
                if photo is None:
                    message = await self.bot.send_message(chat_id, html, reply_markup=markup)
                else:
                    message = await self.bot.send_photo(
                        chat_id, InputFile(photo, filename="week.png"), caption=html,
                        reply_markup=markup,
                    )  # fmt: skip
        except Forbidden as error:
            raise SendBlocked(str(error)) from error
        except RetryAfter as error:
            with warnings.catch_warnings():  # int today, timedelta in a future PTB: both work
                warnings.simplefilter("ignore", PTBDeprecationWarning)
                wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            raise SendRetry(seconds, "retry_after") from error
        except BadRequest as error:
            if "chat not found" in error.message.lower():
                raise SendBlocked(error.message) from error
            raise SendRejected(error.message) from error
        except (TimedOut, NetworkError) as error:
            raise SendRetry(0, type(error).__name__) from error
        return message.message_id
