"""The operator's overview behind /admin: who is active, what went out today, what is waiting."""

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy.ext.asyncio import AsyncSession

from db.repo.stats import DeliveryCounts, UserCounts, delivery_counts, due_backlog, user_counts


@dataclass(frozen=True)
class Overview:
    users: UserCounts
    today: DeliveryCounts  # since midnight UTC
    backlog: int
    lag_seconds: float  # how overdue the oldest waiting reminder is; 0 when nothing waits


async def overview(session: AsyncSession, now: datetime) -> Overview:
    """Four aggregate queries; nothing per user."""
    midnight = datetime.combine(now.date(), time(0, 0), tzinfo=now.tzinfo)
    backlog = await due_backlog(session, now)
    lag = (now - backlog.oldest).total_seconds() if backlog.oldest is not None else 0.0
    return Overview(
        users=await user_counts(session, now),
        today=await delivery_counts(session, midnight),
        backlog=backlog.due,
        lag_seconds=max(lag, 0.0),
    )
