"""Wiring the dispatcher into the bot: who sends, what is said, when a pass runs, and what a
lost database looks like in the log (one warning when it goes, one line when it is back)."""

import itertools
import logging
import os
import secrets
import socket
from datetime import datetime, timedelta

from telegram.ext import JobQueue

from bot.content.library import load_library
from bot.context import LimberContext, Services
from bot.jobs import StoppingJobQueue, register_dispatch_job, wake_dispatch
from bot.logs import bind, log_event
from bot.outage import is_outage
from bot.outbox import TelegramOutbox
from bot.services.reminder_content import AvoidLookup, ReminderRenderer
from db.repo.sending import next_claimable
from db.repo.stats import due_backlog
from db.session import watch_due_times
from scheduler.dispatch import Dispatcher
from scheduler.metrics import DeliveryMetrics, NoMetrics

logger = logging.getLogger(__name__)
_PASSES = itertools.count(1)  # numbers this process's passes, so their log lines group


def build_dispatcher(
    services: Services,
    outbox: TelegramOutbox,
    avoid: AvoidLookup | None = None,
    metrics: DeliveryMetrics | None = None,
) -> Dispatcher:
    settings = services.settings
    return Dispatcher(
        sessionmaker=services.sessionmaker,
        outbox=outbox,
        render=ReminderRenderer(load_library(), avoid),
        # Unique per process even where every container is PID 1 on the same host name.
        owner=f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}",
        grace=timedelta(minutes=settings.reminder_grace_minutes),
        metrics=metrics or NoMetrics(),
        lease=timedelta(seconds=settings.dispatch_lease),
        batch=settings.dispatch_batch,
        clock=services.clock,
    )


def start_dispatching(
    job_queue: JobQueue[LimberContext],
    services: Services,
    outbox: TelegramOutbox,
    avoid: AvoidLookup | None = None,
    metrics: DeliveryMetrics | None = None,
) -> Dispatcher:
    """The dispatcher of this process: a periodic pass, a pass for each newly committed due
    time, and a stop that reaches it before the JobQueue waits for the pass under way."""
    dispatcher = build_dispatcher(services, outbox, avoid, metrics)
    services.dispatcher = dispatcher
    register_dispatch_job(job_queue, dispatch_tick, services.settings.dispatch_interval)
    if isinstance(job_queue, StoppingJobQueue):
        job_queue.before_stop(dispatcher.stop)

    def due_committed(due: datetime) -> None:
        wake_dispatch(job_queue, dispatch_tick, (due - services.now()).total_seconds())

    watch_due_times(services.sessionmaker, due_committed)
    return dispatcher


async def dispatch_tick(context: LimberContext) -> None:
    """One pass of the dispatcher (the Dispatcher keeps passes from overlapping), then a wake-up
    planned for the next due reminder. A database that is gone is one warning, not a traceback
    per pass, and one line when it is back."""
    services = context.services
    dispatcher = services.dispatcher
    if dispatcher is None or dispatcher.stopping or dispatcher.busy:
        return  # a pass under way sends whatever is due before it ends
    bind(dispatch_pass=next(_PASSES))
    try:
        report = await dispatcher.tick()
        async with services.sessionmaker() as session:
            now = services.now()
            upcoming = await next_claimable(session, now)
            backlog = await due_backlog(session, now)
    except Exception as error:
        if not is_outage(error):
            raise
        if dispatcher.database_lost is None:
            dispatcher.database_lost = services.now()
            log_event(logger, "database_unavailable", logging.WARNING, error=type(error).__name__)
        return
    if dispatcher.database_lost is not None:
        down = (services.now() - dispatcher.database_lost).total_seconds()
        dispatcher.database_lost = None
        log_event(logger, "database_back", seconds_down=round(down, 1))
    if report.claimed:
        log_event(logger, "dispatch", **vars(report))
    dispatcher.metrics.due_backlog(backlog.due)
    dispatcher.metrics.dispatch_pass()
    if upcoming is not None and context.job_queue is not None and not dispatcher.stopping:
        wake_dispatch(context.job_queue, dispatch_tick, (upcoming - services.now()).total_seconds())
