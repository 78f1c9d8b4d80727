"""One send budget per bot token, as a PTB rate limiter, so replies and reminders share it.

- Overall: one send every 1/`overall_rate` s, so no rolling second holds more than the rate
  (Telegram allows about 30; the default stays a little under, so the jitter of the way to
  Telegram does not push a second over). Spacing sends instead of allowing a burst of 30 is
  what keeps a strict rolling window free of 429s.
- Per chat: one message per `chat_interval` to a private chat, one per `group_interval` to a
  group (Telegram: about 1/s and 20/min), replies and reminders alike.
- Priority: a reply to a user takes the next free slot ahead of any reminder waiting for one.
- RetryAfter has one owner, this class: a 429 holds back its chat, and for a private chat
  (which was already paced, so the overall limit was hit) every send, for `retry_after`
  seconds. Replies are then retried here; reminders go back to the dispatcher, which
  reschedules them.
- Several processes: with `shared` (PostgreSQL), slots are taken from rows every process of
  the token moves forward atomically, so the budget holds across processes; holds after a 429
  are written there too.

A reminder send carries a `fence`, called once its slot has come and right before the
request: if it answers False (the row's lease went to a peer), nothing is sent.
"""

import asyncio
import contextlib
import heapq
import itertools
import logging
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter, ExtBot
from telegram.warnings import PTBDeprecationWarning

from bot.logs import log_event
from db.repo.slots import hold, take_slot
from scheduler.dispatch import SendFenced

logger = logging.getLogger(__name__)

REPLY, REMINDER = 0, 1  # priorities: lower goes first
SHARED_DEALERS = 4  # slots taken from the database at once
# A send going out this long after its slot (a busy process) moves the following slots back:
# sent late with the next ones on time, it would put more than the rate into one second.
LATE_SLOT = 0.02
LIMITED_PREFIXES = ("send", "edit", "copy", "forward")
Fence = Callable[[], Awaitable[bool]]


class SharedSlots(Protocol):
    """Slots shared with the other processes of the token."""

    async def take(self, key: str, spacing: float) -> float: ...

    async def hold(self, key: str, seconds: float) -> None: ...


