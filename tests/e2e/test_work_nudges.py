"""Break nudges at work: what they ask of someone at a desk, and when they come."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.devkit.localapi import BotMessage, SimulatedUser
from tests.e2e.conftest import Harness
from tests.e2e.flows import onboard_desk_worker

BERLIN = ZoneInfo("Europe/Berlin")
FLOOR_WORDS = re.compile(r"\b(lie|lying|kneel\w*|floor|all fours|hands and knees)\b", re.I)


def is_nudge(message: BotMessage) -> bool:
    return "You've been sitting for about" in message.text


async def run_until(
    harness: Harness, user: SimulatedUser, until: datetime, step: timedelta
) -> list[tuple[datetime, BotMessage]]:
    """Move the clock in steps up to `until`, dispatching at each: [(UTC time, message)]."""
    seen = []
    while harness.clock.now() < until:
        harness.clock.set(min(harness.clock.now() + step, until))
        await harness.dispatch()
        seen += [(harness.clock.now(), message) for message in await user.drain(settle=0)]
    return seen


async def test_break_nudges_at_work_never_send_anyone_to_the_floor(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    friday_evening = datetime(2026, 11, 27, 18, tzinfo=BERLIN).astimezone(UTC)
    seen = await run_until(harness, user, friday_evening, timedelta(minutes=15))
    nudges = [message for _, message in seen if is_nudge(message)]
    assert len(nudges) == 50, "ten a day, Monday to Friday"
    floor = [m.text for m in nudges if FLOOR_WORDS.search(m.text)]
    assert floor == [], "a nudge at the office asks for a move done seated or standing"
