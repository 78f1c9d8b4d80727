"""End-to-end harness: the real Application, over HTTP, against bot/devkit/localapi.

Nothing of ours is mocked: updates travel through PTB's HTTP stack and polling, handlers use a
real migrated database, and the simulated user reads exactly what the bot sent.
"""

import asyncio
import shutil
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.app import build_application
from bot.config import Settings
from bot.context import LimberApp, Services
from bot.devkit.localapi import LocalBotApi, SimulatedUser
from bot.serve import attach_http, serve_webhook
from db.session import make_engine, make_sessionmaker
from scheduler.clock import FixedClock
from scheduler.dispatch import DispatchReport

START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday
WEBHOOK_SECRET = "local-webhook-secret"


def free_port() -> int:
    """A port nobody listens on right now (for servers whose URL must be known up front)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Harness:
    """Starts, stops and restarts the bot against one Bot API server and one database."""

    def __init__(
        self,
        api: LocalBotApi,
        database_url: str,
        clock: FixedClock,
        *,
        dispatch_interval: float = 3600,
    ) -> None:
        """`dispatch_interval` is the periodic job's period in real seconds; the default hour
        keeps it out of the way, as tests move the clock and call dispatch() themselves."""
        self.api = api
        self.database_url = database_url
        self.clock = clock
        self.app: LimberApp | None = None
        self.serve_http = False  # polling mode's health and metrics server, on a free port
        self._serving: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self.settings = Settings(
            telegram_bot_token=api.token,
            telegram_api_base_url=api.base_url,
            telegram_api_file_url=api.base_file_url,
            telegram_poll_interval=0.01,
            database_url=database_url,
            dispatch_interval=dispatch_interval,
            chat_send_interval=0,  # pacing is tested on its own; here it would only slow down
            metrics_listen="127.0.0.1",
            _env_file=None,  # type: ignore[call-arg]
        )

    async def start(self) -> LimberApp:
        engine = make_engine(self.database_url)
        services = Services(
            settings=self.settings, sessionmaker=make_sessionmaker(engine), clock=self.clock
        )
        app = build_application(self.settings, services)
        app.bot_data["engine"] = engine
        if self.serve_http:
            attach_http(app, self.settings, port=0)
        await app.initialize()
        assert app.post_init is not None
        await app.post_init(app)  # run_polling would call it; we start polling ourselves
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.01, timeout=1)
        self.app = app
        return app

    async def start_webhook(self) -> LimberApp:
        """Run as `python -m bot run` does with WEBHOOK_URL set: our HTTP server takes the
        updates the local Bot API posts, with the secret token."""
        port = free_port()
        settings = self.settings.model_copy(
            update={
                "webhook_url": f"http://127.0.0.1:{port}/telegram",
                "webhook_secret": SecretStr(WEBHOOK_SECRET),
                "webhook_listen": "127.0.0.1",
                "webhook_port": port,
            }
        )
        engine = make_engine(self.database_url)
        services = Services(
            settings=settings, sessionmaker=make_sessionmaker(engine), clock=self.clock
        )
        app = build_application(settings, services)
        app.bot_data["engine"] = engine
        attach_http(app, settings)
        self._stop = asyncio.Event()
        self._serving = asyncio.create_task(serve_webhook(app, settings, self._stop))
        while not app.running:
            if self._serving.done():
                await self._serving  # raises what went wrong
            await asyncio.sleep(0.01)
        self.app = app
        return app

    async def stop(self) -> None:
        app, self.app = self.app, None
        if app is None:
            return
        serving, self._serving = self._serving, None
        if serving is not None:
            self._stop.set()
            await serving
            return
        assert app.updater is not None
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def dispatch(self) -> DispatchReport:
        """One dispatcher pass at the test clock's now, as the periodic job would run it."""
        assert self.app is not None
        dispatcher = self.app.bot_data["services"].dispatcher
        assert dispatcher is not None
        return await dispatcher.tick(self.clock.now())

    def user(self, user_id: int = 1001, first_name: str = "Alex") -> SimulatedUser:
        return self.api.user(user_id, first_name=first_name)


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "e2e.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        yield server


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
async def webhook_harness(
    api: LocalBotApi, sqlite_url: str, clock: FixedClock
) -> AsyncIterator[Harness]:
    running = Harness(api, sqlite_url, clock)
    await running.start_webhook()
    yield running
    await running.stop()


@pytest.fixture
async def harness(api: LocalBotApi, sqlite_url: str, clock: FixedClock) -> AsyncIterator[Harness]:
    running = Harness(api, sqlite_url, clock)
    await running.start()
    yield running
    await running.stop()
