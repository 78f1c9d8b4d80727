"""Notices kept on the user row for their next message (a reply that was lost after a change
was saved)."""

from sqlalchemy.ext.asyncio import AsyncSession

from db.repo.users import set_pending_notice


async def notice_delivered(session: AsyncSession, user_id: int) -> None:
    """The kept notice reached the user: forget it."""
    await set_pending_notice(session, user_id, None)
