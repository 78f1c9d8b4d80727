"""Riding out a short database outage: an update is tried again, with backoff, until the
database answers (up to a budget of about 30 s), instead of failing on the first error.

The whole update is retried from the start (its session rolled back, nothing sent yet), so a
change is applied once, when the database is back. The process logs one warning when the
database goes away and one info line when it returns, not a traceback per attempt.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.logs import log_event

logger = logging.getLogger(__name__)
T = TypeVar("T")


# PostgreSQL's SQLSTATEs for "not now": connection exceptions (class 08), the server shutting
# down or starting up (57P01-57P03), too many connections, a statement cancelled by its timeout.
_TRANSIENT_STATES = ("08", "57P01", "57P02", "57P03", "53300", "57014")


def is_outage(error: BaseException) -> bool:
    """A database that is unreachable, restarting, or too slow, as opposed to a bug."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    state = getattr(getattr(error, "orig", None), "sqlstate", None)
    if isinstance(state, str):
        return state.startswith(_TRANSIENT_STATES)
    if isinstance(error, OperationalError):
        # SQLite's OperationalError also means "no such table": only a busy lock is transient.
        original = error.orig
        return not type(original).__module__.startswith("sqlite3") or "locked" in str(original)
    return isinstance(error, InterfaceError | PoolTimeout | OSError | TimeoutError)


@dataclass
class OutageRetry:
    """One per process: `down` makes the warning and the recovery line process-wide events."""

    first_delay: float = 0.5
    max_delay: float = 4.0
    down: bool = False

    async def run(
        self,
        attempt: Callable[[], Awaitable[T]],
        on_delay: Callable[[], Awaitable[object]],
        budget: float,
    ) -> T:
        """`attempt()` until it succeeds; `on_delay()` once, at the first outage error. The last
        error is raised when the budget would be exceeded, or at once when it isn't an outage."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + budget
        delay, told = self.first_delay, False
        while True:
            try:
                result = await attempt()
            except Exception as error:
                if not is_outage(error) or loop.time() + delay > deadline:
                    raise
                if not self.down:
                    self.down = True
                    log_event(logger, "db_unavailable", logging.WARNING, error=type(error).__name__)
                if not told:
                    told = True
                    try:
                        await on_delay()
                    except Exception as failure:  # telling is a courtesy; the update goes on
                        log_event(logger, "delay_notice_failed", logging.WARNING,
                                  error=type(failure).__name__)  # fmt: skip
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_delay)
                continue
            if self.down:
                self.down = False
                log_event(logger, "db_back")
            return result
