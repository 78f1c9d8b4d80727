"""Finding and registering users."""

import re

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User

MAX_FIRST_NAME = 64
MAX_LANGUAGE_CODE = 16
# Control characters (NUL above all: PostgreSQL refuses it in text) and lone surrogates.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_LANGUAGE_CODE = re.compile(r"[A-Za-z0-9_-]{1,16}")


def clean_first_name(name: str) -> str:
    """A first name that every database can store: no control characters, at most 64 long."""
    return _UNSTORABLE.sub("", name)[:MAX_FIRST_NAME]


def clean_language_code(code: str | None) -> str | None:
    """An IETF-like tag such as "en" or "pt-br"; anything else (too long, odd characters) is
    dropped, as the bot works without one."""
    return code if code and _LANGUAGE_CODE.fullmatch(code) else None


# Built once: every update looks its sender up, and building the statement anew was about a
# fifth of the lookup's time.
_BY_TELEGRAM_ID = select(User).where(User.telegram_id == bindparam("telegram_id"))


async def get_user(session: AsyncSession, telegram_id: int) -> User | None:
    """The user with this Telegram id, or None if they never wrote to us."""
    result = await session.execute(_BY_TELEGRAM_ID, {"telegram_id": telegram_id})
    return result.scalar_one_or_none()


async def get_or_create_user(
    session: AsyncSession,
    telegram_id: int,
    private_chat_id: int | None,
    first_name: str = "",
    language_code: str | None = None,
) -> User:
    """The user, created on first contact; keeps the private chat id and language current.

    `private_chat_id` is None when the update came from a group or channel: reminders go to
    the private chat only, so such an update never moves them (a private chat's id is the
    user's id, which a new user gets instead). Two processes may see the same newcomer's first
    two updates at once: the insert does nothing when the other one won (`ON CONFLICT DO
    NOTHING` on the Telegram id), and both then read the one row.
    """
    language = clean_language_code(language_code)
    user = await get_user(session, telegram_id)
    if user is None:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        values = {
            "telegram_id": telegram_id,
            "chat_id": telegram_id if private_chat_id is None else private_chat_id,
            "first_name": clean_first_name(first_name),
            "language_code": language,
            "dialog_data": {},
        }
        await session.execute(
            dialect.insert(User)
            .values(values)
            .on_conflict_do_nothing(index_elements=[User.telegram_id])
        )
        user = await get_user(session, telegram_id)
        assert user is not None
    if private_chat_id is not None and user.chat_id != private_chat_id:
        user.chat_id = private_chat_id
    if language and user.language_code != language:
        user.language_code = language
    return user


async def set_pending_notice(session: AsyncSession, user_id: int, notice: str | None) -> None:
    """Keep (or, with None, drop) what the user must hear first the next time they write."""
    await session.execute(update(User).where(User.id == user_id).values(pending_notice=notice))
