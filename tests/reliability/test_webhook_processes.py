"""Two webhook processes behind one load balancer on one PostgreSQL database.

Both start at the same moment on an empty database (one migrates under the advisory lock, the
other waits and finds the schema current), newcomers' first updates land on both processes at
once (user creation must not fail on the unique Telegram id), and every update is answered
exactly once.
"""

import asyncio
import json
import os
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bot.devkit.localapi import LocalBotApi
from db.admin import execute_autocommit
from db.models import User
from db.session import make_engine
from tests.conftest import DEFAULT_PG_URL
from tests.e2e.conftest import free_port
from tests.reliability.processes import BotProcess, RoundRobin, wait_ready

pytestmark = pytest.mark.postgres
SECRET = "two-processes-secret"
USERS = 12
MESSAGES = 8


@pytest.fixture
async def empty_postgres() -> AsyncIterator[str]:
    """A brand-new database with no schema at all (the processes migrate it)."""
    admin_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_PG_URL)
    name = f"limber_webhook_{uuid.uuid4().hex[:10]}"
    try:
        await execute_autocommit(admin_url, f'CREATE DATABASE "{name}"')
    except Exception as error:  # any failure to connect means "no server here"
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL not reachable at {admin_url}: {error!r}")
        pytest.skip(f"SKIPPING POSTGRESQL TESTS — not reachable at {admin_url}: {error!r}")
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    await execute_autocommit(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_two_webhook_processes_share_the_work_once(
    empty_postgres: str, tmp_path: Path
) -> None:
    ports = [free_port(), free_port()]
    backends = [f"http://127.0.0.1:{port}" for port in ports]
    balancer = RoundRobin(backends)
    await balancer.start()
    async with LocalBotApi() as api, aiohttp.ClientSession() as http:
        bots = [
            BotProcess(
                {
                    "TELEGRAM_BOT_TOKEN": api.token,
                    "TELEGRAM_API_BASE_URL": api.base_url,
                    "TELEGRAM_API_FILE_URL": api.base_file_url,
                    "DATABASE_URL": empty_postgres,
                    "WEBHOOK_URL": f"http://127.0.0.1:{balancer.port}/telegram",
                    "WEBHOOK_SECRET": SECRET,
                    "WEBHOOK_LISTEN": "127.0.0.1",
                    "WEBHOOK_PORT": str(port),
                    "CHAT_SEND_INTERVAL": "0",
                    "LOG_LEVEL": "DEBUG",
                    "LOG_FORMAT": "json" if number else "console",
                },
                tmp_path / f"bot{number}.log",
            )
            for number, port in enumerate(ports)
        ]
        try:
            await asyncio.gather(*(bot.start() for bot in bots))  # the same moment
            for bot, backend in zip(bots, backends, strict=True):
                await wait_ready(http, backend, bot)
            people = [api.user(5000 + n, first_name=f"P{n}") for n in range(USERS)]
            for number in range(MESSAGES):
                for person in people:
                    await person.send(f"/nope{number}")
            for person in people:
                texts = Counter([(await person.next(timeout=30)).text for _ in range(MESSAGES)])
                assert texts == Counter(
                    f"I don't know /nope{n}. Send /help to see what I can do."
                    for n in range(MESSAGES)
                )
                await person.expect_silence(0.2)
        finally:
            codes = [await bot.stop() for bot in bots]
    await balancer.stop()
    logs = "\n".join(bot.log() for bot in bots)
    assert codes == [0, 0], logs
    assert "Traceback" not in logs
    assert api.token not in logs and SECRET not in logs
    assert "/nope" not in logs  # no message text
    lines = [json.loads(line) for line in bots[1].log().splitlines() if line.startswith("{")]
    done = [line for line in lines if line["event"] == "update_done"]
    assert done and all({"update_id", "user_id", "seconds"} <= set(line) for line in done)
    assert "event=update_done" in bots[0].log() and "user_id=" in bots[0].log()
    assert all(count > USERS for count in balancer.counts.values()), balancer.counts
    engine = make_engine(empty_postgres)
    try:
        async with engine.connect() as conn:
            users = await conn.scalar(select(func.count()).select_from(User))
            versions = await conn.scalar(text("SELECT count(*) FROM alembic_version"))
    finally:
        await engine.dispose()
    assert users == USERS
    assert versions == 1