class DatabaseSlots:
    """SharedSlots in the `send_slots` table of PostgreSQL: one short statement per slot."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def take(self, key: str, spacing: float) -> float:
        async with self.sessionmaker() as session:
            wait = await take_slot(session, key, spacing)
            await session.commit()
        return wait

    async def hold(self, key: str, seconds: float) -> None:
        async with self.sessionmaker() as session:
            await hold(session, key, seconds)
            await session.commit()


@dataclass(order=True)
class _Waiter:
    priority: int
    number: int
    future: "asyncio.Future[float]" = field(compare=False)


@dataclass
class _Chat:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    ready_at: float = 0.0  # monotonic time of the next allowed send


def retry_after_seconds(error: RetryAfter) -> float:
    """RetryAfter's wait as seconds (an int today, a timedelta in a future PTB)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class SendBudget(BaseRateLimiter[dict[str, Any]]):
    """The limiter; `rate_limit_args={"reminder": True, "fence": …}` marks a reminder send."""

    def __init__(
        self,
        overall_rate: float = 28.0,
        chat_interval: float = 1.0,
        group_interval: float = 3.0,
        max_retries: int = 3,
        shared: SharedSlots | None = None,
        bot_key: str = "bot",
    ) -> None:
        self.spacing = 1.0 / overall_rate
        self.chat_interval = chat_interval
        self.group_interval = group_interval
        self.max_retries = max_retries
        self.shared = shared
        self.bot_key = bot_key
        self._chats: dict[int | str, _Chat] = {}
        self._waiting: list[_Waiter] = []
        self._numbers = itertools.count()
        self._wake = asyncio.Event()
        self._next_slot = 0.0  # monotonic: the next free slot (budget in this process)
        self._held_until = 0.0  # monotonic: a global RetryAfter
        self._dealers: set[asyncio.Task[None]] = set()
        self._covered = 0  # waiters a dealer is taking a slot for
        # When this process's last requests went out: at most the rate's worth in any second.
        self._recent: deque[float] = deque(maxlen=max(1, int(overall_rate)))

    async def initialize(self) -> None:
        """Nothing to open: the slot dealer starts with the first send."""

    async def shutdown(self) -> None:
        for dealer in self._dealers:
            dealer.cancel()
        for dealer in self._dealers:
            with contextlib.suppress(asyncio.CancelledError):
                await dealer
        self._dealers.clear()
        for waiter in self._waiting:
            waiter.future.cancel()
        self._waiting.clear()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if not endpoint.lower().startswith(LIMITED_PREFIXES):
            return await callback(*args, **kwargs)
        options = rate_limit_args or {}
        reminder = bool(options.get("reminder"))
        fence: Fence | None = options.get("fence")
        chat_id = data.get("chat_id")
        for attempt in itertools.count():
            async with self._chat_turn(chat_id) as chat:
                slot = await self._slot(REMINDER if reminder else REPLY)
                if fence is not None:
                    if not await fence():
                        raise SendFenced(str(chat_id))
                    fence = None  # checked once: a retry is the same delivery
                if time.monotonic() - slot > LATE_SLOT:
                    await self._push_back()
                await self._within_window()
                try:
                    return await callback(*args, **kwargs)
                except RetryAfter as error:
                    seconds = retry_after_seconds(error)
                    await self._hold(chat_id, chat, seconds)
                    if reminder or attempt >= self.max_retries:
                        raise
                    log_event(logger, "retry_after", logging.WARNING, seconds=seconds)
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.asynccontextmanager
    async def _chat_turn(self, chat_id: object) -> Any:
        """One send per chat at a time, each an interval after the previous one ended."""
        key = chat_id if isinstance(chat_id, int | str) else None
        if key is None:
            yield None
            return
        interval = self.group_interval if _is_group(key) else self.chat_interval
        chat = self._chats.setdefault(key, _Chat())
        async with chat.lock:
            wait = chat.ready_at - time.monotonic()
            if self.shared is not None and interval > 0:
                wait = max(wait, await self.shared.take(f"chat:{key}", interval))
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield chat
            finally:
                chat.ready_at = max(chat.ready_at, time.monotonic() + interval)
        if len(self._chats) > 10_000:
            self._forget_idle()

    def _forget_idle(self) -> None:
        now = time.monotonic()
        self._chats = {
            key: chat
            for key, chat in self._chats.items()
            if chat.lock.locked() or chat.ready_at > now
        }

    async def _slot(self, priority: int) -> float:
        """Wait for an overall slot; dealers hand each to the most urgent waiter. Returns the
        slot's time (monotonic)."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, _Waiter(priority, next(self._numbers), future))
        dealers = SHARED_DEALERS if self.shared is not None else 1
        self._dealers = {task for task in self._dealers if not task.done()}
        while len(self._dealers) < dealers:
            self._dealers.add(asyncio.create_task(self._deal()))
        self._wake.set()
        return await future

    async def _deal(self) -> None:
        """Take the next slot for a waiter nobody is taking one for, wait until it comes, hand
        it over. With a shared budget a few dealers take slots side by side, so the round trip
        to the database overlaps the waiting instead of adding to it."""
        while True:
            while len(self._waiting) <= self._covered:
                self._wake.clear()
                await self._wake.wait()
            self._covered += 1
            try:
                slot = await self._wait_for_slot()
            finally:
                self._covered -= 1
            while self._waiting:
                waiter = heapq.heappop(self._waiting)
                if not waiter.future.done():
                    waiter.future.set_result(slot)
                    break

    async def _wait_for_slot(self) -> float:
        now = time.monotonic()
        wait = self._held_until - now
        if self.shared is None:
            wait = max(wait, self._next_slot - now)
            self._next_slot = max(self._next_slot, now) + self.spacing
        else:
            try:
                wait = max(wait, await self.shared.take(self.bot_key, self.spacing))
            except Exception as error:  # no database: pace on this process's clock alone
                log_event(logger, "send_budget_local", logging.WARNING,
                          error=type(error).__name__)  # fmt: skip
                wait = max(wait, self._next_slot - now)
                self._next_slot = max(self._next_slot, now) + self.spacing
        if wait > 0:
            await asyncio.sleep(wait)
        return now + max(wait, 0.0)

    async def _within_window(self) -> None:
        """Slots can still bunch up on their way to the request (one send's fence waits for a
        commit, the next one's does not): the last word is the times requests really left."""
        recent = self._recent
        while True:  # re-checked after a sleep: another send may have gone out meanwhile
            wait = recent[0] + 1.0 - time.monotonic() if len(recent) == recent.maxlen else 0.0
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        recent.append(time.monotonic())

    async def _push_back(self) -> None:
        """The next slot comes no sooner than one spacing from now, in every process."""
        self._next_slot = max(self._next_slot, time.monotonic() + self.spacing)
        if self.shared is not None:
            with contextlib.suppress(Exception):
                await self.shared.hold(self.bot_key, 0.0)

    async def _hold(self, chat_id: object, chat: _Chat | None, seconds: float) -> None:
        """Nothing to this chat, and for a private chat nothing at all, for `seconds`."""
        until = time.monotonic() + seconds
        if chat is not None:
            chat.ready_at = max(chat.ready_at, until)
        overall = not (isinstance(chat_id, int | str) and _is_group(chat_id))
        if overall:
            self._held_until = max(self._held_until, until)
        if self.shared is not None:
            with contextlib.suppress(Exception):
                if chat is not None:
                    await self.shared.hold(f"chat:{chat_id}", seconds)
                if overall:
                    await self.shared.hold(self.bot_key, seconds)


def _is_group(chat_id: int | str) -> bool:
    """Groups and channels have negative ids (or an @username)."""
    return isinstance(chat_id, str) or chat_id < 0


def share_budget(bot: Bot, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """On PostgreSQL, take the bot's slots from the database, shared by every process of the
    token; on SQLite (one process by design) the budget stays in memory."""
    limiter = bot.rate_limiter if isinstance(bot, ExtBot) else None
    bind = sessionmaker.kw.get("bind")
    if isinstance(limiter, SendBudget) and bind is not None and bind.dialect.name == "postgresql":
        limiter.shared = DatabaseSlots(sessionmaker)
        limiter.bot_key = f"bot:{bot.id}"
