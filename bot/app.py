"""Builds the PTB Application: transport, services, handlers in order, start-up work."""

import gc
import logging
from typing import cast

from telegram import BotCommand
from telegram.ext import ApplicationBuilder, ContextTypes, JobQueue

from bot.config import Settings
from bot.content.check import check_content
from bot.content.library import ContentError
from bot.context import HTML_DEFAULTS, LimberApp, LimberBuilder, LimberContext, Services
from bot.dispatching import start_dispatching
from bot.handlers import (
    account,
    admin,
    data,
    errors,
    fallback,
    imports,
    membership,
    pain,
    profile_flow,
    reminders,
    settings,
    sitting,
    start,
    stats,
    training,
)
from bot.jobs import StoppingJobQueue
from bot.lanes import UserLanes
from bot.logs import log_event
from bot.metrics import MeteredRequest, Metrics
from bot.outbox import TelegramOutbox
from bot.ratelimit import SendBudget, share_budget
from bot.texts import help as t
from bot.web import HTTP_SERVER, WebServer
from db.migrate import upgrade
from db.repo.pain import open_pain_areas
from db.session import make_engine, make_sessionmaker

logger = logging.getLogger(__name__)


def build_application(app_settings: Settings, services: Services | None = None) -> LimberApp:
    """The bot, wired to the configured Bot API server and database.

    `services` lets tests and the console hand in a ready database and clock; without it the
    engine is opened (and migrated) in post_init and closed in post_shutdown.
    """
    builder = (
        ApplicationBuilder()
        .token(app_settings.telegram_bot_token.get_secret_value())
        .base_url(app_settings.telegram_api_base_url)
        .base_file_url(app_settings.telegram_api_file_url)
        .context_types(ContextTypes(context=LimberContext))
        .defaults(HTML_DEFAULTS)
        .job_queue(cast(JobQueue[LimberContext], StoppingJobQueue()))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    metrics = Metrics()
    builder = builder.request(
        MeteredRequest(metrics, read_timeout=app_settings.telegram_read_timeout)
    ).concurrent_updates(UserLanes(app_settings.update_workers))
    if app_settings.rate_limit:
        # The limiter's type parameter only types `rate_limit_args`, used by reminder sends.
        budget = SendBudget(app_settings.send_rate, chat_interval=app_settings.chat_send_interval)
        builder = cast(LimberBuilder, builder.rate_limiter(budget))
    app: LimberApp = builder.build()
    app.bot_data["settings"] = app_settings
    app.bot_data["metrics"] = metrics
    if services is not None:
        app.bot_data["services"] = services

    # Handlers, in the order PTB tries them within group 0: commands and buttons first, the
    # catch-all fallback last. Dialogs register as their modules do: the profile's is asked first.
    profile_flow.register(app)
    start.register(app)
    settings.register(app)
    training.register(app)
    sitting.register(app)
    reminders.register(app)
    pain.register(app)
    account.register(app)
    data.register(app)
    stats.register(app)
    imports.register(app)
    admin.register(app)
    membership.register(app)
    fallback.register(app)
    errors.register(app)
    for handlers in app.handlers.values():
        metrics.time_handlers(handlers)
    return app


async def _post_init(app: LimberApp) -> None:
    """Check the content, open the database (when not handed one) and migrate it, start the
    dispatcher, and publish the command list."""
    problems, _summary = check_content()  # broken content files stop the start-up loudly
    if problems:
        raise ContentError(problems)
    opened_here = "services" not in app.bot_data  # not a test or simulation handing them in
    if opened_here:
        app_settings: Settings = app.bot_data["settings"]
        engine = make_engine(
            app_settings.database_url,
            connect_timeout=app_settings.database_connect_timeout,
            statement_timeout=app_settings.database_statement_timeout,
        )
        await upgrade(engine)
        app.bot_data["engine"] = engine
        app.bot_data["services"] = Services(
            settings=app_settings, sessionmaker=make_sessionmaker(engine)
        )
    services: Services = app.bot_data["services"]
    outbox = TelegramOutbox(app.bot, services.settings.chat_send_interval)
    share_budget(app.bot, services.sessionmaker)
    assert app.job_queue is not None
    start_dispatching(app.job_queue, services, outbox, open_pain_areas, app.bot_data["metrics"])
    await app.bot.set_my_commands([BotCommand(name, text) for name, text in t.COMMANDS])
    http: WebServer | None = app.bot_data.get(HTTP_SERVER)
    if http is not None:
        await http.start()
    # What start-up loaded (content library, ORM mappers, PTB's objects) lives as long as the
    # process: out of the collector's generations, it is no longer scanned on every collection.
    gc.freeze()
    log_event(logger, "bot_ready", username=app.bot.username)


async def _post_shutdown(app: LimberApp) -> None:
    http: WebServer | None = app.bot_data.get(HTTP_SERVER)
    if http is not None:
        await http.stop()
    engine = app.bot_data.pop("engine", None)
    if engine is not None:
        await engine.dispose()
