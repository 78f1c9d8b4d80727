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


async def onboard_with_hours(user: SimulatedUser, hours: str) -> BotMessage:
    """A desk worker in Berlin, Mon–Fri, nudged every 45 min, who types their work hours."""
    await user.ask("/start")
    await user.click("💻 Desk worker")
    await user.click("Next ➡️")
    await user.next()
    await user.click("Berlin / Paris")
    await user.next()
    await user.click("Mon–Fri")
    question = await user.next()
    assert "night shift" in question.text and "lunch" in question.text
    await user.ask(hours)
    await user.next()
    await user.click("45")
    await user.next()
    await user.click("18:30")
    return await user.next()


def stamps(seen: list[tuple[datetime, BotMessage]]) -> list[str]:
    return [at.astimezone(BERLIN).strftime("%a %H:%M") for at, m in seen if is_nudge(m)]


async def test_a_night_shift_worker_is_nudged_through_the_night(harness: Harness) -> None:
    user = harness.user()
    summary = await onboard_with_hours(user, "22:00-06:00")
    assert "Mon–Fri, 22:00–06:00 (into the next day)" in summary.text
    tuesday_noon = datetime(2026, 11, 24, 12, tzinfo=BERLIN).astimezone(UTC)
    seen = await run_until(harness, user, tuesday_noon, timedelta(minutes=15))
    assert stamps(seen) == ["Mon 22:45", "Mon 23:30"] + [
        f"Tue {t}" for t in ("00:15", "01:00", "01:45", "02:30", "03:15", "04:00", "04:45", "05:30")
    ]
    listing = await user.ask("/reminders")
    assert "during work hours (Mon–Fri, 22:00–06:00 (into the next day))" in listing.text


async def test_a_day_worker_gets_no_nudge_in_the_lunch_break(harness: Harness) -> None:
    user = harness.user()
    summary = await onboard_with_hours(user, "9-17, lunch 12:30-13:15")
    assert "Mon–Fri, 09:00–17:00, lunch 12:30–13:15" in summary.text
    evening = datetime(2026, 11, 23, 18, tzinfo=BERLIN).astimezone(UTC)
    seen = await run_until(harness, user, evening, timedelta(minutes=15))
    assert stamps(seen) == [f"Mon {t}" for t in ("09:45", "10:30", "11:15", "12:00", "14:00",
                                                 "14:45", "15:30", "16:15")]  # fmt: skip


async def test_hours_per_day_in_settings(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    await user.ask("/settings")
    await user.click("Work hours")
    answer = await user.ask("Mon-Thu 9-17, Fri 9-13")
    assert "Work hours: Mon–Thu 09:00–17:00, Fri 09:00–13:00 ✓" in answer.text
    saved = await user.next()
    assert "Work:</b> Mon–Thu 09:00–17:00, Fri 09:00–13:00, a break nudge" in saved.html
    friday = datetime(2026, 11, 27, 0, tzinfo=BERLIN).astimezone(UTC)
    harness.clock.set(friday)
    await harness.dispatch()
    await user.drain(settle=0.05)
    seen = await run_until(harness, user, friday + timedelta(hours=20), timedelta(minutes=15))
    assert stamps(seen) == [f"Fri {t}" for t in ("09:45", "10:30", "11:15", "12:00", "12:45")]
