"""Training through the real bot: /ride, /run, /log and /week, and the stretches that follow.

The cyclist of `flows` lives in Berlin, rides about 100 km a week and gets the routine at
19:00; the clock starts on Monday 2026-11-23 at 09:00 Berlin time.
"""

import asyncio
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from db.models import Activity, Delivery, Reminder
from tests.e2e.conftest import Harness
from tests.e2e.flows import next_due, onboard_cyclist, onboard_desk_worker, rows_of

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 23)


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Berlin in the week of 23 November 2026 (23 = Monday), in UTC as
    the bot's clock gives it."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


async def recorded(harness: Harness, telegram_id: int) -> Sequence[Delivery]:
    """The user's deliveries once the dispatcher has recorded its sends (just after sending)."""
    for _ in range(100):
        rows = await rows_of(harness, Delivery, telegram_id)
        if all(row.status != "sending" for row in rows):
            return rows
        await asyncio.sleep(0.01)
    raise AssertionError("a send was never recorded")


async def test_a_ride_is_logged_and_stretches_follow_right_away(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    reply = await user.ask("/ride 80")
    assert reply.text.splitlines() == [
        "🚴 Logged your 80 km ride today.",
        "This week: 80 km over 1 ride.",
        "Stretches are on their way.",
    ]
    cool_down = await user.next(timeout=3)  # no dispatch() here: the bot kicks its dispatcher
    assert "Good ride: 80 km" in cool_down.text
    assert cool_down.labels == ["✅ Done", "⏰ Snooze", "⏭ Skip"]
    [activity] = await rows_of(harness, Activity, user.user_id)
    assert (activity.kind, activity.distance_km, activity.day) == ("ride", 80, MONDAY)
    assert activity.duration_s is None
    [delivery] = await recorded(harness, user.user_id)
    assert (delivery.kind, delivery.status) == ("post_activity", "sent")
    assert await next_due(harness, user.user_id, "post_activity") is None, "sent once"
    done = await user.click("✅ Done")
    assert "Done — nice work" in done.text


async def test_stretches_after_the_delay_set_in_settings(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.ask("/settings")
    question = await user.click("Stretch after training")
    assert "post-ride / post-run stretches" in question.text
    await user.click("After 30 min")
    assert "Saved: Stretch after training" in (await user.next()).text
    reply = await user.ask("/ride 40")
    assert "Stretches follow at 09:30." in reply.text
    assert await next_due(harness, user.user_id, "post_activity") == berlin(23, 9, 30)
    harness.clock.set(berlin(23, 9, 29))
    assert (await harness.dispatch()).claimed == 0
    await user.expect_silence(0.6)  # nothing is kicked when the stretches are not due now
    harness.clock.set(berlin(23, 9, 30))
    assert (await harness.dispatch()).sent == 1
    assert "Good ride: 40 km" in (await user.next()).text
    assert (await harness.dispatch()).claimed == 0


async def test_log_with_details_for_yesterday(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    reply = await user.ask("/log ride 42km 1h35 yesterday")
    assert reply.text.splitlines() == [
        "🚴 Logged your 42 km ride on Sun 22 Nov in 1 h 35 min.",
        "This week: 0 km over 0 rides.",
    ], "yesterday was last week; no stretches for a ride long done"
    [activity] = await rows_of(harness, Activity, user.user_id)
    assert (activity.day, activity.duration_s) == (date(2026, 11, 22), 95 * 60)
    assert {r.kind for r in await rows_of(harness, Reminder, user.user_id)} <= {
        "routine",
        "break",
        "weekly",
    }
    reply = await user.ask("/log 10.5 mi run")
    assert "Logged your 16.9 km run today" in reply.text


async def test_a_cyclist_may_log_a_run(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    reply = await user.ask("/run 5")
    assert reply.text.startswith("🏃 Logged your 5 km run today.")
    assert "above your usual" not in reply.text
    assert "Good run: 5 km" in (await user.next(timeout=3)).text
    week = await user.ask("/week")
    assert week.text.splitlines() == [
        "This week (Mon 23 Nov – Mon 23 Nov):",
        "🚴 Riding: 0 km in 0 rides (usual 100 km a week, 0%)",
        "🏃 Running: 5 km in 1 run",
    ]


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        ("/ride -5", "I didn't understand “-5”."),
        ("/ride 5000", "That's more than 1000 km in one ride — typo?"),
        ("/ride banana", "I didn't understand “banana”."),
        ("/ride <b>", "I didn't understand “<b>”."),
        ("/ride 0", "Add the distance"),
        ("/ride 42 tomorrow", "I didn't understand “tomorrow”."),
        ("/ride 42 2026-11-30", "The day must be within the last 60 days."),
        ("/log 42", "Say whether it was a ride or a run."),
        ("/ride", "How far did you ride?"),
    ],
)
async def test_bad_input_is_explained_and_nothing_is_stored(
    harness: Harness, command: str, problem: str
) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    reply = await user.ask(command)
    assert problem in reply.text
    assert "<b>" not in reply.html.replace("&lt;b&gt;", ""), "user text is never markup"
    if command != "/ride":
        assert "Nothing was saved" in reply.text
    assert await rows_of(harness, Activity, user.user_id) == []
    assert [r.kind for r in await rows_of(harness, Reminder, user.user_id)] == [
        "routine",
        "break",
        "weekly",
    ]


async def test_training_before_registering_is_declined(harness: Harness) -> None:
    user = harness.user()
    assert "haven't set up Limber" in (await user.ask("/ride 40")).text
    assert "haven't set up Limber" in (await user.ask("/week")).text
    assert await rows_of(harness, Activity, user.user_id) == []


async def test_week_totals(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    empty = await user.ask("/week")
    assert "Riding: 0 km in 0 rides" in empty.text
    await user.ask("/log ride 30 yesterday")  # last week
    harness.clock.set(berlin(25, 18))
    await user.ask("/log ride 40 monday")
    await user.ask("/ride 25.5")
    await user.drain()
    week = await user.ask("/week")
    assert week.text.splitlines() == [
        "This week (Mon 23 Nov – Wed 25 Nov):",
        "🚴 Riding: 65.5 km in 2 rides (usual 100 km a week, 66%)",
    ]


async def test_a_big_week_grows_the_daily_routine(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    assert "above your usual" not in (await user.ask("/ride 110")).text, "10 % over is usual"
    await user.next(timeout=3)
    big = await user.ask("/ride 30")
    assert "That's above your usual 100 km" in big.text
    await user.next(timeout=3)
    harness.clock.set(berlin(23, 19))
    assert (await harness.dispatch()).sent == 1
    routine = await user.next()
    assert "Your daily mobility routine" in routine.text
    assert "You rode 140 km this week (since Monday), 40 % above your usual" in routine.text


async def test_crossing_500_km_brings_a_milestone_session(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.ask("/log ride 300 yesterday")
    await user.ask("/ride 150")
    assert "Good ride: 150 km" in (await user.next(timeout=3)).text
    await user.ask("/ride 60")
    milestone = await user.next(timeout=3)
    assert "🏅 Milestone: 500 km ridden with Limber!" in milestone.text
    assert "Here's a longer session" in milestone.text
    assert milestone.labels == ["✅ Done", "⏰ Snooze", "⏭ Skip"]
    await user.expect_silence(0.6)
    kinds = [(d.kind, d.status) for d in await recorded(harness, user.user_id)]
    assert kinds == [("post_activity", "sent"), ("milestone", "sent")]
    await user.ask("/ride 20")
    assert "Milestone" not in (await user.next(timeout=3)).text, "only once per 500 km"


async def test_stretches_wait_for_a_pause_to_end(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.ask("/pause 2h")
    reply = await user.ask("/ride 40")
    assert "Stretches follow at 11:00." in reply.text
    assert await next_due(harness, user.user_id, "post_activity") == berlin(23, 11)


async def test_a_desk_worker_logging_a_ride_keeps_the_nudges(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    await user.ask("/ride 20")
    assert "Good ride: 20 km" in (await user.next(timeout=3)).text
    assert await next_due(harness, user.user_id, "break") == berlin(23, 9, 45)
    harness.clock.advance(timedelta(minutes=45))
    await harness.dispatch()
    assert "You've been sitting" in (await user.next()).text
