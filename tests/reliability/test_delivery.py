"""Delivery under operator abuse, with real `python -m bot run` processes: kill -9 in the middle
of a dispatch, SIGTERM with a backlog, a process stopped (SIGSTOP) while holding leases, two
processes on one token, and the database going away under the dispatcher."""

import asyncio
import json
import shutil
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.devkit.localapi import LocalBotApi
from db.admin import migrate
from tests.conftest import _truncate
from tests.reliability.bots import BotProcess, arrived, seed, stored_state, until
from tests.reliability.conftest import PrivateCluster

CONCURRENCY = 16  # the dispatcher's sends in flight
STARTUP = 120.0  # seconds a bot may take to start on a loaded machine


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi(send_limit=30) as server:
        yield server


@pytest.fixture
async def unlimited_api() -> AsyncIterator[LocalBotApi]:
    """For a bot without its send budget: every send goes through at once."""
    async with LocalBotApi() as server:
        yield server


@pytest.fixture
def sqlite_file(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "bot.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def postgres_db(postgres_url: str) -> str:
    asyncio.run(_truncate(postgres_url))
    return postgres_url


def figures(name: str, **values: object) -> None:
    """The measured numbers, for the closing note (shown with -s)."""
    print(json.dumps({"test": name, **values}))


async def test_kill_9_during_a_dispatch_loses_nothing(
    unlimited_api: LocalBotApi, sqlite_file: str, tmp_path: Path
) -> None:
    api = unlimited_api
    chats = await seed(sqlite_file, 1000)
    for chat in chats:
        api.open_chat(chat)
    total = lambda: sum(arrived(api, chats).values())  # noqa: E731
    dead = []
    for kill in range(1, 4):
        bot = BotProcess(api, sqlite_file, tmp_path / f"bot{kill}.log", rate_limit="false")
        await bot.start()
        try:
            await until(lambda k=kill: total() >= 250 * k - 50, STARTUP, "sends")
        finally:
            bot.signal(signal.SIGKILL)
            await bot.wait()
        dead.append(total())
    last = BotProcess(api, sqlite_file, tmp_path / "survivor.log", rate_limit="false")
    await last.start()
    try:
        # Sends that timed out on a loaded machine come back after their backoff (30 s, 60 s).
        await until(lambda: all(arrived(api, chats).values()), 3 * STARTUP, "every chat")
        await until(lambda: _settled(last), 30, "the last records")
    finally:
        last.signal(signal.SIGTERM)
        await last.wait()
    counts = arrived(api, chats)
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    statuses, leased = await stored_state(sqlite_file)
    figures("kill -9", reminders=len(chats), kills=3, sent_at_kills=dead, duplicates=duplicates)
    assert min(counts.values()) == 1, "a reminder was lost"
    assert duplicates <= 3 * CONCURRENCY
    assert statuses == {"sent": len(chats)} and leased == 0


def _settled(bot: BotProcess) -> bool:
    return "event=dispatch" in bot.text()


async def test_sigterm_with_a_large_backlog_exits_within_five_seconds(
    api: LocalBotApi, sqlite_file: str, tmp_path: Path
) -> None:
    chats = await seed(sqlite_file, 3000)
    for chat in chats:
        api.open_chat(chat)
    bot = BotProcess(api, sqlite_file, tmp_path / "bot.log")
    await bot.start()
    await until(lambda: sum(arrived(api, chats).values()) >= 60, STARTUP, "a draining backlog")
    began = time.monotonic()
    bot.signal(signal.SIGTERM)
    code = await bot.wait(30)
    seconds = time.monotonic() - began
    counts = arrived(api, chats)
    statuses, leased = await stored_state(sqlite_file)
    figures("SIGTERM", backlog=len(chats), sent=sum(counts.values()), exit_s=round(seconds, 2))
    assert code == 0 and seconds <= 5.0, bot.text()[-3000:]
    assert leased == 0, "a lease was left behind"
    assert statuses == {"sent": sum(counts.values())} and max(counts.values()) == 1
    assert sum(counts.values()) < len(chats), "the backlog was not large"


async def test_a_peer_takes_over_from_a_stopped_process(
    api: LocalBotApi, postgres_db: str, tmp_path: Path
) -> None:
    """The hung process sends slowly (2 a second), so it is stopped between two sends, as
    most of a real dispatcher's time goes waiting for its budget: then nothing is in flight,
    and when it resumes the fence must keep it from sending anything the peer took over."""
    chats = await seed(postgres_db, 120)
    for chat in chats:
        api.open_chat(chat)
    hung = BotProcess(api, postgres_db, tmp_path / "hung.log", send_rate=2)
    peer = BotProcess(api, postgres_db, tmp_path / "peer.log")
    await hung.start()
    try:
        await until(lambda: sum(arrived(api, chats).values()) >= 10, STARTUP, "sends")
        await asyncio.sleep(0.25)  # halfway to its next send
        hung.signal(signal.SIGSTOP)
        stopped_at = sum(arrived(api, chats).values())
        await peer.start()
        await until(lambda: all(arrived(api, chats).values()), STARTUP, "the takeover")
        hung.signal(signal.SIGCONT)
        await until(lambda: "event=dispatch " in hung.text(), 60, "the resumed pass to end")
        await until(lambda: _settled(peer), 30, "the peer's records")
    finally:
        for bot in (hung, peer):
            bot.signal(signal.SIGCONT)
            bot.signal(signal.SIGTERM)
            await bot.wait()
    counts = arrived(api, chats)
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    figures("SIGSTOP takeover", reminders=len(chats), sent_before_stop=stopped_at,
            duplicates=duplicates)  # fmt: skip
    assert min(counts.values()) == 1, "a reminder was lost"
    assert duplicates == 0, hung.text()[-2000:]
    statuses, leased = await stored_state(postgres_db)
    assert statuses == {"sent": len(chats)} and leased == 0


@pytest.mark.timing
async def test_two_processes_on_one_token_share_the_budget(
    api: LocalBotApi, postgres_db: str, tmp_path: Path
) -> None:
    chats = await seed(postgres_db, 300)
    for chat in chats:
        api.open_chat(chat)
    # Batches of 50: a backlog is spread over both processes instead of claimed by the first.
    bots = [
        BotProcess(api, postgres_db, tmp_path / f"bot{n}.log", dispatch_batch=50) for n in (1, 2)
    ]
    for bot in bots:
        await bot.start()
    try:
        await until(lambda: sum(arrived(api, chats).values()) >= 30, STARTUP, "sends")
        began, start_count = time.monotonic(), sum(arrived(api, chats).values())
        await until(lambda: all(arrived(api, chats).values()), 2 * STARTUP, "every chat")
        rate = (sum(arrived(api, chats).values()) - start_count) / (time.monotonic() - began)
    finally:
        for bot in bots:
            bot.signal(signal.SIGTERM)
            await bot.wait()
    counts = arrived(api, chats)
    assert api.send_window is not None
    figures("two processes", reminders=len(chats), msg_per_s=round(rate, 1),
            busiest_second=api.send_window.busiest, refused=api.send_window.rejected)  # fmt: skip
    assert max(counts.values()) == 1 and min(counts.values()) == 1
    assert api.send_window.rejected == 0, "the global limit was exceeded"
    assert all("event=dispatch" in bot.text() for bot in bots), "both processes dispatched"


async def test_a_database_outage_is_one_warning_and_costs_nothing(
    api: LocalBotApi, private_postgres: PrivateCluster, tmp_path: Path
) -> None:
    url = private_postgres.url
    await migrate(url)
    first = await seed(url, 50)
    for chat in first:
        api.open_chat(chat)
    bot = BotProcess(api, url, tmp_path / "bot.log")
    await bot.start()
    try:
        await until(lambda: all(arrived(api, first).values()), STARTUP, "the first reminders")
        private_postgres.stop()
        await until(lambda: "event=database_unavailable" in bot.text(), 30, "the warning")
        await asyncio.sleep(3)  # several passes with the database gone
        private_postgres.start()
        await until(lambda: "event=database_back" in bot.text(), 30, "the recovery")
        second = await seed(url, 50, first=first.stop)
        for chat in second:
            api.open_chat(chat)
        await until(lambda: all(arrived(api, second).values()), 60, "reminders after it")
    finally:
        bot.signal(signal.SIGTERM)
        await bot.wait()
    log = bot.text()
    assert log.count("event=database_unavailable") == 1
    assert log.count("event=database_back") == 1
    assert "Traceback" not in log, log[-3000:]
    counts = arrived(api, [*first, *second])
    # A send whose record the outage cut off is sent again (at-least-once): never more than
    # the sends in flight.
    assert min(counts.values()) == 1
    assert sum(n - 1 for n in counts.values()) <= CONCURRENCY
