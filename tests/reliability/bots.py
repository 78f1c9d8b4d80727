"""Real `python -m bot run` processes against the local Bot API server of the test.

The test's event loop runs the server; each bot is a subprocess configured by environment
variables only, exactly as an operator would run it, and is killed, stopped or signalled like
one. What arrived is read from the server's chat logs, what was stored from the database.
"""

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import func, insert, select

from bot.devkit.localapi import LocalBotApi
from db.models import Delivery, Reminder, User
from db.session import make_engine, make_sessionmaker

ROOT = Path(__file__).resolve().parents[2]
FIRST_CHAT = 500_000


async def seed(url: str, count: int, first: int = FIRST_CHAT) -> range:
    """`count` onboarded desk users, each with a daily routine due now; their chat ids."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    chats = range(first, first + count)
    try:
        async with engine.begin() as conn:
            rows = [
                {"telegram_id": chat, "chat_id": chat, "first_name": "Load", "roles": "desk",
                 "timezone": "Europe/Berlin", "onboarded_at": now - timedelta(days=1),
                 "routine_at": clock_time(12, 0), "dialog_data": {}}
                for chat in chats
            ]  # fmt: skip
            ids = (await conn.execute(insert(User).returning(User.id), rows)).scalars().all()
            await conn.execute(
                insert(Reminder),
                [{"user_id": uid, "kind": "routine", "next_due": now, "payload": {},
                  "attempts": 0} for uid in ids],
            )  # fmt: skip
    finally:
        await engine.dispose()
    return chats


class BotProcess:
    """One bot process; its log goes to a file the test can show when something fails."""

    def __init__(self, api: LocalBotApi, database_url: str, log: Path, **settings: object) -> None:
        self.log = log
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "TELEGRAM_API_FILE_URL": api.base_file_url,
            "TELEGRAM_POLL_INTERVAL": "0.2",
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "INFO",
            "DISPATCH_INTERVAL": "0.5",
            "DISPATCH_LEASE": "3",
            "METRICS_PORT": "0",  # several bots (and other test runs) at once: no port clash
            "CHAT_SEND_INTERVAL": "0",
            **{key.upper(): str(value) for key, value in settings.items()},
        }
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run",
                cwd=ROOT, env=self.env, stdout=out, stderr=out,
            )  # fmt: skip

    def signal(self, number: signal.Signals) -> None:
        assert self.process is not None
        self.process.send_signal(number)

    async def wait(self, within: float = 60) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), within)

    async def stop(self) -> None:
        """Kill whatever is left at the end of a test."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def arrived(api: LocalBotApi, chats: Sequence[int]) -> Counter[int]:
    """Messages each chat received."""
    return Counter({chat: len(api.chat_log(chat)) for chat in chats})


async def until(condition: Callable[[], bool], within: float, what: str) -> None:
    """Wait (checking every 20 ms) until `condition()` holds; fail with `what` after `within` s."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within} s waiting for {what}")
        await asyncio.sleep(0.02)


async def stored_state(url: str) -> tuple[Counter[str], int]:
    """(delivery statuses, reminders still under a lease)."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            statuses = Counter((await session.execute(select(Delivery.status))).scalars().all())
            leased = (
                await session.execute(select(func.count()).where(Reminder.lease_owner.is_not(None)))
            ).scalar_one()
    finally:
        await engine.dispose()
    return statuses, leased
