"""Finding and registering users."""

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
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
    """The user, created on first contact; keeps chat id and language current.

    Two processes may see the same newcomer's first two updates at once: the insert does
    nothing when the other one won (`ON CONFLICT DO NOTHING` on the Telegram id), and both then
    read the one row.
    """
    user = await get_user(session, telegram_id)
    if user is None:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        values = {
            "telegram_id": telegram_id,
            "chat_id": chat_id,
            "first_name": first_name[:64],
            "language_code": language_code,
            "dialog_data": {},
        }
        await session.execute(
            dialect.insert(User)
            .values(values)
            .on_conflict_do_nothing(index_elements=[User.telegram_id])
        )
        user = await get_user(session, telegram_id)
        assert user is not None
    if user.chat_id != chat_id:
        user.chat_id = chat_id
    if language_code and user.language_code != language_code:
        user.language_code = language_code
    return user
