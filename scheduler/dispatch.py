"""Sending what is due: claim under a lease, record, render, send, reschedule.

One tick works in three short transactions so no transaction waits on Telegram:
1. claim due rows (a lease, `FOR UPDATE SKIP LOCKED` on PostgreSQL), drop the ones too late,
   and insert a delivery per (reminder, due time): the unique key makes a second send of the
   same reminder impossible, even across processes;
2. render and send, many at once (the outbox paces each chat and honours Telegram's limits);
3. record message ids, and either compute the next due time or, after a failure, put the
   reminder back with a backoff (a blocked user is switched off).
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Reminder, User
from db.repo.reminders import (
    claim_due_reminders,
    delete_deliveries,
    insert_deliveries,
    release,
    switch_off_user,
    update_deliveries,
    users_by_id,
)
from scheduler.metrics import DeliveryMetrics, NoMetrics
from scheduler.plan import late_policy
from scheduler.sync import next_due_after, receives_reminders

logger = logging.getLogger(__name__)

Buttons = list[list[tuple[str, str]]]
MAX_BACKOFF = timedelta(minutes=30)


class SendBlocked(Exception):
    """The user blocked the bot: stop writing to them."""


class SendRetry(Exception):
    """A temporary failure; try again after `after` seconds."""

    def __init__(self, after: float, reason: str) -> None:
        super().__init__(reason)
        self.after = after


class SendRejected(Exception):
    """Telegram refused this message for good (a bad request): skip this occurrence."""


@dataclass(frozen=True)
class Rendered:
    html: str
    buttons: Buttons
    content: dict[str, Any] = field(default_factory=dict)
    photo: bytes | None = None  # a PNG sent with the text as its caption


@dataclass(frozen=True)
class DueItem:
    reminder: Reminder
    user: User
    due: datetime
    late: bool
    delivery_id: int


class Outbox(Protocol):
    async def send(
        self, chat_id: int, html: str, buttons: Buttons, photo: bytes | None = None
    ) -> int: ...


Renderer = Callable[[AsyncSession, Sequence[DueItem]], Awaitable[list[Rendered]]]


@dataclass
class DispatchReport:
    claimed: int = 0
    sent: int = 0
    late: int = 0
    missed: int = 0
    retried: int = 0
    blocked: int = 0
    rejected: int = 0
    duplicates: int = 0
    switched_off: int = 0


@dataclass
class Dispatcher:
    """Everything one process needs to send due reminders; `tick()` is one pass."""

    sessionmaker: async_sessionmaker[AsyncSession]
    outbox: Outbox
    render: Renderer
    owner: str
    grace: timedelta = timedelta(minutes=30)
    lease: timedelta = timedelta(minutes=2)
    batch: int = 500
    concurrency: int = 16
    metrics: DeliveryMetrics = field(default_factory=NoMetrics)
    # The periodic job and an immediate kick (after /ride) must not run side by side.
    _running: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)

    async def tick(self, now: datetime) -> DispatchReport:
        """Send everything due at `now` (in batches until nothing is left)."""
        total = DispatchReport()
        async with self._running:
            while True:
                report = await self._one_batch(now)
                for name, value in vars(report).items():
                    setattr(total, name, getattr(total, name) + value)
                if report.claimed < self.batch:
                    return total

    async def _one_batch(self, now: datetime) -> DispatchReport:
        report = DispatchReport()
        async with self.sessionmaker() as session:
            claimed = await claim_due_reminders(
                session, now, self.owner, limit=self.batch, lease=self.lease
            )
            report.claimed = len(claimed)
            if not claimed:
                await session.commit()
                return report
            users = await users_by_id(session, [r.user_id for r in claimed])
            items, changes = await self._prepare(session, claimed, users, now, report)
            await release(session, changes)
            await session.commit()

            rendered = await self.render(session, items) if items else []
        results = await self._send_all(items, rendered)
        await self._record(items, rendered, results, now, report)
        return report

    async def _prepare(
        self,
        session: AsyncSession,
        claimed: Sequence[Reminder],
        users: dict[int, User],
        now: datetime,
        report: DispatchReport,
    ) -> tuple[list[DueItem], list[dict[str, Any]]]:
        """Decide per row: send, drop as missed, or switch off; insert the deliveries."""
        changes: list[dict[str, Any]] = []
        to_send: list[tuple[Reminder, User, datetime, bool]] = []
        missed_rows: list[dict[str, Any]] = []
        for reminder in claimed:
            user = users[reminder.user_id]
            due = reminder.next_due
            assert due is not None
            if not receives_reminders(user):
                report.switched_off += 1
                changes.append(_done(reminder, None))
                continue
            pause = user.paused_until
            if pause is not None and pause > now:
                changes.append(_done(reminder, _after_pause(reminder, user, pause)))
                continue
            lateness = late_policy(due, now, self.grace)
            if lateness == "missed":
                report.missed += 1
                self.metrics.reminder(reminder.kind, "missed")
                missed_rows.append(_delivery(reminder, due, "missed", late=True))
                changes.append(_done(reminder, next_due_after(reminder, user, due, now)))
                continue
            to_send.append((reminder, user, due, lateness == "late"))
        inserted = await insert_deliveries(
            session,
            [*missed_rows, *(_delivery(r, due, "sending", late) for r, _, due, late in to_send)],
        )
        items = []
        for reminder, user, due, late in to_send:
            delivery_id = inserted.get(reminder.id)
            if delivery_id is None:
                report.duplicates += 1
                changes.append(_done(reminder, next_due_after(reminder, user, due, now)))
                continue
            items.append(DueItem(reminder, user, due, late, delivery_id))
        return items, changes

    async def _send_all(
        self, items: Sequence[DueItem], rendered: Sequence[Rendered]
    ) -> list[int | BaseException]:
        gate = asyncio.Semaphore(self.concurrency)

        async def send(item: DueItem, message: Rendered) -> int:
            async with gate:
                return await self.outbox.send(
                    item.user.chat_id, message.html, message.buttons, message.photo
                )

        return await asyncio.gather(
            *(send(item, message) for item, message in zip(items, rendered, strict=True)),
            return_exceptions=True,
        )

    async def _record(
        self,
        items: Sequence[DueItem],
        rendered: Sequence[Rendered],
        results: Sequence[int | BaseException],
        now: datetime,
        report: DispatchReport,
    ) -> None:
        deliveries: list[dict[str, Any]] = []
        reminders: list[dict[str, Any]] = []
        failed: list[int] = []
        blocked_users: set[int] = set()
        for item, message, result in zip(items, rendered, results, strict=True):
            reminder = item.reminder
            if isinstance(result, int):
                report.sent += 1
                report.late += item.late
                self.metrics.reminder(reminder.kind, "sent")
                if item.late:
                    self.metrics.reminder(reminder.kind, "late")
                self.metrics.dispatch_lag((now - item.due).total_seconds())
                deliveries.append(
                    {"id": item.delivery_id, "status": "sent", "sent_at": now,
                     "message_id": result, "content": {**message.content, "html": message.html}}
                )  # fmt: skip
                after = next_due_after(reminder, item.user, item.due, now)
                reminders.append(_done(reminder, after))
                continue
            if isinstance(result, SendRejected):
                report.rejected += 1
                self.metrics.reminder(reminder.kind, "failed")
                deliveries.append({"id": item.delivery_id, "status": "failed"})
                reminders.append(
                    _done(reminder, next_due_after(reminder, item.user, item.due, now))
                )
                logger.error("event=send_rejected reminder=%s error=%s", reminder.id, result)
                continue
            failed.append(item.delivery_id)
            if isinstance(result, SendBlocked):
                report.blocked += 1
                blocked_users.add(item.user.id)
                reminders.append(_done(reminder, None))
                continue
            report.retried += 1
            wait = result.after if isinstance(result, SendRetry) else 0.0
            backoff = min(timedelta(seconds=30) * 2**reminder.attempts, MAX_BACKOFF)
            retry_at = now + max(backoff, timedelta(seconds=wait))
            reminders.append(
                {"id": reminder.id, "next_due": item.due, "lease_until": retry_at,
                 "lease_owner": None, "attempts": reminder.attempts + 1}
            )  # fmt: skip
            logger.warning(
                "event=send_failed reminder=%s attempts=%s error=%s",
                reminder.id, reminder.attempts + 1, type(result).__name__,
            )  # fmt: skip
        async with self.sessionmaker() as session:
            await update_deliveries(session, deliveries)
            await delete_deliveries(session, failed)
            await release(session, reminders)
            for user_id in blocked_users:
                await switch_off_user(session, user_id)
            await session.commit()


def _delivery(reminder: Reminder, due: datetime, status: str, late: bool) -> dict[str, Any]:
    return {
        "reminder_id": reminder.id,
        "user_id": reminder.user_id,
        "kind": reminder.kind,
        "due_at": due,
        "status": status,
        "late": late,
        "content": {},
    }


def _done(reminder: Reminder, next_due: datetime | None) -> dict[str, Any]:
    return {
        "id": reminder.id,
        "next_due": next_due,
        "lease_until": None,
        "lease_owner": None,
        "attempts": 0,
    }


def _after_pause(reminder: Reminder, user: User, pause: datetime) -> datetime | None:
    """Recurring reminders resume on their rhythm after a pause; one-shots wait for its end."""
    if reminder.kind in ("routine", "break", "sit", "weekly"):
        due = reminder.next_due
        assert due is not None
        return next_due_after(reminder, user, due, pause)
    return pause
