"""Conversation snippets several end-to-end tests share."""

from sqlalchemy import select

from bot.localapi import BotMessage, SimulatedUser
from db.models import User
from tests.e2e.conftest import Harness


async def stored(harness: Harness, telegram_id: int) -> User | None:
    """The user row as the bot saved it."""
    assert harness.app is not None
    sessionmaker = harness.app.bot_data["services"].sessionmaker
    async with sessionmaker() as session:
        result = await session.execute(select(User).where(User.telegram_id == telegram_id))
        return result.scalar_one_or_none()


async def onboard_desk_worker(
    user: SimulatedUser, zone_button: str = "Berlin / Paris"
) -> BotMessage:
    """A desk worker in Berlin with every default, by buttons; returns the summary."""
    await user.ask("/start")
    await user.click("💻 Desk worker")
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
