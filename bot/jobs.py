"""The dispatcher's jobs on PTB's JobQueue: a periodic pass, and passes timed for the next due
reminder, plus a JobQueue that tells the dispatcher to wind down before it waits for it."""

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram.ext import JobQueue

DISPATCH_JOB = "dispatch"
DISPATCH_NOW_JOB = "dispatch-now"
DISPATCH_WAKE_JOB = "dispatch-wake"

Tick = Callable[[Any], Coroutine[Any, Any, None]]


class StoppingJobQueue(JobQueue[Any]):
    """PTB's `JobQueue.stop` waits for a running job; a dispatch pass with a backlog would keep
    it (and the process) waiting for the whole backlog. Callbacks given to `before_stop` run
    first, so the pass can stop claiming, finish the sends in flight and return."""

    def __init__(self) -> None:
        super().__init__()
        self._before_stop: list[Callable[[], None]] = []

    def before_stop(self, callback: Callable[[], None]) -> None:
        self._before_stop.append(callback)

    async def stop(self, wait: bool = True) -> None:
        for callback in self._before_stop:
            callback()
        await super().stop(wait)


def register_dispatch_job(job_queue: JobQueue[Any], tick: Tick, interval: float) -> None:
    """Run `tick` every `interval` seconds. The schedule itself lives in the database, so every
    process can run this job: leases keep them from sending the same reminder. The periodic
    pass is the safety net (rows written by other processes, leases that expired); passes for
    the next known due time come from `wake_dispatch`."""
    # A pass may outlast the interval (a backlog); the extra run sees it busy and returns at
    # once, instead of APScheduler warning that it skipped one.
    job_queue.run_repeating(
        tick, interval=interval, first=interval, name=DISPATCH_JOB, job_kwargs={"max_instances": 3}
    )


def dispatch_soon(job_queue: JobQueue[Any], tick: Tick, delay: float) -> None:
    """One extra pass in `delay` seconds, for a reminder the user asked for "right away"."""
    job_queue.run_once(tick, delay, name=DISPATCH_NOW_JOB)


def wake_dispatch(job_queue: JobQueue[Any], tick: Tick, delay: float) -> None:
    """One pass in `delay` seconds, unless one is already planned by then."""
    if not job_queue.scheduler.running:
        return
    delay = max(delay, 0.0)
    for job in job_queue.get_jobs_by_name(DISPATCH_WAKE_JOB):
        planned = job.next_t
        if planned is not None and planned <= datetime.now(UTC) + timedelta(seconds=delay):
            return
        job.schedule_removal()
    job_queue.run_once(tick, delay, name=DISPATCH_WAKE_JOB)
