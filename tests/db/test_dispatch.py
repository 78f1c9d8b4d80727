"""Claims, leases and unique deliveries on SQLite and PostgreSQL, and two dispatchers racing."""

import asyncio
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Delivery, Reminder, User
from db.repo.reminders import claim_due_reminders, insert_deliveries
from db.session import make_engine, make_sessionmaker
from scheduler.dispatch import (
    Dispatcher,
    DueItem,
    Fence,
    Rendered,
    SendBlocked,
    SendFenced,
    SendRetry,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


async def make_users(
    sessionmaker: async_sessionmaker[AsyncSession], count: int, *, due: datetime = NOW
) -> list[int]:
    """`count` onboarded desk users in Berlin, each with a routine reminder due at `due`.

    Telegram ids continue from the users already there: 10000, 10001, …
    """
    async with sessionmaker() as session:
        first = 10_000 + (await session.execute(select(func.count(User.id)))).scalar_one()
        users = [
            User(telegram_id=first + i, chat_id=first + i, roles="desk", timezone="Europe/Berlin",
                 onboarded_at=NOW - timedelta(days=1), routine_at=time(13, 0), dialog_data={})
            for i in range(count)
        ]  # fmt: skip
        session.add_all(users)
        await session.flush()
        reminders = [
            Reminder(user_id=u.id, kind="routine", next_due=due, payload={}) for u in users
        ]
        session.add_all(reminders)
        await session.commit()
        return [r.id for r in reminders]


class RecordingOutbox:
    """Stands in for Telegram: records every send, can fail some on purpose."""

    def __init__(self, fail: dict[int, Exception] | None = None) -> None:
        self.sent: Counter[int] = Counter()
        self.fail = fail or {}

    async def send(
        self,
        chat_id: int,
        html: str,
        buttons: list[list[tuple[str, str]]],
        fence: Fence,
        photo: bytes | None = None,
    ) -> int:
        await asyncio.sleep(0)  # let the other dispatcher run in between
        if not await fence():
            raise SendFenced(str(chat_id))
        if chat_id in self.fail:
            raise self.fail[chat_id]
        self.sent[chat_id] += 1
        return sum(self.sent.values())


async def plain_render(_session: AsyncSession, items: Sequence[DueItem]) -> list[Rendered]:
    return [Rendered(f"routine for {item.user.id}", []) for item in items]


def dispatcher(
    sessionmaker: async_sessionmaker[AsyncSession], outbox: RecordingOutbox, owner: str, **kw: int
) -> Dispatcher:
    return Dispatcher(sessionmaker, outbox, plain_render, owner, **kw)  # type: ignore[arg-type]


async def test_claim_leases_rows_until_the_lease_expires(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await make_users(sessionmaker, 5)
    await make_users(sessionmaker, 0)
    lease = timedelta(minutes=2)
    async with sessionmaker() as session:
        first = await claim_due_reminders(session, NOW, "a", limit=3, lease=lease)
        await session.commit()
    async with sessionmaker() as session:
        second = await claim_due_reminders(session, NOW, "b", limit=10, lease=lease)
        await session.commit()
    assert len(first) == 3 and len(second) == 2
    assert not {r.id for r in first} & {r.id for r in second}
    async with sessionmaker() as session:
        none_left = await claim_due_reminders(session, NOW, "c", limit=10, lease=lease)
        expired = await claim_due_reminders(session, NOW + lease * 2, "c", limit=10, lease=lease)
        await session.commit()
    assert none_left == [] and len(expired) == 5
    assert {r.lease_owner for r in expired} == {"c"}


async def test_future_reminders_are_not_claimed(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await make_users(sessionmaker, 3, due=NOW + timedelta(seconds=1))
    async with sessionmaker() as session:
        assert await claim_due_reminders(session, NOW, "a", limit=10, lease=timedelta(1)) == []


async def test_a_delivery_is_unique_per_reminder_and_due_time(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    [reminder_id] = await make_users(sessionmaker, 1)
    row = {"reminder_id": reminder_id, "user_id": 1, "kind": "routine", "due_at": NOW,
           "status": "sending", "late": False, "content": {}}  # fmt: skip
    async with sessionmaker() as session:
        assert list(await insert_deliveries(session, [row])) == [reminder_id]
        assert await insert_deliveries(session, [row]) == {}
        later = {**row, "due_at": NOW + timedelta(days=1)}
        assert list(await insert_deliveries(session, [later])) == [reminder_id]
        await session.commit()


async def test_dispatch_sends_once_and_reschedules(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await make_users(sessionmaker, 20)
    outbox = RecordingOutbox()
    report = await dispatcher(sessionmaker, outbox, "a", batch=7).tick(NOW)
    assert report.sent == 20 and report.claimed == 20
    assert set(outbox.sent.values()) == {1}
    again = await dispatcher(sessionmaker, outbox, "a").tick(NOW + timedelta(minutes=5))
    assert again.claimed == 0
    async with sessionmaker() as session:
        dues = (await session.execute(select(Reminder.next_due))).scalars().all()
        statuses = (await session.execute(select(Delivery.status))).scalars().all()
    # 13:00 Berlin is 12:00 UTC; the next routine is tomorrow at the same time.
    assert set(dues) == {NOW + timedelta(days=1)}
    assert statuses == ["sent"] * 20


async def test_late_within_grace_is_sent_marked_late_and_older_is_skipped(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await make_users(sessionmaker, 2, due=NOW - timedelta(minutes=20))
    await make_users(sessionmaker, 3, due=NOW - timedelta(hours=3))
    outbox = RecordingOutbox()
    report = await dispatcher(sessionmaker, outbox, "a").tick(NOW)
    assert (report.sent, report.late, report.missed) == (2, 2, 3)
    async with sessionmaker() as session:
        rows = (await session.execute(select(Delivery.status, Delivery.late))).all()
    assert Counter(rows) == {("sent", True): 2, ("missed", True): 3}


async def test_failures_retry_later_and_blocked_users_are_switched_off(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await make_users(sessionmaker, 3)
    outbox = RecordingOutbox(fail={10_000: SendRetry(5, "flood"), 10_001: SendBlocked("403")})
    report = await dispatcher(sessionmaker, outbox, "a").tick(NOW)
    assert (report.sent, report.retried, report.blocked) == (1, 1, 1)
    async with sessionmaker() as session:
        blocked = (
            await session.execute(select(User).where(User.telegram_id == 10_001))
        ).scalar_one()
        assert blocked.blocked
        assert (await session.execute(select(func.count()).select_from(Delivery))).scalar() == 1
    outbox.fail.clear()
    assert (await dispatcher(sessionmaker, outbox, "a").tick(NOW + timedelta(seconds=10))).sent == 0
    retried = await dispatcher(sessionmaker, outbox, "a").tick(NOW + timedelta(seconds=31))
    assert retried.sent == 1
    assert outbox.sent[10_000] == 1 and outbox.sent[10_001] == 0


@pytest.mark.parametrize("count", [1000])
async def test_two_dispatchers_deliver_each_reminder_exactly_once(
    database_url: str, count: int
) -> None:
    engines = [make_engine(database_url) for _ in range(2)]
    try:
        makers = [make_sessionmaker(engine) for engine in engines]
        await make_users(makers[0], count)
        outbox = RecordingOutbox()
        reports = await asyncio.gather(
            dispatcher(makers[0], outbox, "one", batch=50).tick(NOW),
            dispatcher(makers[1], outbox, "two", batch=50).tick(NOW),
        )
        assert sum(r.sent for r in reports) == count
        assert len(outbox.sent) == count and set(outbox.sent.values()) == {1}
        async with makers[0]() as session:
            deliveries = (await session.execute(select(func.count(Delivery.id)))).scalar()
        assert deliveries == count
    finally:
        for engine in engines:
            await engine.dispose()


class GatedOutbox(RecordingOutbox):
    """Sends the first `free` messages at once, then holds every send until `gate` opens:
    before its fence (waiting for a send budget), or with `on_the_wire` after it (the request
    is out, the answer has not come)."""

    def __init__(self, free: int, *, on_the_wire: bool = False) -> None:
        super().__init__()
        self.free = free
        self.on_the_wire = on_the_wire
        self.gate = asyncio.Event()
        self.started = 0
        self.held = asyncio.Event()

    async def send(
        self,
        chat_id: int,
        html: str,
        buttons: list[list[tuple[str, str]]],
        fence: Fence,
        photo: bytes | None = None,
    ) -> int:
        self.started += 1
        if self.started <= self.free:
            return await super().send(chat_id, html, buttons, fence)
        if self.on_the_wire and not await fence():
            raise SendFenced(str(chat_id))
        self.held.set()
        await self.gate.wait()
        if self.on_the_wire:
            return await super().send(chat_id, html, buttons, _passed)
        return await super().send(chat_id, html, buttons, fence)


async def _passed() -> bool:
    """The fence of a send that already passed it."""
    return True


async def leases_left(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as session:
        query = select(func.count()).where(Reminder.lease_owner.is_not(None))
        return (await session.execute(query)).scalar_one()


async def statuses(sessionmaker: async_sessionmaker[AsyncSession]) -> Counter[str]:
    async with sessionmaker() as session:
        return Counter((await session.execute(select(Delivery.status))).scalars().all())


async def test_a_crash_mid_batch_loses_nothing_and_resends_only_what_was_in_flight(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await make_users(sessionmaker, 60)
    crashing = GatedOutbox(free=20, on_the_wire=True)
    first = dispatcher(sessionmaker, crashing, "crashed", concurrency=4)
    task = asyncio.create_task(first.tick(NOW))
    await crashing.held.wait()
    task.cancel()  # the process dies: nothing after this line of its runs
    with pytest.raises(asyncio.CancelledError):
        await task
    in_flight = crashing.started - crashing.free
    assert 1 <= in_flight <= 4
    assert (await statuses(sessionmaker))["sent"] == 20

    survivor = RecordingOutbox()
    report = await dispatcher(sessionmaker, survivor, "survivor").tick(NOW + timedelta(minutes=3))
    assert report.sent == 40 and report.resent == in_flight and report.duplicates == 0
    assert set(crashing.sent.values()) == {1} and not set(crashing.sent) & set(survivor.sent)
    assert len(crashing.sent) + len(survivor.sent) == 60, "every reminder arrived"
    assert await statuses(sessionmaker) == {"sent": 60}
    assert await leases_left(sessionmaker) == 0


async def test_a_delivery_recorded_as_sent_is_a_duplicate_not_a_resend(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    [sent, sending] = await make_users(sessionmaker, 2)
    async with sessionmaker() as session:
        rows = [{"reminder_id": rid, "user_id": uid, "kind": "routine", "due_at": NOW,
                 "status": status, "late": False, "content": {}}
                for rid, uid, status in ((sent, 1, "sent"), (sending, 2, "sending"))]  # fmt: skip
        await insert_deliveries(session, rows)
        await session.commit()
    outbox = RecordingOutbox()
    report = await dispatcher(sessionmaker, outbox, "a").tick(NOW)
    assert (report.sent, report.resent, report.duplicates) == (1, 1, 1)
    assert list(outbox.sent) == [10_001]
    assert await statuses(sessionmaker) == {"sent": 2}


async def test_a_hung_process_sends_nothing_a_peer_took_over(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await make_users(sessionmaker, 30)
    hung = GatedOutbox(free=0)
    slow = dispatcher(sessionmaker, hung, "hung", concurrency=1)
    task = asyncio.create_task(slow.tick(NOW))
    await hung.held.wait()  # waiting for its budget, then the process stops for a long time

    peer = RecordingOutbox()
    taken = await dispatcher(sessionmaker, peer, "peer").tick(NOW + timedelta(minutes=3))
    assert taken.sent == 30 and taken.resent == 0
    hung.gate.set()  # it resumes
    report = await task
    assert report.sent == 0 and report.fenced == 30, "the fence stopped every send"
    assert sum(hung.sent.values()) == 0
    assert len(peer.sent) == 30 and set(peer.sent.values()) == {1}
    assert await statuses(sessionmaker) == {"sent": 30}


async def test_stop_finishes_sends_in_flight_and_gives_back_every_lease(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await make_users(sessionmaker, 50)
    outbox = GatedOutbox(free=10)
    stopping = dispatcher(sessionmaker, outbox, "a", concurrency=3, batch=20)
    task = asyncio.create_task(stopping.tick(NOW))
    await outbox.held.wait()
    stopping.stop()
    outbox.gate.set()
    report = await task
    assert report.claimed == 20, "no batch claimed after the stop"
    assert report.sent == outbox.started and report.sent + report.released == 20
    assert await leases_left(sessionmaker) == 0
    assert await statuses(sessionmaker) == {"sent": report.sent}

    rest = RecordingOutbox()
    after = await dispatcher(sessionmaker, rest, "b").tick(NOW)
    assert after.sent == 50 - report.sent and after.resent == 0 and after.duplicates == 0
    assert not set(rest.sent) & set(outbox.sent)


async def test_stop_abandons_a_send_that_hangs(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await make_users(sessionmaker, 5)
    outbox = GatedOutbox(free=0, on_the_wire=True)
    stopping = dispatcher(sessionmaker, outbox, "a", concurrency=2)
    stopping.stop_grace = 0.05
    task = asyncio.create_task(stopping.tick(NOW))
    await outbox.held.wait()
    stopping.stop()
    report = await task
    assert report.sent == 0 and report.released == 5
    assert await leases_left(sessionmaker) == 0
    resend = await dispatcher(sessionmaker, RecordingOutbox(), "b").tick(NOW)
    assert resend.sent == 5 and resend.resent == 2, "the abandoned sends go again"
