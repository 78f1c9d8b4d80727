"""Sitting sessions (/sit, /stand): nudges every N minutes while the user sits, in place of the
regular break nudges; standing up ends the session and restarts the break rhythm from then.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User
from db.repo.reminders import find_reminder, recurring_reminder
from db.vocab import ReminderKind
from scheduler.plan import next_sit_nudge
from scheduler.sync import receives_reminders, reset_sitting, schedule_for, sync_reminders


class SitOutcome(Enum):
    STARTED = "started"
    ALREADY_SITTING = "already_sitting"
    NOT_REGISTERED = "not_registered"  # setup is not finished
    REMINDERS_OFF = "reminders_off"


@dataclass(frozen=True)
class SitStart:
    """What /sit did; `first_nudge` is None when no nudge fits before the day's end."""

    outcome: SitOutcome
    first_nudge: datetime | None = None


async def start_sitting(session: AsyncSession, user: User, now: datetime) -> SitStart:
    """Start a sitting session now; the regular break nudges step aside until /stand."""
    if not receives_reminders(user):
        if not user.is_onboarded:
            return SitStart(SitOutcome.NOT_REGISTERED)
        return SitStart(SitOutcome.REMINDERS_OFF)
    session_row = await recurring_reminder(session, user.id, ReminderKind.SIT)
    if session_row.next_due is not None:
        return SitStart(SitOutcome.ALREADY_SITTING)
    schedule = schedule_for(user)
    session_row.payload = {"started": now.isoformat()}
    session_row.next_due = next_sit_nudge(schedule, now, now)
    await sync_reminders(session, user, now)
    return SitStart(SitOutcome.STARTED, session_row.next_due)


async def stand_up(session: AsyncSession, user: User, now: datetime) -> datetime | None:
    """End the sitting session and restart the break rhythm from now; when it started, or None
    when there was none (looking, not creating: a /stand must not leave a switched-off session
    behind)."""
    session_row = await find_reminder(session, user.id, ReminderKind.SIT)
    if session_row is None or session_row.next_due is None or "started" not in session_row.payload:
        return None
    started = datetime.fromisoformat(session_row.payload["started"])
    session_row.next_due = None
    await reset_sitting(session, user, now)
    return started
