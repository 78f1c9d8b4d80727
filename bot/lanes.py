"""Users in parallel, each user in order: PTB's update processor with one lane per sender.

PTB's `BaseUpdateProcessor.process_update` takes a slot of its semaphore *before* our
`do_process_update` runs. If we waited for the sender's lane inside that slot, one user sending
500 messages would fill every slot with updates waiting behind each other and everybody else
would queue again. So PTB's semaphore is made wide enough never to bind, and the real limit
(`workers`) is taken only once an update is at the head of its lane.
"""

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.logs import bind, log_event

logger = logging.getLogger(__name__)

# PTB's own bound; it must never be the one that makes an update wait (see above).
_UNBOUNDED = 1_000_000
SHARED_LANE = 0  # updates without a sender (channel posts, polls…) go one after another here


def lane_of(update: object) -> int:
    """The sender's Telegram id, or the shared lane."""
    if isinstance(update, Update) and update.effective_user is not None:
        return update.effective_user.id
    return SHARED_LANE


class UserLanes(BaseUpdateProcessor):
    """Runs updates of different senders side by side, at most `workers` at a time, and the
    updates of one sender strictly in the order they arrived."""

    def __init__(self, workers: int) -> None:
        super().__init__(_UNBOUNDED)
        self.workers = workers
        self._gate = asyncio.BoundedSemaphore(workers)
        # The last update queued in each lane: the next one of that sender waits for it.
        self._tails: dict[int, asyncio.Future[None]] = {}

    @property
    def busy_lanes(self) -> int:
        """Senders with an update in progress or waiting."""
        return len(self._tails)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        lane = lane_of(update)
        before = self._tails.get(lane)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        # Taken before the first await: PTB starts these tasks in arrival order, so the
        # chain of futures is the arrival order of the lane.
        self._tails[lane] = mine
        started = False
        try:
            if before is not None:
                await asyncio.shield(before)
            async with self._gate:
                started = True
                if isinstance(update, Update):
                    bind(update_id=update.update_id)  # this task's log lines carry it
                began = time.perf_counter()
                await coroutine
                log_event(logger, "update_done", logging.DEBUG,
                          seconds=round(time.perf_counter() - began, 4))  # fmt: skip
        finally:
            if not started and inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting: never run, so never awaited

            mine.set_result(None)
            if self._tails.get(lane) is mine:
                del self._tails[lane]

    async def initialize(self) -> None:
        """Nothing to open: lanes are created on demand."""

    async def shutdown(self) -> None:
        """Nothing to close: PTB waits for running updates before this."""
