"""Updates per second of the real Application against a bare PTB echo bot, and how long another
user waits while one user floods the bot.

Both bots poll the same local Bot API server, with no rate limiter and the same number of
updates in flight; `count` messages from `users` onboarded users are queued at once and the
clock stops at the last reply. The median ratio of paired rounds (see `pairs`) is what Limber's
own work per update costs (`/help`: a user lookup and a reply; `/ride 10`: parsing, the user and the
twin check, and for each user's first ride five statements and a reminder; the rides after it
are within ten minutes of a twin, so they get the "log it again?" question). The flood part:
one user sends `flood` messages at once while another sends `/help` now and then; the figure
is how long each of those answers took. The drain part: `drain`
reminders fall due at once and go out through the send budget (rate limiter on) to a server
that refuses more than 30 sends in any second, while another user asks `/help` every
`PROBE_EVERY` seconds: replies go ahead of queued reminders, so they should not wait for it.
"""

import asyncio
import gc
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import SecretStr
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.app import build_application
from bot.config import Settings
from bot.context import LimberApp, Services
from bot.devkit.bench.pairs import paired_rates
from bot.devkit.localapi import LocalBotApi, SimulatedUser
from db.migrate import upgrade
from db.models import Reminder, User
from db.session import make_engine, make_sessionmaker
from db.vocab import ReminderKind

ROUNDS = 3
FIRST_ID = 700_000_000
MAX_PROBES = 200
AnyApp = Application[Any, Any, Any, Any, Any, Any]
WORKERS = 32  # updates in flight, for both bots
DRAIN_FIRST_ID = 710_000_000
# Seconds between two /help of the other user during the drain: over the 1 s per-chat interval,
# so what is measured is the wait behind the reminders, not the pacing of the user's own chat.
PROBE_EVERY = 1.2


async def run(
    count: int = 1000,
    *,
    users: int = 50,
    flood: int = 500,
    drain: int = 1000,
    rounds: int = ROUNDS,
) -> dict[str, object]:
    """Every figure, flat, ready to print as one JSON object."""
    if count < 1 or users < 1 or flood < 1 or drain < 1:
        raise ValueError("count, users, flood and drain must be positive")
    figures: dict[str, object] = {
        "updates": count, "users": users, "rounds": rounds, "cpu_count": os.cpu_count(),
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="limber-bench-") as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        engine = make_engine(url)
        try:
            await upgrade(engine)
            sessionmaker = make_sessionmaker(engine)
            await _seed(sessionmaker, users + 2)
            async with LocalBotApi() as api:
                settings = _settings(api, url)
                services = Services(settings=settings, sessionmaker=sessionmaker)
                people = [api.user(FIRST_ID + n, first_name="Bench") for n in range(users)]
                echo = _echo_app(api)
                for text, name in (("/help", "help"), ("/ride 10", "ride")):

                    async def limber_rate(text: str = text) -> float:
                        limber = build_application(settings, services)
                        return await _rate(api, limber, people, text, count)

                    async def echo_rate(text: str = text) -> float:
                        return await _rate(api, echo, people, text, count)

                    pairs = await paired_rates(limber_rate, echo_rate, rounds)
                    figures.update(
                        pairs.figures(f"{name}_per_s", f"{name}_echo_per_s", f"{name}_ratio")
                    )
                flooder = api.user(FIRST_ID + users, first_name="Flood")
                other = api.user(FIRST_ID + users + 1, first_name="Other")
                limber = build_application(settings, services)
                waits = await _running(limber, lambda: _flood(api, flooder, other, flood))
            figures["flood_messages"] = flood
            figures["flood_other_p50_ms"] = round(statistics.median(waits) * 1000, 1)
            figures["flood_other_max_ms"] = round(max(waits) * 1000, 1)
            figures.update(await _drain_figures(sessionmaker, url, drain))
        finally:
            await engine.dispose()
    return figures


def _settings(api: LocalBotApi, url: str) -> Settings:
    return Settings(
        telegram_bot_token=SecretStr(api.token),
        telegram_api_base_url=api.base_url,
        telegram_api_file_url=api.base_file_url,
        database_url=url,
        rate_limit=False,
        chat_send_interval=0,
        dispatch_interval=3600,
        update_workers=WORKERS,
        metrics_port=0,
        _env_file=None,  # type: ignore[call-arg]
    )


