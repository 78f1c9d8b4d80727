"""Users are registered once, keep aware UTC timestamps, and naive datetimes are refused."""

import asyncio
from datetime import UTC, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import User
from db.repo.users import get_or_create_user, get_user


async def test_registers_once_and_updates_chat(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        first = await get_or_create_user(session, 42, 42, "Ada", "de")
        await session.commit()
    async with sessionmaker() as session:
        again = await get_or_create_user(session, 42, 4242, "Ada", "en")
        await session.commit()
        assert again.id == first.id
    async with sessionmaker() as session:
        users = (await session.execute(select(User))).scalars().all()
        assert len(users) == 1
        assert users[0].chat_id == 4242
        assert users[0].language_code == "en"
        assert users[0].work_start == time(9, 0)
        assert users[0].routine_at == time(18, 30)
        assert users[0].dialog_data == {}


async def test_timestamps_round_trip_as_aware_utc(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    berlin_noon = datetime(2026, 7, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    async with sessionmaker() as session:
        user = await get_or_create_user(session, 7, 7)
        user.paused_until = berlin_noon
        await session.commit()
    async with sessionmaker() as session:
        loaded = await get_user(session, 7)
        assert loaded is not None and loaded.paused_until is not None
        assert loaded.paused_until.tzinfo is not None
        assert loaded.paused_until.utcoffset() == timedelta(0)
        assert loaded.paused_until == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
        assert loaded.created_at.tzinfo is not None


async def test_naive_datetimes_are_refused(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session:
        user = await get_or_create_user(session, 8, 8)
        user.paused_until = datetime(2026, 7, 1, 12, 0)
        with pytest.raises(StatementError, match="naive datetime"):
            await session.commit()


async def test_dialog_draft_survives_a_new_session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        user = await get_or_create_user(session, 9, 9)
        user.dialog = "onboard:timezone"
        user.dialog_data = {"roles": ["cyclist", "desk"]}
        await session.commit()
    async with sessionmaker() as session:
        loaded = await get_user(session, 9)
        assert loaded is not None
        assert loaded.dialog == "onboard:timezone"
        assert loaded.dialog_data == {"roles": ["cyclist", "desk"]}
        assert loaded.role_set == frozenset()


async def test_two_sessions_registering_the_same_newcomer_get_one_row(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async def register() -> int:
        async with sessionmaker() as session:
            user = await get_or_create_user(session, 77, 77, "Twin")
            await session.commit()
            return user.id

    first, second = await asyncio.gather(register(), register())
    assert first == second
    async with sessionmaker() as session:
        rows = (await session.execute(select(User).where(User.telegram_id == 77))).scalars()
        assert len(rows.all()) == 1


async def test_hostile_names_and_languages_are_stored_cleaned(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    """PostgreSQL refuses NUL in text and the column holds 16 characters: every update of
    such a user used to fail."""
    async with sessionmaker() as session:
        await get_or_create_user(session, 11, 11, "A\x00da\x07" + "x" * 100, "x" * 40)
        await session.commit()
    async with sessionmaker() as session:
        again = await get_or_create_user(session, 11, 11, "Ada", "pt-br\x00")
        await session.commit()
        assert again.first_name == "Ada" + "x" * 61
        assert again.language_code is None


async def test_an_update_from_a_group_keeps_the_private_chat(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        created = await get_or_create_user(session, 12, None, "Bo")
        assert created.chat_id == 12, "a private chat's id is the user's id"
        await session.commit()
    async with sessionmaker() as session:
        kept = await get_or_create_user(session, 12, None, "Bo", "de")
        await session.commit()
        assert kept.chat_id == 12 and kept.language_code == "de"
