"""`python -m bot run`: polling, or Telegram's webhook when WEBHOOK_URL is set.

Both modes serve `/healthz`, `/readyz` and `/metrics`: on the webhook's port, or in polling mode
on METRICS_PORT. Several webhook processes can sit behind one load balancer on one PostgreSQL
database: each posted update reaches one process, which queues it and answers 200.
"""

import asyncio
import signal

from bot.app import build_application
from bot.config import Settings
from bot.context import LimberApp
from bot.metrics import Metrics
from bot.web import HTTP_SERVER, WebServer, webhook_path

# What the handlers use; my_chat_member tells us at once when a user blocks or restarts the bot.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


def attach_http(app: LimberApp, settings: Settings, port: int | None = None) -> WebServer | None:
    """Give the app its HTTP server, started in post_init and stopped in post_shutdown.

    `port` overrides the configured one (tests pass 0 for a free port). None is returned in
    polling mode when METRICS_PORT is 0.
    """
    metrics: Metrics = app.bot_data["metrics"]
    if settings.webhook_mode:
        server = WebServer(
            app, metrics, settings.webhook_listen,
            settings.webhook_port if port is None else port,
            webhook_path=webhook_path(settings.webhook_url),
            webhook_secret=settings.webhook_secret.get_secret_value(),
        )  # fmt: skip
    elif settings.metrics_port or port is not None:
        server = WebServer(
            app, metrics, settings.metrics_listen, settings.metrics_port if port is None else port
        )
    else:
        return None
    app.bot_data[HTTP_SERVER] = server
    return server


async def register_webhook(app: LimberApp, settings: Settings) -> None:
    """Tell Telegram where to post, with the secret it must send back and the updates we use.

    Every process sets the same URL (the load balancer's), so this is safe to repeat.
    """
    await app.bot.set_webhook(
        url=settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=ALLOWED_UPDATES,
        drop_pending_updates=False,
    )


async def serve_webhook(app: LimberApp, settings: Settings, stop: asyncio.Event) -> None:
    """PTB's start-up and shutdown order (as in `run_polling`), with our server in between,
    until `stop` is set."""
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await register_webhook(app, settings)
        await app.start()
        await stop.wait()
    finally:
        if app.running:
            await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


async def _until_signal(app: LimberApp, settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await serve_webhook(app, settings, stop)


def run(settings: Settings) -> None:
    """Build the bot and serve it until SIGINT or SIGTERM."""
    app = build_application(settings)
    attach_http(app, settings)
    if settings.webhook_mode:
        asyncio.run(_until_signal(app, settings))
        return
    app.run_polling(
        poll_interval=settings.telegram_poll_interval,
        allowed_updates=ALLOWED_UPDATES,
        drop_pending_updates=False,
    )
