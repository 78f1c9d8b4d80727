"""Snoozing moves the sitting clock; longer snoozes; a skipped break taken later.

The desk worker of `flows` lives in Berlin and works Mon–Fri 09:00–17:00 (nudged every 15
minutes here, as in the report); the clock starts on Monday 2026-11-23 at 09:00.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.devkit.localapi import BotMessage, SimulatedUser
from db.models import Delivery
from tests.e2e.conftest import Harness
from tests.e2e.flows import next_due, onboard_desk_worker, rows_of

BERLIN = ZoneInfo("Europe/Berlin")
NUDGE = "You've been sitting for about"


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


async def run_until(harness: Harness, user: SimulatedUser, until: datetime) -> list[BotMessage]:
    """Dispatch minute by minute up to `until`; what arrived meanwhile."""
    seen: list[BotMessage] = []
    while harness.clock.now() < until:
        harness.clock.advance(timedelta(minutes=1))
        await harness.dispatch()
        seen += await user.drain(settle=0)
    return seen


async def desk_worker(user: SimulatedUser, every: str = "45") -> None:
    await onboard_desk_worker(user)
    await user.ask("/settings")
    await user.click("Break nudges")
    await user.ask(every)
    await user.drain()


async def test_a_snooze_moves_the_sitting_clock(harness: Harness) -> None:
    user = harness.user()
    await desk_worker(user, "15")
    await harness.dispatch()
    harness.clock.set(berlin(23, 11))
    seen = await run_until(harness, user, berlin(23, 11, 15))
    assert NUDGE in seen[-1].text
    await user.click("⏰ Snooze")
    snoozed = await user.click("10 min")
    assert "Snoozed until 11:25" in snoozed.text
    assert await next_due(harness, user.user_id, "break") == berlin(23, 11, 40)

    seen = await run_until(harness, user, berlin(23, 11, 45))
    assert [m.text.splitlines()[0][:40] for m in seen] == [
        "⏰ Snoozed reminder", "🪑 You've been sitting for about 15 min —"
    ], "no nudge at 11:30: the snoozed one stood in for it"  # fmt: skip
    assert "sitting for about 25 min" in seen[0].text, "11:00 to 11:25, through the snooze"


async def test_snooze_for_three_hours_or_until_tomorrow(harness: Harness) -> None:
    user = harness.user()
    await desk_worker(user)
    await run_until(harness, user, berlin(23, 9, 45))
    options = await user.click("⏰ Snooze")
    assert options.labels == ["10 min", "30 min", "1 h", "3 h", "Tomorrow", "↩️ Back"]
    assert all(len(data.encode()) <= 64 for row in options.buttons for _, data in row)
    three = await user.click("3 h")
    assert "Snoozed until 12:45" in three.text
    assert await next_due(harness, user.user_id, "break") == berlin(23, 13, 30)

    await user.ask("/settings")
    await user.click("Quiet hours")
    await user.ask("18:00-08:00")
    await user.drain()
    harness.clock.set(berlin(23, 18, 30))
    await harness.dispatch()
    routine = [m for m in await user.drain() if "daily mobility routine" in m.text][-1]
    await user.press("⏰ Snooze", message=routine)
    await user.next()
    tomorrow = await user.click("Tomorrow")
    assert "Snoozed until Wed 08:00" in tomorrow.text, "Tuesday 18:30 is in quiet hours"
    [later] = [d for d in await rows_of(harness, Delivery, user.user_id) if d.kind == "routine"]
    assert later.status == "snoozed"


async def test_a_skipped_break_can_be_taken_within_the_hour(harness: Harness) -> None:
    user = harness.user()
    await desk_worker(user)
    nudge = (await run_until(harness, user, berlin(23, 9, 45)))[-1]
    skipped = await user.click("⏭ Skip")
    assert skipped.labels == ["▶️ Take it now"]
    harness.clock.set(berlin(23, 10, 20))
    await user.press("▶️ Take it now")
    assert await user.wait_toast() == "▶️ Here it comes."
    events = await user.drain()
    cleared = next(e for e in events if e.edited)
    assert cleared.message_id == nudge.message_id and not cleared.buttons
    [taken] = [e for e in events if not e.edited]
    assert taken.text.startswith("▶️ Your skipped break, now")
    assert nudge.text.splitlines()[2] in taken.text, "the same move"
    assert await next_due(harness, user.user_id, "break") == berlin(23, 11, 5)
    assert (await rows_of(harness, Delivery, user.user_id))[0].status == "done"

    await user.press_data(f"r:take:{(await rows_of(harness, Delivery, user.user_id))[0].id}",
                          nudge.message_id)  # fmt: skip
    assert await user.wait_toast() == "You've already taken that one — it's in the chat above."
    assert [e for e in await user.drain() if not e.edited] == []


async def test_taking_a_skipped_break_after_the_hour_is_refused(harness: Harness) -> None:
    user = harness.user()
    await desk_worker(user)
    await run_until(harness, user, berlin(23, 9, 45))
    await user.click("⏭ Skip")
    harness.clock.set(berlin(23, 10, 46))
    await user.press("▶️ Take it now")
    toast = await user.wait_toast()
    assert toast == "That break was skipped over an hour ago. The next nudge comes on schedule."
    assert [e for e in await user.drain() if not e.edited] == []
    assert (await rows_of(harness, Delivery, user.user_id))[0].status == "skipped"
