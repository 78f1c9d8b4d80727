"""Conversation snippets several end-to-end tests share."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select, update

from bot.devkit.localapi import BotMessage, SimulatedUser
from db.models import Activity, Delivery, Pause, Reminder, User
from tests.e2e.conftest import Harness

Row = TypeVar("Row", Reminder, Delivery, Activity, Pause)


async def stored(harness: Harness, telegram_id: int) -> User | None:
    """The user row as the bot saved it."""
    assert harness.app is not None
    sessionmaker = harness.app.bot_data["services"].sessionmaker
    async with sessionmaker() as session:
        result = await session.execute(select(User).where(User.telegram_id == telegram_id))
        return result.scalar_one_or_none()


async def rows_of(harness: Harness, model: type[Row], telegram_id: int) -> Sequence[Row]:
    """A user's reminders, deliveries, activities or pauses as stored, oldest first."""
    assert harness.app is not None
    sessionmaker = harness.app.bot_data["services"].sessionmaker
    async with sessionmaker() as session:
        result = await session.execute(
            select(model)
            .join(User, User.id == model.user_id)
            .where(User.telegram_id == telegram_id)
            .order_by(model.id)
        )
        return result.scalars().all()


async def next_due(harness: Harness, telegram_id: int, kind: str) -> datetime | None:
    """When the user's (first) reminder of this kind is due next, as stored."""
    reminders = await rows_of(harness, Reminder, telegram_id)
    return next((r.next_due for r in reminders if r.kind == kind), None)


async def force_due(harness: Harness, reminder_id: int, **values: Any) -> None:
    """Rewrite a reminder row, as another process or an old schedule might have left it."""
    assert harness.app is not None
    sessionmaker = harness.app.bot_data["services"].sessionmaker
    async with sessionmaker() as session:
        await session.execute(update(Reminder).where(Reminder.id == reminder_id).values(**values))
        await session.commit()


async def onboard_desk_worker(
    user: SimulatedUser, zone_button: str = "Berlin / Paris"
) -> BotMessage:
    """A desk worker in Berlin with every default, by buttons; returns the summary."""
    await user.ask("/start")
    await user.click("💻 Desk worker")
    return await finish_desk_worker(user, zone_button)


async def finish_desk_worker(
    user: SimulatedUser, zone_button: str = "Berlin / Paris"
) -> BotMessage:
    """The rest of a desk worker's onboarding once "Desk worker" is ticked."""
    await user.click("Next ➡️")
    await user.next()  # time-zone question
    await user.click(zone_button)
    await user.next()  # work days
    await user.click("Mon–Fri")
    await user.next()
    await user.click("09:00–17:00")
    await user.next()
    await user.click("45")
    await user.next()
    await user.click("18:30")
    return await user.next()


async def onboard_cyclist(
    user: SimulatedUser, weekly: str = "100", zone: str = "Europe/Berlin"
) -> BotMessage:
    """A cyclist, answered by typing; returns the summary."""
    await user.ask("/start")
    await user.ask("cyclist")
    await user.next()  # time-zone question
    await user.ask(zone)
    await user.next()  # unit
    await user.ask("km")
    await user.next()  # weekly distance
    await user.ask(weekly)
    await user.next()  # routine time
    await user.ask("19:00")
    return await user.next()
