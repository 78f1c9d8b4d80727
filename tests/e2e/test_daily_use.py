"""Daily use through the real bot: what went wrong for new users after the first day.

The clock starts on Monday 2026-11-23 at 09:00 in Berlin, as in `test_reminders`.
"""

from datetime import timedelta

from bot.devkit.localapi import SimulatedUser
from db.models import Delivery, Reminder
from tests.e2e.conftest import Harness
from tests.e2e.flows import next_due, onboard_cyclist, onboard_desk_worker, rows_of
from tests.e2e.test_reminders import berlin, is_routine, run_until
from tests.e2e.test_training import recorded


async def set_quiet_hours(user: SimulatedUser, button: str = "22:00–07:00") -> None:
    await user.ask("/settings")
    await user.click("Quiet hours")
    await user.click(button)
    await user.next()  # the saved summary


async def test_a_routine_comes_once_a_day_when_its_time_moves_later(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    harness.clock.set(berlin(23, 18))
    seen = await run_until(harness, user, berlin(23, 19))
    assert [stamp for stamp, m in seen if is_routine(m)] == ["Mon 18:30"]
    for later in ("21:00", "22:15"):
        await user.ask("/settings")
        await user.click("Daily routine")
        if later == "21:00":
            await user.click("21:00")
        else:
            await user.ask(later)
        await user.drain()
        assert await next_due(harness, user.user_id, "routine") == berlin(
            24, *map(int, later.split(":"))
        )
    seen = await run_until(harness, user, berlin(24, 0), step=timedelta(minutes=15))
    assert not [m for _, m in seen if is_routine(m)], "today's routine was already sent"
    listing = await user.ask("/reminders")
    assert "Daily routine — today 22:15" in listing.text
    seen = await run_until(harness, user, berlin(24, 23), step=timedelta(minutes=15))
    assert [stamp for stamp, m in seen if is_routine(m)] == ["Tue 22:15"]
    routines = [d for d in await rows_of(harness, Delivery, user.user_id) if d.kind == "routine"]
    assert len(routines) == 2


async def test_moving_a_missed_routine_later_still_brings_it(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    harness.clock.set(berlin(23, 19, 30))  # the bot was down at 18:30: the routine is missed
    await harness.dispatch()
    await user.drain(settle=0)
    await user.ask("/settings")
    await user.click("Daily routine")
    await user.click("21:00")
    await user.drain()
    assert await next_due(harness, user.user_id, "routine") == berlin(23, 21)


async def test_stretches_asked_for_in_quiet_hours_come_right_away(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await set_quiet_hours(user)
    harness.clock.set(berlin(23, 22, 15))
    reply = await user.ask("/run 8")
    assert "Stretches are on their way." in reply.text
    cool_down = await user.next(timeout=3)
    assert "Good run: 8 km" in cool_down.text
    sent = [d for d in await recorded(harness, user.user_id) if d.kind == "post_activity"]
    assert [(d.status, d.late) for d in sent] == [("sent", False)]


async def test_stretches_held_by_a_pause_come_back_on_resume(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.ask("/settings")
    await user.click("Stretch after training")
    await user.click("After 60 min")
    await user.next()
    for distance in ("20", "25", "30"):
        await user.ask(f"/ride {distance}")
    paused = await user.ask("/pause until friday")
    assert "Paused until" in paused.text
    resumed = await user.ask("/resume")
    assert "back on" in resumed.text
    listing = await user.ask("/reminders")
    assert listing.text.count("Post-training stretches — today 10:00") == 3
    assert "00:00" not in listing.text
    harness.clock.set(berlin(23, 10))
    assert (await harness.dispatch()).sent == 3


async def test_stretches_held_by_a_long_pause_are_not_sent_days_late(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.ask("/ride 20")
    await user.next(timeout=3)  # the stretches, right away
    await user.ask("/settings")
    await user.click("Stretch after training")
    await user.click("After 60 min")
    await user.next()
    await user.ask("/ride 30")
    await user.ask("/pause until friday")
    listing = await user.ask("/reminders")
    assert "Post-training stretches" not in listing.text
    harness.clock.set(berlin(27, 0, 5))
    assert (await harness.dispatch()).sent == 0
    harness.clock.set(berlin(27, 0, 10))
    assert "back on" in (await user.ask("/resume")).text
    assert all(r.next_due is None for r in await rows_of(harness, Reminder, user.user_id)
               if r.kind == "post_activity")  # fmt: skip


async def onboard_miles_cyclist(user: SimulatedUser) -> None:
    """A cyclist in New York who counts in miles and rides about 60 mi a week."""
    for answer in ("/start", "cyclist", "New York", "miles", "60", "19:00"):
        await user.ask(answer)
    await user.drain()


async def test_a_miles_user_sees_miles_everywhere(harness: Harness) -> None:
    user = harness.user()
    await onboard_miles_cyclist(user)
    reply = await user.ask("/ride 30")
    assert reply.text.startswith("🚴 Logged your 30 mi ride today.")
    cool_down = await user.next(timeout=3)
    assert "Good ride: 30 mi." in cool_down.text and " km" not in cool_down.text
    await user.ask("/ride 50")
    big_week = await user.next(timeout=3)
    assert "Good ride: 50 mi, and your week (since Monday) is" in big_week.text
    assert " km" not in big_week.text
    await user.ask("/ride 225")
    milestone = await user.next(timeout=3)
    assert "Milestone: 300 mi ridden with Limber!" in milestone.text
    assert "You've ridden 300 mi" in milestone.text and " km" not in milestone.text
