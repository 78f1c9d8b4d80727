"""The bot's HTTP side: Telegram's webhook, `/healthz`, `/readyz` and Prometheus `/metrics`.

One aiohttp server instead of PTB's tornado one, so health and metrics share the webhook's port
(a load balancer probes the same address it forwards to). As PTB's own receiver does, a request
without the right `X-Telegram-Bot-Api-Secret-Token` gets 403 and nothing is processed.
"""

import asyncio
import hmac
import json
import logging
import time
from urllib.parse import urlsplit

from aiohttp import web
from sqlalchemy import text
from telegram import Update

from bot.context import LimberApp, Services
from bot.logs import log_event
from bot.metrics import Metrics

logger = logging.getLogger(__name__)

HTTP_SERVER = "http"  # its key in bot_data
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_READY_DB_TIMEOUT = 3.0
_PASSES_MISSED = 3  # not ready once this many dispatch intervals went by without a pass
_MIN_STALE = 30.0


def webhook_path(url: str) -> str:
    """The path Telegram posts to, as the listener sees it behind a path-preserving proxy."""
    return urlsplit(url).path or "/"


class WebServer:
    """Serves the endpoints for one Application; `webhook_secret` None means polling mode."""

    def __init__(
        self,
        app: LimberApp,
        metrics: Metrics,
        host: str,
        port: int,
        *,
        webhook_path: str | None = None,
        webhook_secret: str | None = None,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.started = time.monotonic()
        self._secret = (webhook_secret or "").encode()
        self._runner: web.AppRunner | None = None
        self.host, self.port = host, port
        routes = web.Application()
        routes.router.add_get("/healthz", self._healthz)
        routes.router.add_get("/readyz", self._readyz)
        routes.router.add_get("/metrics", self._metrics)
        if webhook_path is not None:
            routes.router.add_post(webhook_path, self._webhook)
        self._routes = routes

    async def start(self) -> None:
        """Listen; port 0 picks a free one, readable from `port` afterwards."""
        self._runner = web.AppRunner(self._routes, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]
        log_event(logger, "http_listening", host=self.host, port=self.port)

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log_event(logger, "webhook_refused", logging.WARNING, reason="secret token")
            return web.Response(status=403)
        try:
            data = await request.json()
            update = Update.de_json(data, self.app.bot)
        except (ValueError, TypeError, KeyError):
            log_event(logger, "webhook_refused", logging.WARNING, reason="not an update")
            return web.Response(status=400)
        # Accepted once queued: Telegram resends what it did not get a 200 for.
        await self.app.update_queue.put(update)
        return web.Response(status=200)

    async def _healthz(self, _request: web.Request) -> web.Response:
        """Liveness: the event loop answers."""
        return web.Response(text="ok\n")

    async def _readyz(self, _request: web.Request) -> web.Response:
        """Readiness: the database answers and the dispatcher keeps passing."""
        checks = {"database": await self._database_ok(), "dispatcher": self._dispatcher_ok()}
        status = 200 if all(checks.values()) else 503
        body = json.dumps({name: "ok" if ok else "failing" for name, ok in checks.items()})
        return web.Response(text=body + "\n", status=status, content_type="application/json")

    async def _metrics(self, _request: web.Request) -> web.Response:
        return web.Response(
            body=self.metrics.exposition(),
            headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"},
        )

    async def _database_ok(self) -> bool:
        services: Services | None = self.app.bot_data.get("services")
        if services is None:
            return False
        try:
            async with asyncio.timeout(_READY_DB_TIMEOUT), services.sessionmaker() as session:
                await session.execute(text("SELECT 1"))
        except Exception as error:  # any failure means "not reachable"; say which, once
            log_event(logger, "readiness_db_failed", logging.WARNING, error=type(error).__name__)
            return False
        return True

    def _dispatcher_ok(self) -> bool:
        services: Services | None = self.app.bot_data.get("services")
        if services is None or services.dispatcher is None:
            return False
        stale = max(_PASSES_MISSED * services.settings.dispatch_interval, _MIN_STALE)
        last = self.metrics.last_pass_monotonic
        return time.monotonic() - (last if last is not None else self.started) < stale
