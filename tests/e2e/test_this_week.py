"""One meaning of "this week" (since the user's local Monday), through the real bot.

The cyclist of `flows` lives in Berlin, rides about 100 km a week and gets the routine at
19:00; the clock starts on Monday 2026-11-23 at 09:00 Berlin time.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tests.e2e.conftest import Harness
from tests.e2e.flows import onboard_cyclist

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


async def test_the_routine_and_week_count_the_same_week(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.ask("/log ride 90 yesterday")  # Sunday: last week
    await user.ask("/ride 40")
    await user.drain()
    harness.clock.set(berlin(23, 19))
    assert (await harness.dispatch()).sent == 1
    monday = await user.next()
    assert "Your daily mobility routine" in monday.text
    assert "above your usual" not in monday.text, "Sunday's ride was last week"
    assert "🚴 Riding: 40 km in 1 ride" in (await user.ask("/week")).text

    harness.clock.set(berlin(24, 9))
    await user.ask("/ride 95")
    await user.drain()
    harness.clock.set(berlin(24, 19))
    assert (await harness.dispatch()).sent == 1
    tuesday = await user.next()
    assert "You rode 135 km this week (since Monday), 35 % above your usual" in tuesday.text
    assert "🚴 Riding: 135 km in 2 rides" in (await user.ask("/week")).text


async def test_help_says_weeks_start_on_monday(harness: Harness) -> None:
    user = harness.user()
    assert "weeks start on Monday" in (await user.ask("/help")).text
