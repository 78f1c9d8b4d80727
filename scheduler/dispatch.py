"""Sending what is due: claim under a lease, render, then for each reminder mark, send, record.

A pass claims due rows (a lease, `FOR UPDATE SKIP LOCKED` on PostgreSQL), drops the ones too
late, inserts a "queued" delivery per (reminder, due time) and renders the batch, in one short
transaction. Then each delivery goes on its own: marked "sending" right before its send (only
if this process still holds the reminder's lease: the fence), sent, and recorded with the
reminder's next due time, so a crash at any moment loses nothing. A row whose lease expired
while its delivery was "sending" is sent again (at-least-once): the duplicates a crash can
cause are the sends that were in flight, never more than `concurrency`. Marks and records of
the sends in flight are written together (a group commit), so the per-send bookkeeping costs
a few statements per group rather than a transaction per message.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repo.reminders import (
    ClaimedReminder,
    Recipient,
    claim_due_reminders,
    insert_deliveries,
    recipients_by_id,
    release,
    switch_off_user,
)
from db.repo.sending import (
    QUEUED,
    SENDING,
    UNFINISHED,
    existing_deliveries,
    mark_sending,
    record_sends,
    release_unsent,
    renew_leases,
)
from db.vocab import RHYTHMIC
from scheduler.clock import Clock, SystemClock
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


class SendFenced(Exception):
    """The fence said no (a peer holds the reminder now): nothing was sent."""


@dataclass(frozen=True)
class Rendered:
    html: str
    buttons: Buttons
    content: dict[str, Any] = field(default_factory=dict)
    photo: bytes | None = None  # a PNG sent with the text as its caption


@dataclass(frozen=True)
class DueItem:
    reminder: ClaimedReminder
    user: Recipient
    due: datetime
    late: bool
    delivery_id: int
    resend: bool = False  # its delivery was "sending" under a lease that expired


Fence = Callable[[], Awaitable[bool]]


class Outbox(Protocol):
    """Sends one message. `fence` must be awaited right before the request goes out (after
    any waiting for a send budget); when it answers False, raise SendFenced instead."""

    async def send(
        self, chat_id: int, html: str, buttons: Buttons, fence: Fence, photo: bytes | None = None
    ) -> int: ...


Renderer = Callable[[AsyncSession, Sequence[DueItem]], Awaitable[list[Rendered]]]


@dataclass
class DispatchReport:
    """What a pass did. `resent` counts sends of deliveries left "sending" by a process that
    lost its lease (a crash, a hang): at-least-once, so some may have arrived before;
    `duplicates` counts due rows found already delivered, skipped without a send; `fenced`
    counts rows a peer took over while this process waited, left to the peer; `released` counts
    leases given back unsent because the dispatcher was stopping."""

    claimed: int = 0
    sent: int = 0
    resent: int = 0
    late: int = 0
    missed: int = 0
    retried: int = 0
    blocked: int = 0
    rejected: int = 0
    duplicates: int = 0
    fenced: int = 0
    released: int = 0
    switched_off: int = 0

    def add(self, other: "DispatchReport") -> None:
        for name in _REPORT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


_REPORT_FIELDS = tuple(f.name for f in fields(DispatchReport))


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
    clock: Clock = field(default_factory=SystemClock)
    metrics: DeliveryMetrics = field(default_factory=NoMetrics)
    # On stop, how long sends already under way may take before they are abandoned (their rows
    # are released and sent again by whoever claims them next).
    stop_grace: float = 2.0
    # When the database was found gone (the bot logs that once, not on every pass).
    database_lost: datetime | None = None
    # The periodic job and an immediate kick (after /ride) must not run side by side.
    _running: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)
    _stopping: bool = field(default=False, init=False, repr=False)

    @property
    def stopping(self) -> bool:
        return self._stopping

    @property
    def busy(self) -> bool:
        """A pass is under way."""
        return self._running.locked()

    def stop(self) -> None:
        """Claim nothing more; the pass under way finishes its sends in flight and gives back
        the leases of everything else it holds."""
        self._stopping = True

    async def tick(self, now: datetime | None = None) -> DispatchReport:
        """Send everything due (in batches until nothing is left, or until stopped).

        With `now` given, the whole pass happens at that instant (tests, simulations); without,
        every batch reads the clock, so the leases of a long backlog stay fresh.
        """
        total = DispatchReport()
        moment: Callable[[], datetime] = self.clock.now if now is None else lambda: now
        async with self._running:
            while not self._stopping:
                report = await self._one_batch(moment)
                total.add(report)
                if report.claimed < self.batch:
                    break
        return total

    async def _one_batch(self, moment: Callable[[], datetime]) -> DispatchReport:
        report = DispatchReport()
        now = moment()
        async with self.sessionmaker() as session:
            claimed = await claim_due_reminders(
                session, now, self.owner, limit=self.batch, lease=self.lease
            )
            report.claimed = len(claimed)
            if not claimed:
                await session.commit()
                return report
            users = await recipients_by_id(session, [r.user_id for r in claimed])
            items, changes = await self._prepare(session, claimed, users, now, report)
            await release(session, changes)
            await session.commit()

            rendered = await self.render(session, items) if items else []
        if items:
            await _Batch(self, items, rendered, moment, report).run()
        return report

    async def _prepare(
        self,
        session: AsyncSession,
        claimed: Sequence[ClaimedReminder],
        users: dict[int, Recipient],
        now: datetime,
        report: DispatchReport,
    ) -> tuple[list[DueItem], list[dict[str, Any]]]:
        """Decide per row: send, drop as missed, or switch off; queue the deliveries."""
        changes: list[dict[str, Any]] = []
        to_send: list[tuple[ClaimedReminder, Recipient, datetime, bool]] = []
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
            [*missed_rows, *(_delivery(r, due, QUEUED, late) for r, _, due, late in to_send)],
        )
        conflicts = [(r.id, due) for r, _, due, _ in to_send if r.id not in inserted]
        earlier = await existing_deliveries(session, conflicts)
        items = []
        for reminder, user, due, late in to_send:
            delivery_id = inserted.get(reminder.id)
            resend = False
            if delivery_id is None:
                delivery_id, status = earlier.get(reminder.id, (0, "sent"))
                if status not in UNFINISHED:  # recorded as delivered: never twice
                    report.duplicates += 1
                    changes.append(_done(reminder, next_due_after(reminder, user, due, now)))
                    continue
                resend = status == SENDING
            items.append(DueItem(reminder, user, due, late, delivery_id, resend))
        return items, changes


class _Batch:
    """The sends of one claimed batch: `concurrency` workers, one group-committing writer,
    leases renewed while it lasts and released for whatever is left when stopping."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        items: Sequence[DueItem],
        rendered: Sequence[Rendered],
        moment: Callable[[], datetime],
        report: DispatchReport,
    ) -> None:
        self.dispatcher = dispatcher
        self.moment = moment
        self.report = report
        self.pending: Iterator[tuple[DueItem, Rendered]] = iter(zip(items, rendered, strict=True))
        self.held = {item.reminder.id for item in items}  # leases not yet settled
        self.journal = _Journal(dispatcher.sessionmaker, dispatcher.owner)

    async def run(self) -> None:
        dispatcher = self.dispatcher
        renewer = asyncio.create_task(self._renew())
        workers = [
            asyncio.create_task(self._work())
            for _ in range(min(dispatcher.concurrency, len(self.held)))
        ]
        try:
            await self._wait(workers)
            for worker in workers:
                if worker.done() and not worker.cancelled() and worker.exception() is not None:
                    raise worker.exception()  # type: ignore[misc]
        finally:
            renewer.cancel()
            for worker in workers:
                worker.cancel()
            await self.journal.close(dispatcher.stop_grace if dispatcher.stopping else None)
            if self.held and dispatcher.stopping:
                await self._release()
        if self.journal.failure is not None:
            raise self.journal.failure

    async def _wait(self, workers: list["asyncio.Task[None]"]) -> None:
        """All workers to end; once stopping, only `stop_grace` more seconds."""
        waiting = set(workers)
        while waiting:
            if self.dispatcher.stopping:
                await asyncio.wait(waiting, timeout=self.dispatcher.stop_grace)
                return
            _done_now, waiting = await asyncio.wait(waiting, timeout=0.2)

    async def _work(self) -> None:
        for item, message in self.pending:
            if self.dispatcher.stopping:
                return
            if item.reminder.id not in self.held:  # the renewal found a peer holds it now
                self.report.fenced += 1
                continue
            await self._deliver(item, message)

    async def _deliver(self, item: DueItem, message: Rendered) -> None:
        dispatcher, report = self.dispatcher, self.report

        async def fence() -> bool:
            return await self.journal.mark(item.delivery_id, item.reminder.id)

        result: int | BaseException
        try:
            result = await dispatcher.outbox.send(
                item.user.chat_id, message.html, message.buttons, fence, message.photo
            )
        except SendFenced:
            report.fenced += 1
            self.held.discard(item.reminder.id)
            return
        except Exception as error:
            result = error
        now = self.moment()
        reminder = item.reminder
        outcome: dict[str, Any] | None = None
        dropped: int | None = None
        blocked: int | None = None
        if isinstance(result, int):
            report.sent += 1
            report.resent += item.resend
            report.late += item.late
            metrics = dispatcher.metrics
            metrics.reminder(reminder.kind, "sent")
            if item.late:
                metrics.reminder(reminder.kind, "late")
            if item.resend:
                metrics.reminder(reminder.kind, "resent")
            metrics.dispatch_lag((now - item.due).total_seconds())
            outcome = {"b_id": item.delivery_id, "b_status": "sent", "b_sent_at": now,
                       "b_message_id": result,
                       "b_content": {**message.content, "html": message.html}}  # fmt: skip
            change = _next(reminder, next_due_after(reminder, item.user, item.due, now))
        elif isinstance(result, SendRejected):
            report.rejected += 1
            dispatcher.metrics.reminder(reminder.kind, "failed")
            outcome = {"b_id": item.delivery_id, "b_status": "failed", "b_sent_at": None,
                       "b_message_id": None, "b_content": {}}  # fmt: skip
            change = _next(reminder, next_due_after(reminder, item.user, item.due, now))
            logger.error("event=send_rejected reminder=%s error=%s", reminder.id, result)
        elif isinstance(result, SendBlocked):
            report.blocked += 1
            dropped, blocked = item.delivery_id, item.user.id
            change = _next(reminder, None)
        else:
            report.retried += 1
            dropped = item.delivery_id
            wait = result.after if isinstance(result, SendRetry) else 0.0
            backoff = min(timedelta(seconds=30) * 2**reminder.attempts, MAX_BACKOFF)
            retry_at = now + max(backoff, timedelta(seconds=wait))
            change = {"b_id": reminder.id, "b_next_due": item.due, "b_lease_until": retry_at,
                      "b_attempts": reminder.attempts + 1}  # fmt: skip
            logger.warning(
                "event=send_failed reminder=%s attempts=%s error=%s",
                reminder.id, reminder.attempts + 1, type(result).__name__,
            )  # fmt: skip
        self.journal.record(outcome, change, dropped, blocked)
        self.held.discard(reminder.id)

    async def _renew(self) -> None:
        """Keep the leases of a long batch (a big backlog at 30 messages a second) alive, and
        learn of rows a peer took over (after this process hung) so they are skipped unsent."""
        every = self.dispatcher.lease.total_seconds() / 3
        while True:
            await asyncio.sleep(every)
            with contextlib.suppress(Exception):  # the sends report a lost database themselves
                async with self.dispatcher.sessionmaker() as session:
                    until = self.moment() + self.dispatcher.lease
                    asked = list(self.held)
                    kept = await renew_leases(session, self.dispatcher.owner, asked, until)
                    await session.commit()
                self.held.difference_update(set(asked) - kept)

    async def _release(self) -> None:
        async with self.dispatcher.sessionmaker() as session:
            released = await release_unsent(session, self.dispatcher.owner, list(self.held))
            await session.commit()
        self.report.released += released
        self.held.clear()


