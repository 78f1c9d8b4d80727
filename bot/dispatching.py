"""Wiring the dispatcher into the bot: who sends, what is said, and the periodic tick."""

import itertools
import logging
import os
import socket
from datetime import timedelta

from bot.content.library import load_library
from bot.context import LimberContext, Services
from bot.logs import bind, log_event
from bot.outbox import TelegramOutbox
from bot.services.reminder_content import AvoidLookup, ReminderRenderer
from db.repo.stats import due_backlog
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
        owner=f"{socket.gethostname()}:{os.getpid()}",
        grace=timedelta(minutes=settings.reminder_grace_minutes),
        metrics=metrics or NoMetrics(),
    )


async def dispatch_tick(context: LimberContext) -> None:
    """One pass of the dispatcher (the Dispatcher keeps passes from overlapping)."""
    services = context.services
    dispatcher = services.dispatcher
    if dispatcher is None:
        return
    bind(dispatch_pass=next(_PASSES))
    report = await dispatcher.tick(services.now())
    if report.claimed:
        log_event(logger, "dispatch", **vars(report))
    async with services.sessionmaker() as session:
        backlog = await due_backlog(session, services.now())
    dispatcher.metrics.due_backlog(backlog.due)
    dispatcher.metrics.dispatch_pass()
