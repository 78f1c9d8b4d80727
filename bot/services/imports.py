"""Activities from files: recognising one already logged, and logging it as /ride or /run would.

The file is parsed elsewhere (bot.parsing.tracks) and never stored; only its summary and a
short digest of its bytes reach the database.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.parsing.activity import LoggedActivity
from bot.services.training import Recorded, Source, record_activity
from db.models import Activity, User

SAME_START = timedelta(minutes=2)  # two recordings starting this close are one activity


@dataclass(frozen=True)
class Pending:
    """A summary waiting for the user's "Log it", in the plain values buttons can carry."""

    sport: str | None
    distance_m: int
    moving_s: int
    started_at: datetime
    elevation_gain_m: int | None
    digest: str


async def already_logged(
    session: AsyncSession, user_id: int, started_at: datetime, digest: str
) -> Activity | None:
    """An earlier activity from the same file, or one starting within two minutes."""
    result = await session.execute(
        select(Activity)
        .where(
            Activity.user_id == user_id,
            or_(
                Activity.source_hash == digest,
                and_(
                    Activity.started_at >= started_at - SAME_START,
                    Activity.started_at <= started_at + SAME_START,
                ),
            ),
        )
        .order_by(Activity.id)
        .limit(1)
    )
    return result.scalar_one_or_none()


async def log_import(
    session: AsyncSession, user: User, pending: Pending, sport: str, now: datetime
) -> Recorded | Activity:
    """Log the activity, or return the earlier one it repeats (nothing is changed then)."""
    earlier = await already_logged(session, user.id, pending.started_at, pending.digest)
    if earlier is not None:
        return earlier
    zone = ZoneInfo(user.timezone or "UTC")
    entry = LoggedActivity(
        kind=sport,
        distance_km=round(pending.distance_m / 1000, 2),
        duration_s=pending.moving_s,
        day=pending.started_at.astimezone(zone).date(),
    )
    source = Source(pending.started_at, pending.elevation_gain_m, pending.digest)
    return await record_activity(session, user, entry, now.astimezone(zone).date(), now, source)