_Record = tuple[dict[str, Any] | None, dict[str, Any], int | None, int | None]


@dataclass
class _Journal:
    """One writer for the marks and records of many sends: whatever piled up while the last
    commit ran goes into the next one (a group commit).

    A mark is awaited (the send waits for its fence); a record is not: the worker goes on to
    its next delivery, whose mark is queued after that record, so the commit that lets the next
    send out has written the record before it. A worker thus never has more than one delivery
    "sending" unrecorded, and a crash resends at most one per worker, as before. `close()`
    writes what is still queued. After a failed commit the journal refuses further work, so a
    lost database stops the batch instead of failing every one of its sends in turn.
    """

    sessionmaker: async_sessionmaker[AsyncSession]
    owner: str
    failure: Exception | None = None
    _marks: list[tuple[int, int, "asyncio.Future[bool]"]] = field(default_factory=list)
    _records: list[_Record] = field(default_factory=list)
    _kick: asyncio.Event = field(default_factory=asyncio.Event)
    _task: "asyncio.Task[None] | None" = None
    _closing: bool = False

    async def mark(self, delivery_id: int, reminder_id: int) -> bool:
        """Mark the delivery "sending" if the reminder's lease is still ours."""
        self._check()
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._marks.append((delivery_id, reminder_id, future))
        self._wake()
        return await future

    def record(
        self,
        outcome: dict[str, Any] | None,
        change: dict[str, Any],
        dropped: int | None,
        blocked_user: int | None,
    ) -> None:
        """Queue what became of a send, for the next commit."""
        self._check()
        self._records.append((outcome, change, dropped, blocked_user))
        self._wake()

    def _check(self) -> None:
        if self.failure is not None:
            raise self.failure

    def _wake(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._write())
        self._kick.set()

    async def _write(self) -> None:
        while self._marks or self._records or not self._closing:
            if not (self._marks or self._records):
                await self._kick.wait()
                self._kick.clear()
                continue
            marks, self._marks = self._marks, []
            records, self._records = self._records, []
            try:
                marked = await self._commit(marks, records)
            except Exception as error:
                self.failure = self.failure or error
                for _delivery_id, _reminder_id, future in marks:
                    if not future.done():
                        future.set_exception(error)
                continue
            for delivery_id, _reminder_id, future in marks:
                if not future.done():
                    future.set_result(delivery_id in marked)

    async def _commit(
        self, marks: Sequence[tuple[int, int, "asyncio.Future[bool]"]], records: Sequence[_Record]
    ) -> set[int]:
        async with self.sessionmaker() as session:
            marked = await mark_sending(session, self.owner, [(d, r) for d, r, _ in marks])
            if records:
                await record_sends(
                    session,
                    self.owner,
                    [outcome for outcome, _, _, _ in records if outcome is not None],
                    [change for _, change, _, _ in records],
                    [dropped for _, _, dropped, _ in records if dropped is not None],
                )
                for user_id in {user for _, _, _, user in records if user is not None}:
                    await switch_off_user(session, user_id)
            await session.commit()
        return marked

    async def close(self, grace: float | None = None) -> None:
        """Write what is queued (waiting at most `grace` seconds, or for as long as it takes),
        then stop the writer; anyone still waiting on it hears that it is gone."""
        self._closing = True
        task = self._task
        if task is None:
            return
        self._kick.set()
        if not task.done():
            await asyncio.wait({task}, timeout=grace)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        gone = RuntimeError("dispatch journal closed")
        for future in (m[2] for m in self._marks):
            if not future.done():
                future.set_exception(gone)
        self._marks.clear()
        self._records.clear()


def _delivery(reminder: ClaimedReminder, due: datetime, status: str, late: bool) -> dict[str, Any]:
    return {
        "reminder_id": reminder.id,
        "user_id": reminder.user_id,
        "kind": reminder.kind,
        "due_at": due,
        "status": status,
        "late": late,
        "content": {},
    }


def _next(reminder: ClaimedReminder, next_due: datetime | None) -> dict[str, Any]:
    """A settled reminder for the journal: its next due time, lease cleared."""
    return {"b_id": reminder.id, "b_next_due": next_due, "b_lease_until": None, "b_attempts": 0}


def _done(reminder: ClaimedReminder, next_due: datetime | None) -> dict[str, Any]:
    return {
        "id": reminder.id,
        "next_due": next_due,
        "lease_until": None,
        "lease_owner": None,
        "attempts": 0,
    }


def _after_pause(reminder: ClaimedReminder, user: Recipient, pause: datetime) -> datetime | None:
    """Recurring reminders resume on their rhythm after a pause; one-shots wait for its end."""
    if reminder.kind in RHYTHMIC:
        due = reminder.next_due
        assert due is not None
        return next_due_after(reminder, user, due, pause)
    return pause
