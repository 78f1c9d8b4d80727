"""Getting a reply through a misbehaving Telegram: retries, "not modified", what counts as lost.

A reply is sent after the commit, so a failure here never means "nothing was saved": it means
the user may not know what was. Transient errors (5xx, network, timeouts, RetryAfter) are
retried with backoff; an edit that changes nothing (a double tap) is a success.
"""

import asyncio
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

ATTEMPTS = 4
BACKOFF = (0.25, 0.5, 1.0)  # seconds before the 2nd, 3rd and 4th attempt
MAX_RETRY_AFTER = 10.0  # a longer wait would hold the user's update; the notice covers it
_NOT_MODIFIED = "message is not modified"
_QUERY_GONE = ("query is too old", "query id is invalid")


def retry_after_seconds(error: RetryAfter) -> float:
    """RetryAfter's wait in seconds (an int today, a timedelta in a future PTB)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


def is_not_modified(error: BadRequest) -> bool:
    """Telegram's answer to an edit that changes nothing: the message already looks right."""
    return _NOT_MODIFIED in error.message.lower()


def is_query_gone(error: BadRequest) -> bool:
    """A callback query that was already answered or has expired: nothing left to do."""
    message = error.message.lower()
    return any(part in message for part in _QUERY_GONE)


async def deliver(send: Callable[[], Awaitable[object]]) -> None:
    """Run `send` until it succeeds, retrying transient failures; raises the last error.

    A retry after a timeout may repeat a message Telegram did deliver: a duplicate reply is
    the lesser harm next to a reply that never arrives (edits and callback answers repeat
    harmlessly, as "not modified" and "query is too old" count as done).
    """
    for attempt in range(ATTEMPTS):
        last = attempt == ATTEMPTS - 1
        try:
            await send()
            return
        except BadRequest as error:  # a subclass of NetworkError, but permanent
            if is_not_modified(error) or is_query_gone(error):
                return
            raise
        except RetryAfter as error:
            wait = retry_after_seconds(error)
            if last or wait > MAX_RETRY_AFTER:
                raise
            await asyncio.sleep(wait)
        except NetworkError:  # 5xx, connection errors and TimedOut
            if last:
                raise
            await asyncio.sleep(BACKOFF[attempt])
