"""Finding and registering users."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User


async def get_user(session: AsyncSession, telegram_id: int) -> User | None:
    """The user with this Telegram id, or None if they never wrote to us."""
    result = await session.execute(select(User).where(User.telegram_id == telegram_id))
    return result.scalar_one_or_none()


async def get_or_create_user(
    session: AsyncSession,
    telegram_id: int,
    chat_id: int,
    first_name: str = "",
    language_code: str | None = None,
) -> User:
    """The user, created on first contact; keeps chat id and language current."""
    user = await get_user(session, telegram_id)
    if user is None:
        user = User(
            telegram_id=telegram_id,
            chat_id=chat_id,
            first_name=first_name[:64],
            language_code=language_code,
            dialog_data={},
        )
        session.add(user)
        await session.flush()
        return user
    if user.chat_id != chat_id:
        user.chat_id = chat_id
    if language_code and user.language_code != language_code:
        user.language_code = language_code
    return user
