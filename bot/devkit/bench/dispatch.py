"""Reminders per second end to end against a bare send loop, and the claim time on PostgreSQL.

Throughput: the production Dispatcher (claim, record, render, send, reschedule) and a plain PTB
`send_message` loop take turns sending to the same chats of the local Bot API server, with the
same concurrency and no rate limiter, in pairs of rounds (see `pairs`); the median of the pairs'
ratios is what the dispatcher's own work costs. Claim time: `claim_due_reminders` picking 1,000
due rows out of a table of 10,000, then of `claim_rows`, each call in a transaction that is
rolled back so every call sees the same rows."""

import asyncio
import contextlib
import gc
import math
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, delete, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import InlineKeyboardMarkup
from telegram.ext import ExtBot

from bot import keyboards
from bot.config import Settings
from bot.context import HTML_DEFAULTS, Services
from bot.devkit.bench.pairs import paired_rates
from bot.devkit.localapi import LocalBotApi
from bot.dispatching import build_dispatcher
from bot.outbox import TelegramOutbox
from db.admin import execute_autocommit
from db.migrate import upgrade
from db.models import Delivery, Reminder, User
from db.repo.reminders import claim_due_reminders
from db.session import make_engine, make_sessionmaker
from db.vocab import ReminderKind
from scheduler.dispatch import Dispatcher

ROUNDS = 5
DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
CLAIM_DUE = 1000
CLAIM_BASE_ROWS = 10_000
CLAIM_REPEATS = 15
CLAIM_LEASE = timedelta(minutes=2)
WEEK_SECONDS = 7 * 24 * 3600


async def run(
    reminders: int = 2000, *, claim_rows: int = 1_000_000, database_url: str | None = None
) -> dict[str, object]:
    """Every figure of the benchmark, flat, ready to print as one JSON object."""
    if reminders < 1 or claim_rows < 1:
        raise ValueError("reminders and claim_rows must be positive")
    figures: dict[str, object] = {
        "reminders": reminders,
        "rows": claim_rows,
        "rounds": ROUNDS,
        "cpu_count": os.cpu_count(),
    }
    figures.update(await _throughput(reminders, database_url))
    figures.update(await _claim_figures(claim_rows))
    return figures


# --- throughput ------------------------------------------------------------------------------


async def _throughput(count: int, database_url: str | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="limber-bench-") as folder:
        url = database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        engine = make_engine(url)
        try:
            await upgrade(engine)
            sessionmaker = make_sessionmaker(engine)
            seeded = await _seed_users(sessionmaker, count)
            try:
                figures = await _race(sessionmaker, url, seeded)
            finally:
                if database_url is not None:
                    await _remove_users(sessionmaker, seeded)
        finally:
            await engine.dispose()
    return {"backend": engine.dialect.name, **figures}


@dataclass(frozen=True)
class Seeded:
    """The benchmark's users: a run of Telegram ids, which are also their chat ids."""

    first_telegram_id: int
    count: int

    @property
    def chats(self) -> range:
        return range(self.first_telegram_id, self.first_telegram_id + self.count)

    def user_ids(self) -> Select[int]:
        """Their database ids, as a subquery (any number of users, no bound-parameter limit)."""
        return select(User.id).where(
            User.telegram_id >= self.chats.start, User.telegram_id < self.chats.stop
        )


async def _seed_users(sessionmaker: async_sessionmaker[AsyncSession], count: int) -> Seeded:
    """`count` onboarded desk cyclists in Berlin, each with one routine reminder (switched off).

    Telegram ids start above any already in the database, so a given database is safe to use.
    """
    now = datetime.now(UTC)
    async with sessionmaker() as session:
        highest = (await session.execute(select(func.max(User.telegram_id)))).scalar_one()
        first = max(highest or 0, 900_000_000) + 1
        rows = [
            {"telegram_id": first + i, "chat_id": first + i, "first_name": "Bench",
             "roles": "desk,cyclist", "timezone": "Europe/Berlin", "onboarded_at": now,
             "ride_km_week": 60.0, "dialog_data": {}}
            for i in range(count)
        ]  # fmt: skip
        user_ids = await session.scalars(insert(User).returning(User.id), rows)
        await session.execute(
            insert(Reminder),
            [
                {"user_id": user_id, "kind": ReminderKind.ROUTINE, "payload": {}}
                for user_id in user_ids
            ],
        )
        await session.commit()
    return Seeded(first, count)


async def _remove_users(sessionmaker: async_sessionmaker[AsyncSession], seeded: Seeded) -> None:
    """Delete what the benchmark added to a database it was given (reminders cascade)."""
    async with sessionmaker() as session:
        await session.execute(delete(User).where(User.id.in_(seeded.user_ids())))
        await session.commit()


