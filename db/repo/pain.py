"""Pain reports: recording what hurts, and which areas reminders should spare."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import PainReport

SPARE_FOR = timedelta(days=14)  # an unanswered report stops counting after two weeks


async def report_pain(
    session: AsyncSession, user_id: int, area: str, rule_id: str | None, red_flag: bool,
    now: datetime,
) -> PainReport:  # fmt: skip
    report = PainReport(
        user_id=user_id, area=area, rule_id=rule_id, red_flag=red_flag, reported_at=now
    )
    session.add(report)
    await session.flush()
    return report


async def open_pain_areas(
    session: AsyncSession, user_ids: Sequence[int], now: datetime
) -> dict[int, dict[str, datetime]]:
    """{user_id: {area: first report time}} for reports neither resolved nor expired."""
    if not user_ids:
        return {}
    result = await session.execute(
        select(PainReport.user_id, PainReport.area, PainReport.reported_at).where(
            PainReport.user_id.in_(set(user_ids)),
            PainReport.resolved_at.is_(None),
            PainReport.reported_at > now - SPARE_FOR,
        )
    )
    areas: dict[int, dict[str, datetime]] = {}
    for user_id, area, reported_at in result.all():
        first = areas.setdefault(user_id, {}).get(area)
        areas[user_id][area] = reported_at if first is None else min(first, reported_at)
    return areas


async def resolve_pain(session: AsyncSession, user_id: int, area: str, now: datetime) -> int:
    """Mark the area as better; returns how many reports were closed."""
    result = await session.execute(
        update(PainReport)
        .where(
            PainReport.user_id == user_id,
            PainReport.area == area,
            PainReport.resolved_at.is_(None),
        )
        .values(resolved_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
