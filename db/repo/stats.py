"""Counts for operators: the due backlog, users by state, today's deliveries."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Delivery, Reminder, User


@dataclass(frozen=True)
class Backlog:
    """Reminders due and not yet sent, and the oldest due time among them."""

    due: int
    oldest: datetime | None


@dataclass(frozen=True)
class UserCounts:
    active: int
    paused: int
    blocked: int


@dataclass(frozen=True)
class DeliveryCounts:
    sent: int
    late: int
    missed: int


async def due_backlog(session: AsyncSession, now: datetime) -> Backlog:
    """One index range scan over `next_due`; a row being sent right now still counts."""
    result = await session.execute(
        select(func.count(), func.min(Reminder.next_due)).where(Reminder.next_due <= now)
    )
    count, oldest = result.one()
    return Backlog(int(count), oldest)


async def user_counts(session: AsyncSession, now: datetime) -> UserCounts:
    """Blocked wins over paused (reminders off, or a pause still running), paused over active."""
    blocked = User.blocked.is_(True)
    paused = User.reminders_on.is_(False) | (
        User.paused_until.is_not(None) & (User.paused_until > now)
    )
    result = await session.execute(
        select(
            func.count(case((blocked, 1))),
            func.count(case((~blocked & paused, 1))),
            func.count(case((~blocked & ~paused, 1))),
        ).where(User.onboarded_at.is_not(None))
    )
    blocked_n, paused_n, active_n = result.one()
    return UserCounts(active=int(active_n), paused=int(paused_n), blocked=int(blocked_n))


async def delivery_counts(session: AsyncSession, since: datetime) -> DeliveryCounts:
    """Reminders sent since `since` (late ones among them), and those missed since then."""
    sent = Delivery.sent_at.is_not(None) & (Delivery.sent_at >= since)
    missed = (Delivery.status == "missed") & (Delivery.due_at >= since)
    result = await session.execute(
        select(
            func.count(case((sent, 1))),
            func.count(case((sent & Delivery.late.is_(True), 1))),
            func.count(case((missed, 1))),
        ).where(or_(Delivery.sent_at >= since, Delivery.due_at >= since))
    )
    sent_n, late_n, missed_n = result.one()
    return DeliveryCounts(sent=int(sent_n), late=int(late_n), missed=int(missed_n))
