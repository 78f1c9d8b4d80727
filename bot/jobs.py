"""The one periodic job per process: claim and send due reminders every few seconds."""

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import JobQueue

DISPATCH_JOB = "dispatch"


def register_dispatch_job(
    job_queue: JobQueue[Any], tick: Callable[[Any], Coroutine[Any, Any, None]], interval: float
) -> None:
    """Run `tick` every `interval` seconds. The schedule itself lives in the database, so every
    process can run this job: leases keep them from sending the same reminder."""
    job_queue.run_repeating(tick, interval=interval, first=interval, name=DISPATCH_JOB)


DISPATCH_NOW_JOB = "dispatch-now"


def dispatch_soon(
    job_queue: JobQueue[Any], tick: Callable[[Any], Coroutine[Any, Any, None]], delay: float
) -> None:
    """One extra pass in `delay` seconds, for a reminder the user asked for "right away"."""
    job_queue.run_once(tick, delay, name=DISPATCH_NOW_JOB)
