"""Sending reminders through PTB: fenced, paced with the replies, Telegram errors classified."""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from telegram import InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

from bot import keyboards
from bot.ratelimit import SendBudget, retry_after_seconds
from bot.raw_send import send_html
from scheduler.dispatch import Buttons, Fence, SendBlocked, SendFenced, SendRejected, SendRetry

PER_CHAT_INTERVAL = 1.0


@dataclass
class _Chat:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    finished: float = 0.0  # monotonic time the last send to this chat ended


class TelegramOutbox:
    """The dispatcher's way out. With the bot's SendBudget, pacing (overall and per chat,
    shared with replies) and the fence happen in the budget, right before the request. Without
    one (RATE_LIMIT=false, benchmarks), this paces private chats itself. Texts are HTML: a text
    send says so itself, a photo's caption relies on the bot's `HTML_DEFAULTS`."""

    def __init__(self, bot: ExtBot[None], per_chat_interval: float = PER_CHAT_INTERVAL) -> None:
        self.bot = bot
        self.per_chat_interval = per_chat_interval
        self.budgeted = isinstance(bot.rate_limiter, SendBudget)
        self._chats: dict[int, _Chat] = {}

    @contextlib.asynccontextmanager
    async def _paced(self, chat_id: int) -> AsyncIterator[None]:
        """One send per chat at a time, each starting an interval after the last one ended
        (spacing the starts is not enough: a slow answer would bunch the next send up)."""
        if self.per_chat_interval <= 0 or self.budgeted:
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
        self, chat_id: int, html: str, buttons: Buttons, fence: Fence, photo: bytes | None = None
    ) -> int:
        """Send (a photo with `html` as its caption, when given one); returns the message id or
        raises SendFenced, SendBlocked, SendRetry or SendRejected."""
        try:
            if self.budgeted:
                # The Application's bot is typed without rate-limiter arguments (ExtBot[None]).
                return await self._deliver(
                    self.bot, chat_id, html, buttons, photo,
                    rate_limit_args={"reminder": True, "fence": fence},
                )  # fmt: skip
            else:
                async with self._paced(chat_id):
                    if not await fence():
                        raise SendFenced(str(chat_id))
                    return await self._deliver(self.bot, chat_id, html, buttons, photo)
        except Forbidden as error:
            raise SendBlocked(str(error)) from error
        except RetryAfter as error:
            raise SendRetry(retry_after_seconds(error), "retry_after") from error
        except BadRequest as error:
            if "chat not found" in error.message.lower():
                raise SendBlocked(error.message) from error
            raise SendRejected(error.message) from error
        except (TimedOut, NetworkError) as error:
            raise SendRetry(0, type(error).__name__) from error

    @staticmethod
    async def _deliver(
        bot: Any, chat_id: int, html: str, buttons: Buttons, photo: bytes | None, **extra: Any
    ) -> int:
        """Send and return the message id: text raw (see `raw_send`), a photo typed."""
        if photo is not None:
            message = await bot.send_photo(
                chat_id, InputFile(photo, filename="week.png"), caption=html,
                reply_markup=keyboards.raw(buttons), **extra,
            )  # fmt: skip
            message_id: int = message.message_id
            return message_id
        markup = keyboards.inline_json(buttons) if buttons else None
        return await send_html(bot, chat_id, html, markup, **extra)
