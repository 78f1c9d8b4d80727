"""A user blocking or restarting the bot (Telegram's my_chat_member update)."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.repo.reminders import switch_off_user
from db.repo.users import get_user
from scheduler.sync import sync_reminders


async def set_reachable(
    session: AsyncSession, telegram_id: int, reachable: bool, now: datetime
) -> bool:
    """Blocked: stop every reminder at once instead of waiting for a send to fail with 403.
    Back: schedule them again from their settings. False if we never met this user."""
    user = await get_user(session, telegram_id)
    if user is None:
        return False
    if not reachable:
        await switch_off_user(session, user.id)
        return True
    if user.blocked:
        user.blocked = False
        await sync_reminders(session, user, now)
    return True