async def _race(
    sessionmaker: async_sessionmaker[AsyncSession], url: str, seeded: Seeded
) -> dict[str, object]:
    """Warm up, then pairs of a dispatcher round and a bare loop round; the median ratio."""
    async with LocalBotApi() as api:
        for chat in seeded.chats:
            api.open_chat(chat)
        async with ExtBot(
            api.token,
            base_url=api.base_url,
            base_file_url=api.base_file_url,
            defaults=HTML_DEFAULTS,
        ) as bot:
            services = Services(settings=Settings(database_url=url), sessionmaker=sessionmaker)
            dispatcher = build_dispatcher(services, TelegramOutbox(bot, per_chat_interval=0))
            await _dispatch_round(api, dispatcher, sessionmaker, seeded)
            gc.freeze()  # as the bot does once started: set-up objects stay out of collections
            sample = api.chat_log(seeded.chats[0])[-1]
            markup = keyboards.raw(sample.buttons)
            bare = _bare_loop(bot, sample.html, markup, dispatcher.concurrency)
            await bare(seeded.chats)
            delivered: list[int] = []

            async def dispatch_rate() -> float:
                seconds, ok = await _dispatch_round(api, dispatcher, sessionmaker, seeded)
                delivered.append(ok)
                return seeded.count / seconds

            async def bare_rate() -> float:
                return seeded.count / await _timed(bare(seeded.chats))

            pairs = await paired_rates(dispatch_rate, bare_rate, ROUNDS)
    return {
        "delivered": min(delivered),
        "concurrency": dispatcher.concurrency,
        **pairs.figures("dispatch_per_s", "bare_per_s", "ratio"),
    }


async def _timed(work: Awaitable[object]) -> float:
    """Seconds `work` takes, starting clean so no run pays for the garbage of the one before.

    What is still alive is then frozen, as the bot freezes its start-up objects: above all the
    local server's chat logs, which grow with every round and belong to neither contestant,
    so the collector never rescans them on the clock of whichever side allocates more.
    """
    gc.collect()
    gc.freeze()
    start = time.perf_counter()
    await work
    return time.perf_counter() - start


def _bare_loop(
    bot: ExtBot[None], html: str, markup: InlineKeyboardMarkup | None, width: int
) -> Callable[[Sequence[int]], Awaitable[object]]:
    """What sending costs with nothing around it: the same message, the same concurrency."""

    async def send_all(targets: Sequence[int]) -> object:
        gate = asyncio.Semaphore(width)

        async def send(chat: int) -> None:
            async with gate:
                await bot.send_message(chat, html, reply_markup=markup)

        return await asyncio.gather(*(send(chat) for chat in targets))

    return send_all


async def _dispatch_round(
    api: LocalBotApi,
    dispatcher: Dispatcher,
    sessionmaker: async_sessionmaker[AsyncSession],
    seeded: Seeded,
) -> tuple[float, int]:
    """Make every routine due now, time one tick; (seconds, reminders delivered exactly once)."""
    now = datetime.now(UTC)
    async with sessionmaker() as session:
        await session.execute(
            update(Reminder)
            .where(Reminder.user_id.in_(seeded.user_ids()))
            .values(next_due=now, lease_until=None, lease_owner=None, attempts=0)
        )
        await session.commit()
    before = {chat: len(api.chat_log(chat)) for chat in seeded.chats}
    seconds = await _timed(dispatcher.tick(now))
    return seconds, await _delivered_once(api, sessionmaker, before, now)


async def _delivered_once(
    api: LocalBotApi,
    sessionmaker: async_sessionmaker[AsyncSession],
    before: dict[int, int],
    due: datetime,
) -> int:
    """Reminders due at `due` with one sent delivery whose message is the chat's only new one."""
    async with sessionmaker() as session:
        result = await session.execute(
            select(User.chat_id, Delivery.message_id)
            .join(User, User.id == Delivery.user_id)
            .where(Delivery.due_at == due, Delivery.status == "sent")
        )
        sent = result.all()
    per_chat: dict[int, list[int | None]] = {}
    for chat, message_id in sent:
        per_chat.setdefault(chat, []).append(message_id)
    delivered = 0
    for chat, count in before.items():
        new = api.chat_log(chat)[count:]
        ids = per_chat.get(chat, [])
        delivered += len(new) == 1 and ids == [new[0].message_id]
    return delivered


# --- claim time on PostgreSQL ----------------------------------------------------------------


