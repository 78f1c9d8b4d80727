"""Durations as runners write them, and taking a log back, through the real bot.

The cyclist of `flows` lives in Berlin and may log runs too; the clock starts on Monday
2026-11-23 at 09:00 Berlin time.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.devkit.localapi import LocalBotApi
from bot.texts.help import COMMANDS
from db.models import Activity, Reminder
from tests.e2e.conftest import Harness
from tests.e2e.flows import onboard_cyclist, rows_of

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


async def test_watch_times_and_paces_are_read_as_a_watch_shows_them(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    cases = [
        ("/run 5 22:30", "🏃 Logged your 5 km run today in 22 min 30 s.", 1350),
        ("/run 6 25:30", "🏃 Logged your 6 km run today in 25 min 30 s.", 1530),
        ("/run 10 55:00", "🏃 Logged your 10 km run today in 55 min.", 3300),
        ("/log run 21.1 1:45:00", "🏃 Logged your 21.1 km run today in 1 h 45 min.", 6300),
        ("/run 12 4:30/km", "🏃 Logged your 12 km run today in 54 min.", 3240),
        ("/ride 42 1:35", "🚴 Logged your 42 km ride today in 1 h 35 min.", 5700),
        ("/ride 43 1h 35m", "🚴 Logged your 43 km ride today in 1 h 35 min.", 5700),
        ("/ride 44 95 min", "🚴 Logged your 44 km ride today in 1 h 35 min.", 5700),
    ]
    for command, first_line, _ in cases:
        reply = await user.ask(command)
        assert reply.text.splitlines()[0] == first_line, command
        assert reply.labels == ["↩️ Undo"]
        await user.drain()  # the cool-down that follows
    stored = await rows_of(harness, Activity, user.user_id)
    assert [a.duration_s for a in stored] == [seconds for _, _, seconds in cases]

    refused = await user.ask("/run 42 0:30")
    assert "42 km in “0:30” can't be right for a run." in refused.text
    assert "Nothing was saved" in refused.text
    assert len(await rows_of(harness, Activity, user.user_id)) == len(cases)


async def test_undo_takes_back_the_log_and_its_stretches_once(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.ask("/settings")
    await user.click("Stretch after training")
    await user.click("After 30 min")
    await user.next()
    await user.ask("/ride 20")
    logged = await user.ask("/ride 40")
    assert "Stretches follow at 09:30." in logged.text and logged.labels == ["↩️ Undo"]
    pending = [r for r in await rows_of(harness, Reminder, user.user_id) if r.next_due]
    assert sorted(r.kind for r in pending) == ["post_activity", "post_activity", "routine",
                                               "weekly"]  # fmt: skip

    undone = await user.click("↩️ Undo", timeout=5)
    assert undone.edited and undone.message_id == logged.message_id and not undone.buttons
    assert undone.text.splitlines() == [
        "↩️ Undone: your 40 km ride today is no longer logged.",
        "This week: 20 km over 1 ride.",
        "The stretches that were to follow it are called off.",
    ]
    assert [a.distance_km for a in await rows_of(harness, Activity, user.user_id)] == [20]
    follow_ups = [r for r in await rows_of(harness, Reminder, user.user_id)
                  if r.kind == "post_activity"]  # fmt: skip
    assert [r.next_due for r in follow_ups] == [berlin(23, 9, 30), None], "only its own"

    await user.press_data(logged.buttons[0][0][1], logged.message_id)  # a second tap
    assert await user.wait_toast() == "Already undone — nothing changed."
    assert [a.distance_km for a in await rows_of(harness, Activity, user.user_id)] == [20]

    harness.clock.set(berlin(23, 9, 30))
    assert (await harness.dispatch()).sent == 1, "the 20 km ride's stretches still come"
    assert "Good ride: 20 km" in (await user.next()).text


async def test_undo_command_stale_buttons_and_other_users(harness: Harness) -> None:
    alice, bob = harness.user(1001, "Alice"), harness.user(1002, "Bob")
    await onboard_cyclist(alice)
    await onboard_cyclist(bob)
    assert "nothing to undo" in (await alice.ask("/undo")).text
    first = await alice.ask("/ride 30")
    await alice.drain()
    harness.clock.advance(timedelta(minutes=20))
    await alice.ask("/run 8")
    await alice.drain()

    bobs = await bob.ask("/ride 50")
    await bob.drain()
    await alice.press_data(bobs.buttons[0][0][1], first.message_id)  # Bob's activity id
    assert await alice.wait_toast() == (
        "That button belongs to someone else's log, so it does nothing."
    )
    assert [a.distance_km for a in await rows_of(harness, Activity, bob.user_id)] == [50]

    assert "on its own" in (await alice.ask("/undo 8")).text
    undone = await alice.ask("/undo")
    assert undone.text.startswith("↩️ Undone: your 8 km run today is no longer logged.")
    assert [a.distance_km for a in await rows_of(harness, Activity, alice.user_id)] == [30]

    harness.clock.advance(timedelta(hours=25))
    await alice.press("↩️ Undo", message=first)
    toast = await alice.wait_toast()
    assert toast == "That was logged more than a day ago, so I've left it as it is."
    cleared = await alice.next()
    assert cleared.message_id == first.message_id and not cleared.buttons
    assert "left it" in (await alice.ask("/undo")).text
    assert [a.distance_km for a in await rows_of(harness, Activity, alice.user_id)] == [30]


async def test_undo_is_a_listed_command(harness: Harness, api: LocalBotApi) -> None:
    assert "undo" in [name for name, _ in COMMANDS]
    assert "undo" in [command["command"] for command in api.commands], "setMyCommands"
    user = harness.user()
    assert "/undo — " in (await user.ask("/help")).text
