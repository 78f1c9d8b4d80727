"""Sending reminders through PTB: one message per chat per second, Telegram errors classified."""

import asyncio
import time
from datetime import timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot import keyboards
from scheduler.dispatch import Buttons, SendBlocked, SendRejected, SendRetry

PER_CHAT_INTERVAL = 1.0


class TelegramOutbox:
    """The dispatcher's way out. PTB's AIORateLimiter keeps the overall rate; it does not pace
    private chats, so this does (Telegram allows about one message a second per chat)."""

    def __init__(self, bot: Bot, per_chat_interval: float = PER_CHAT_INTERVAL) -> None:
        self.bot = bot
        self.per_chat_interval = per_chat_interval
        self._next_slot: dict[int, float] = {}

    async def _wait_for_slot(self, chat_id: int) -> None:
        now = time.monotonic()
        slot = max(now, self._next_slot.get(chat_id, now))
        self._next_slot[chat_id] = slot + self.per_chat_interval
        if slot > now:
            await asyncio.sleep(slot - now)
        if len(self._next_slot) > 10_000:
            self._next_slot = {c: t for c, t in self._next_slot.items() if t > now}

    async def send(self, chat_id: int, html: str, buttons: Buttons) -> int:
        """Send; returns the message id or raises SendBlocked, SendRetry or SendRejected."""
        await self._wait_for_slot(chat_id)
        try:
            message = await self.bot.send_message(
                chat_id, html, parse_mode=ParseMode.HTML, reply_markup=keyboards.raw(buttons)
            )
        except Forbidden as error:
            raise SendBlocked(str(error)) from error
        except RetryAfter as error:
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
