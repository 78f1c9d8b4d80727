"""The dispatcher's per-send bookkeeping: fenced marks, records, lease renewal and release.

Everything here is fenced by the lease owner: a process whose lease was taken over by a peer
(it hung past the lease, or its clock jumped) can neither mark, record nor release a row the
peer now holds. The statements are Core and take lists of parameters, so a group of sends is
one round trip per statement, not one per send.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Delivery, Reminder

QUEUED, SENDING = "queued", "sending"
UNFINISHED = (QUEUED, SENDING)

_deliveries = cast(Table, Delivery.__table__)
_reminders = cast(Table, Reminder.__table__)

_RECORD_DELIVERY = (
    update(_deliveries)
    .where(_deliveries.c.id == bindparam("b_id"))
    .values(
        status=bindparam("b_status"),
        sent_at=bindparam("b_sent_at"),
        message_id=bindparam("b_message_id"),
        content=bindparam("b_content"),
    )
)


# New due time, lease and attempts, for rows the owner (`b_owner`) still holds.
_RESCHEDULE = (
    update(_reminders)
    .where(_reminders.c.id == bindparam("b_id"), _reminders.c.lease_owner == bindparam("b_owner"))
    .values(
        next_due=bindparam("b_next_due"),
        lease_until=bindparam("b_lease_until"),
        lease_owner=None,
        attempts=bindparam("b_attempts"),
    )
)


async def existing_deliveries(
    session: AsyncSession, keys: Sequence[tuple[int, datetime]]
) -> dict[int, tuple[int, str]]:
    """{reminder_id: (delivery_id, status)} of deliveries already there for (reminder, due)."""
    if not keys:
        return {}
    wanted = dict(keys)
    result = await session.execute(
        select(Delivery.reminder_id, Delivery.id, Delivery.status, Delivery.due_at).where(
            Delivery.reminder_id.in_(list(wanted))
        )
    )
    return {
        reminder_id: (delivery_id, status)
        for reminder_id, delivery_id, status, due_at in result.all()
        if wanted.get(reminder_id) == due_at
    }


# Deliveries still unfinished whose reminder the owner (`b_owner`) still holds: one cached
# statement whatever the group's size (the id lists are expanding parameters).
_MARK_SENDING = (
    update(_deliveries)
    .where(
        _deliveries.c.id.in_(bindparam("b_deliveries", expanding=True)),
        _deliveries.c.status.in_(UNFINISHED),
        _deliveries.c.reminder_id.in_(
            select(_reminders.c.id)
            .where(
                _reminders.c.id.in_(bindparam("b_reminders", expanding=True)),
                _reminders.c.lease_owner == bindparam("b_owner"),
            )
            .scalar_subquery()
        ),
    )
    .values(status=SENDING)
    .returning(_deliveries.c.id)
)


async def mark_sending(
    session: AsyncSession, owner: str, pairs: Sequence[tuple[int, int]]
) -> set[int]:
    """Mark deliveries "sending" whose reminder this owner still holds (the fence).

    `pairs` are (delivery_id, reminder_id); returns the delivery ids marked, the others must not
    be sent: a peer took their reminder over.
    """
    if not pairs:
        return set()
    params = {
        "b_deliveries": [delivery for delivery, _ in pairs],
        "b_reminders": [reminder for _, reminder in pairs],
        "b_owner": owner,
    }
    result = await session.execute(_MARK_SENDING, params)
    return set(result.scalars().all())


async def record_sends(
    session: AsyncSession,
    owner: str,
    deliveries: Sequence[dict[str, Any]],
    reminders: Sequence[dict[str, Any]],
    dropped: Sequence[int],
) -> None:
    """Write what became of each send: the delivery's outcome (`b_id`, `b_status`, `b_sent_at`,
    `b_message_id`, `b_content`), deliveries to forget (`dropped`: the send will be tried again
    as a new delivery), and each reminder's next due time (`b_id`, `b_next_due`,
    `b_lease_until`, `b_attempts`) for the rows this owner still holds."""
    if deliveries:
        await session.execute(_RECORD_DELIVERY, list(deliveries))
    if dropped:
        await session.execute(delete(Delivery).where(Delivery.id.in_(list(dropped))))
    if reminders:
        await session.execute(_RESCHEDULE, [{**row, "b_owner": owner} for row in reminders])


async def renew_leases(
    session: AsyncSession, owner: str, reminder_ids: Sequence[int], until: datetime
) -> set[int]:
    """Extend this owner's leases on rows still being worked on; returns the ids it holds."""
    if not reminder_ids:
        return set()
    result = await session.execute(
        update(Reminder)
        .where(Reminder.id.in_(list(reminder_ids)), Reminder.lease_owner == owner)
        .values(lease_until=until)
        .returning(Reminder.id)
        .execution_options(synchronize_session=False)
    )
    return set(result.scalars().all())


async def release_unsent(session: AsyncSession, owner: str, reminder_ids: Sequence[int]) -> int:
    """Give back rows claimed but never sent (on stop): due as before, claimable at once.

    Their deliveries still "queued" are removed, so nothing records a send that never began.
    Returns how many leases were released.
    """
    if not reminder_ids:
        return 0
    ids = list(reminder_ids)
    result = await session.execute(
        update(Reminder)
        .where(Reminder.id.in_(ids), Reminder.lease_owner == owner)
        .values(lease_until=None, lease_owner=None)
        .returning(Reminder.id)
        .execution_options(synchronize_session=False)
    )
    released = list(result.scalars().all())
    if released:
        await session.execute(
            delete(Delivery).where(Delivery.reminder_id.in_(released), Delivery.status == QUEUED)
        )
    return len(released)


async def next_claimable(session: AsyncSession, now: datetime) -> datetime | None:
    """The due time of the earliest reminder nobody holds, so the dispatcher can sleep until
    then instead of polling (walks the due-time index, skipping rows under a live lease)."""
    result = await session.execute(
        select(Reminder.next_due)
        .where(
            Reminder.next_due.is_not(None),
            or_(Reminder.lease_until.is_(None), Reminder.lease_until < now),
        )
        .order_by(Reminder.next_due)
        .limit(1)
    )
    return result.scalar_one_or_none()