async def _claim_figures(claim_rows: int) -> dict[str, object]:
    """Claim timings on a throw-away PostgreSQL database, or nulls and the reason it was skipped."""
    admin_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_PG_URL)
    name = f"limber_bench_{uuid.uuid4().hex[:10]}"
    base_rows = min(CLAIM_BASE_ROWS, claim_rows)
    figures: dict[str, object] = {
        "claim_base_rows": base_rows,
        "claim_ms_median_10k": None,
        "claim_ms_p95_10k": None,
        "claim_ms_median": None,
        "claim_ms_p95": None,
        "claim_flatness": None,
    }
    try:
        await execute_autocommit(admin_url, f'CREATE DATABASE "{name}"')
    except Exception as error:  # any failure to connect or create means "no server to use"
        where = make_url(admin_url).render_as_string(hide_password=True)
        return {**figures, "claim_skipped": f"PostgreSQL not usable at {where}: {error!r}"}
    try:
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        small, large = await _claim_stages(url, base_rows, claim_rows)
    finally:
        await execute_autocommit(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return {
        **figures,
        "claim_ms_median_10k": _ms(statistics.median(small)),
        "claim_ms_p95_10k": _ms(_p95(small)),
        "claim_ms_median": _ms(statistics.median(large)),
        "claim_ms_p95": _ms(_p95(large)),
        "claim_flatness": round(statistics.median(large) / statistics.median(small), 2),
        "claim_skipped": None,
    }


async def _claim_stages(
    url: str, base_rows: int, claim_rows: int
) -> tuple[list[float], list[float]]:
    """Time the claim at `base_rows`, grow the same table to `claim_rows`, time it again."""
    engine = make_engine(url, statement_timeout=None)  # filling a million rows takes a while
    try:
        await upgrade(engine)
        now = datetime.now(UTC).replace(microsecond=0)
        due = min(CLAIM_DUE, base_rows)
        every = base_rows // due
        await _fill(engine, 1, base_rows, every, now)
        small = await _time_claims(engine, now, due)
        await _fill(engine, base_rows + 1, claim_rows, every, now)
        large = await _time_claims(engine, now, due)
    finally:
        await engine.dispose()
    return small, large


async def _fill(engine: AsyncEngine, first: int, last: int, every: int, now: datetime) -> None:
    """Reminders first..last (two per user): every `every`-th of the first `CLAIM_DUE * every`
    is due now, the rest is due some time in the coming week.

    Due rows are spread over the table as in real life, where the order rows were written in
    says nothing about when they fall due. Then VACUUM ANALYZE, as autovacuum would do on a live
    table, and a checkpoint, so writing out the bulk insert does not overlap the timed claims.
    """
    if last >= first:
        params = {
            "first": first, "last": last, "every": every, "due": CLAIM_DUE, "now": now,
            "week": WEEK_SECONDS,
        }  # fmt: skip
        async with engine.begin() as conn:
            await conn.execute(_INSERT_USERS, params)
            await conn.execute(_INSERT_REMINDERS, params)
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE users"))
        await conn.execute(text("VACUUM ANALYZE reminders"))
        with contextlib.suppress(DBAPIError):  # a role without the right: just noisier timings
            await conn.execute(text("CHECKPOINT"))


# Parameters are cast once in `p`: asyncpg cannot infer the types of bare placeholders here.
_PARAMS = """
    (SELECT CAST(:first AS integer) AS first, CAST(:last AS integer) AS last,
        CAST(:every AS integer) AS every, CAST(:due AS integer) AS due,
        CAST(:week AS integer) AS week, CAST(:now AS timestamptz) AS now) AS p
"""

_INSERT_USERS = text(
    f"""
    INSERT INTO users (id, telegram_id, chat_id, first_name, roles, timezone, work_days,
        work_start, work_end, break_every, ride_km_week, run_km_week, distance_unit, routine_at,
        post_activity_delay, reminders_on, blocked, onboarded_at, dialog_data, created_at,
        updated_at)
    SELECT u, u, u, 'Bench', 'desk,cyclist', 'Europe/Berlin', 'mon,tue,wed,thu,fri',
        '09:00', '17:00', 45, 60, 0, 'km', '18:30', 0, true, false, p.now, '{{}}', p.now, p.now
    FROM {_PARAMS}, generate_series((p.first + 1) / 2, (p.last + 1) / 2) AS u
    ON CONFLICT (id) DO NOTHING
    """
)

_INSERT_REMINDERS = text(
    f"""
    INSERT INTO reminders (id, user_id, kind, next_due, attempts, payload, created_at)
    SELECT r, (r + 1) / 2, CASE WHEN r % 2 = 1 THEN 'routine' ELSE 'break' END,
        CASE WHEN r % p.every = 0 AND r <= p.due * p.every THEN p.now - make_interval(secs => r)
             ELSE p.now + make_interval(secs => 1 + (r::bigint * 7919) % p.week) END,
        0, '{{}}', p.now
    FROM {_PARAMS}, generate_series(p.first, p.last) AS r
    """
)


async def _time_claims(engine: AsyncEngine, now: datetime, due: int) -> list[float]:
    """Seconds per claim of the due rows; one untimed call first, every call rolled back.

    As `timeit` does, the garbage collector is off while a call is timed: a full collection of
    this process (the local server's chat logs and all) would otherwise land on a random call.
    """
    sessionmaker = make_sessionmaker(engine)
    timings = []
    for attempt in range(CLAIM_REPEATS + 1):
        async with sessionmaker() as session:
            await session.connection()
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                claimed = await claim_due_reminders(
                    session, now, "bench", limit=CLAIM_DUE, lease=CLAIM_LEASE
                )
                seconds = time.perf_counter() - start
            finally:
                gc.enable()
            await session.rollback()
        if len(claimed) != due:
            raise RuntimeError(f"claimed {len(claimed)} reminders, expected {due}")
        if attempt:
            timings.append(seconds)
    return timings


def _p95(values: Sequence[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