async def _drain_figures(
    sessionmaker: async_sessionmaker[AsyncSession], url: str, drain: int
) -> dict[str, object]:
    """`drain` routines due now, sent through the budget, and another user's waits meanwhile."""
    chats = range(DRAIN_FIRST_ID, DRAIN_FIRST_ID + drain)
    await _seed(sessionmaker, drain, first=DRAIN_FIRST_ID, routine_due=datetime.now(UTC))
    async with LocalBotApi(send_limit=30) as api:
        for chat in chats:
            api.open_chat(chat)
        settings = _settings(api, url).model_copy(
            update={"rate_limit": True, "chat_send_interval": 1.0, "dispatch_interval": 0.5}
        )
        limber = build_application(settings, Services(settings=settings, sessionmaker=sessionmaker))
        other = api.user(DRAIN_FIRST_ID + drain, first_name="Other")
        started = time.perf_counter()

        async def probe() -> list[float]:
            waits: list[float] = []
            while not waits or sum(1 for chat in chats if api.chat_log(chat)) < drain:
                asked = time.perf_counter()
                await other.ask("/help", timeout=60)
                waits.append(time.perf_counter() - asked)
                await asyncio.sleep(PROBE_EVERY)
            return waits

        waits = await _running(limber, probe)
        seconds = time.perf_counter() - started
        assert api.send_window is not None
        refused = api.send_window.rejected
    waits.sort()
    return {
        "drain_reminders": drain,
        "drain_seconds": round(seconds, 1),
        "drain_refused": refused,
        "drain_other_probes": len(waits),
        "drain_other_p50_ms": round(statistics.median(waits) * 1000, 1),
        "drain_other_p95_ms": round(waits[min(len(waits) - 1, int(len(waits) * 0.95))] * 1000, 1),
    }


async def _seed(
    sessionmaker: async_sessionmaker[AsyncSession],
    count: int,
    *,
    first: int = FIRST_ID,
    routine_due: datetime | None = None,
) -> None:
    """Onboarded desk cyclists in Berlin whose post-ride stretch waits half an hour (so no
    reminder is sent during the benchmark), each with a routine due at `routine_due` if given."""
    now = datetime.now(UTC)
    rows = [
        {"telegram_id": first + n, "chat_id": first + n, "first_name": "Bench",
         "roles": "desk,cyclist", "timezone": "Europe/Berlin", "onboarded_at": now,
         "ride_km_week": 60.0, "post_activity_delay": 30, "dialog_data": {}}
        for n in range(count)
    ]  # fmt: skip
    async with sessionmaker() as session:
        ids = (await session.scalars(insert(User).returning(User.id), rows)).all()
        if routine_due is not None:
            await session.execute(
                insert(Reminder),
                [{"user_id": uid, "kind": ReminderKind.ROUTINE, "next_due": routine_due,
                  "payload": {}} for uid in ids],
            )  # fmt: skip
        await session.commit()


def _echo_app(api: LocalBotApi) -> AnyApp:
    """The smallest PTB bot that answers every message: what an update costs PTB itself."""

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        await message.reply_text(message.text)

    app = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .concurrent_updates(WORKERS)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


async def _running(app: AnyApp, work: Callable[[], Awaitable[list[float]]]) -> list[float]:
    """Start `app` polling, run `work`, stop it again."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.001, timeout=1)
    try:
        return await work()
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


async def _rate(
    api: LocalBotApi,
    app: AnyApp | LimberApp,
    people: list[SimulatedUser],
    text: str,
    count: int,
) -> float:
    async def burst() -> list[float]:
        gc.collect()
        gc.freeze()  # the server's growing chat logs are not either bot's garbage to rescan
        started = time.perf_counter()
        for number in range(count):
            await people[number % len(people)].send(text)
        for number, person in enumerate(people):  # the clock stops at the last answer
            for _ in range(count // len(people) + (number < count % len(people))):
                await person.next(timeout=120)
        return [time.perf_counter() - started]

    (seconds,) = await _running(app, burst)
    return count / seconds


async def _flood(
    api: LocalBotApi, flooder: SimulatedUser, other: SimulatedUser, flood: int
) -> list[float]:
    """`flood` messages from one user at once; while they are being answered, `/help` from
    another user, one at a time."""
    answered = len(api.chat_log(flooder.chat_id)) + flood
    for _ in range(flood):
        await flooder.send("/help")
    waits: list[float] = []
    while len(api.chat_log(flooder.chat_id)) < answered and len(waits) < MAX_PROBES:
        started = time.perf_counter()
        await other.ask("/help", timeout=60)
        waits.append(time.perf_counter() - started)
    await flooder.drain(settle=0.5)
    return waits
