"""Reminders through the real bot: a day of nudges, buttons, sessions, pauses and failures.

The clock starts on Monday 2026-11-23 at 09:00 in Berlin; the desk worker of `flows` works
Mon–Fri 09:00–17:00, gets a nudge every 45 minutes and the routine at 18:30.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.devkit.localapi import BotMessage, LocalBotApi, SimulatedUser
from db.models import Delivery, Pause, Reminder
from scheduler.clock import FixedClock
from tests.e2e.conftest import Harness
from tests.e2e.flows import (
    force_due,
    next_due,
    onboard_cyclist,
    onboard_desk_worker,
    rows_of,
    stored,
)

BERLIN = ZoneInfo("Europe/Berlin")
FIVE_MIN = timedelta(minutes=5)
NUDGE_BUTTONS = ["✅ I'm up", "⏰ Snooze", "⏭ Skip"]
WORKDAY_NUDGES = ["09:45", "10:30", "11:15", "12:00", "12:45", "13:30", "14:15", "15:00",
                  "15:45", "16:30"]  # fmt: skip


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Berlin in the week of 23 November 2026 (23 = Monday), in UTC as
    the bot's clock gives it."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def is_nudge(message: BotMessage) -> bool:
    return "You've been sitting for about" in message.text


def is_routine(message: BotMessage) -> bool:
    return "Your daily mobility routine" in message.text


async def run_until(
    harness: Harness, user: SimulatedUser, until: datetime, step: timedelta = FIVE_MIN
) -> list[tuple[str, BotMessage]]:
    """Move the clock in `step`s up to `until`, dispatching at each: [(local "Mon 09:45", msg)]."""
    seen = []
    while harness.clock.now() < until:
        harness.clock.set(min(harness.clock.now() + step, until))
        await harness.dispatch()
        local = harness.clock.now().astimezone(BERLIN).strftime("%a %H:%M")
        seen += [(local, message) for message in await user.drain(settle=0)]
    return seen


def stamps(seen: list[tuple[str, BotMessage]]) -> list[str]:
    return [stamp for stamp, _ in seen]


async def first_nudge(harness: Harness, user: SimulatedUser) -> BotMessage:
    """Onboard the desk worker and run the clock to the 09:45 nudge."""
    await onboard_desk_worker(user)
    seen = await run_until(harness, user, berlin(23, 9, 45))
    assert stamps(seen) == ["Mon 09:45"]
    return seen[0][1]


async def test_a_desk_workers_week(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    monday = await run_until(harness, user, berlin(24, 9))
    assert stamps(monday) == [f"Mon {t}" for t in WORKDAY_NUDGES] + ["Mon 18:30"]
    assert all(is_nudge(m) and m.labels == NUDGE_BUTTONS for _, m in monday[:-1])
    routine = monday[-1][1]
    assert is_routine(routine) and routine.labels == ["✅ Done", "⏰ Snooze", "⏭ Skip"]
    deliveries = await rows_of(harness, Delivery, user.user_id)
    assert [(d.kind, d.status) for d in deliveries] == [("break", "sent")] * 10 + [
        ("routine", "sent")
    ]
    assert [d.message_id for d in deliveries] == [m.message_id for _, m in monday]
    assert await next_due(harness, user.user_id, "break") == berlin(24, 9, 45)
    assert await next_due(harness, user.user_id, "routine") == berlin(24, 18, 30)

    harness.clock.set(berlin(28, 0))  # Saturday: Tuesday–Friday went by with the bot idle
    report = await harness.dispatch()
    assert (report.sent, report.missed) == (0, 2), "old reminders are counted, not flooded"
    assert await user.drain(settle=0) == []
    weekend = await run_until(harness, user, berlin(30, 10))
    assert stamps(weekend) == ["Sat 18:30", "Sun 18:30", "Sun 18:30", "Mon 09:45"]
    kinds = ["routine" if is_routine(m) else m.kind for _, m in weekend]
    assert kinds == ["routine", "routine", "photo", "text"], "Sunday brings the weekly summary"


async def test_im_up_restarts_the_sitting_clock(harness: Harness) -> None:
    user = harness.user()
    nudge = await first_nudge(harness, user)
    harness.clock.set(berlin(23, 9, 55))
    done = await user.click("✅ I'm up")
    assert done.edited and done.message_id == nudge.message_id
    assert "Up and moving" in done.text and not done.buttons
    assert nudge.text.split("\n")[0] in done.text, "the move stays readable"
    assert user.last_toast is not None and "Up and moving" in user.last_toast
    assert await next_due(harness, user.user_id, "break") == berlin(23, 10, 40)
    listing = await user.ask("/reminders")
    assert (
        "Break nudge — today 10:40, then every 45 min during work hours (Mon–Fri, 09:00–17:00)"
        in listing.text
    )

    await user.press_data(nudge.buttons[0][0][1], nudge.message_id)  # a second, quick tap
    assert await user.wait_toast() == "Already answered: done."
    await user.expect_silence(0.1)
    seen = await run_until(harness, user, berlin(23, 12))
    assert stamps(seen) == ["Mon 10:40", "Mon 11:25"]
    deliveries = await rows_of(harness, Delivery, user.user_id)
    assert deliveries[0].status == "done" and deliveries[0].answered_at == berlin(23, 9, 55)


async def test_skip_keeps_the_rhythm(harness: Harness) -> None:
    user = harness.user()
    await first_nudge(harness, user)
    skipped = await user.click("⏭ Skip")
    assert "Skipped" in skipped.text and skipped.labels == ["▶️ Take it now"]
    assert (await rows_of(harness, Delivery, user.user_id))[0].status == "skipped"
    assert await next_due(harness, user.user_id, "break") == berlin(23, 10, 30)
    await user.press_data(f"r:snooze:{(await rows_of(harness, Delivery, user.user_id))[0].id}",
                          skipped.message_id)  # fmt: skip
    assert await user.wait_toast() == "Already answered: skipped."


async def test_snooze_back_and_the_snoozed_reminder(harness: Harness) -> None:
    user = harness.user()
    nudge = await first_nudge(harness, user)
    options = await user.click("⏰ Snooze")
    assert options.edited and options.labels == [
        "10 min", "30 min", "1 h", "3 h", "Tomorrow", "↩️ Back"
    ]  # fmt: skip
    assert options.text == nudge.text
    back = await user.click("↩️ Back")
    assert back.buttons == nudge.buttons
    await user.click("⏰ Snooze")
    snoozed = await user.click("10 min")
    assert "Snoozed until 09:55" in snoozed.text and not snoozed.buttons
    assert user.last_toast == "⏰ Snoozed until 09:55."

    seen = await run_until(harness, user, berlin(23, 10, 45))
    assert stamps(seen) == ["Mon 09:55", "Mon 10:40"], "the snoozed nudge stands in for 10:30"
    again = seen[0][1]
    assert again.text.startswith("⏰ Snoozed reminder")
    assert "sitting for about 55 min" in again.text, "09:00 to 09:55, through the snooze"
    assert nudge.text.split("\n")[2] in again.text, "the same move"
    assert again.labels == NUDGE_BUTTONS, "a snoozed nudge keeps the nudge's buttons"
    statuses = [(d.kind, d.status) for d in await rows_of(harness, Delivery, user.user_id)]
    assert statuses == [("break", "snoozed"), ("snooze", "sent"), ("break", "sent")]
    snooze = [r for r in await rows_of(harness, Reminder, user.user_id) if r.kind == "snooze"]
    assert len(snooze) == 1 and snooze[0].next_due is None, "used up, sent exactly once"


async def test_a_snoozed_nudge_answers_like_a_nudge(harness: Harness) -> None:
    user = harness.user()
    await first_nudge(harness, user)
    await user.click("⏰ Snooze")
    await user.click("10 min")
    seen = await run_until(harness, user, berlin(23, 9, 55))
    snoozed = seen[0][1]
    await user.press("⏰ Snooze", message=snoozed)
    await user.next()
    assert (await user.click("↩️ Back")).labels == NUDGE_BUTTONS
    done = await user.click("✅ I'm up")
    assert "Up and moving" in done.text
    assert await next_due(harness, user.user_id, "break") == berlin(23, 10, 40)


async def test_presses_on_someone_elses_reminder_are_refused(harness: Harness) -> None:
    alice, bob = harness.user(1001, "Alice"), harness.user(1002, "Bob")
    await onboard_desk_worker(alice)
    await onboard_desk_worker(bob)
    harness.clock.set(berlin(23, 9, 45))
    await harness.dispatch()
    alices = await alice.next()
    bobs = await bob.next()
    alice_delivery = (await rows_of(harness, Delivery, alice.user_id))[0]
    for data in (f"r:done:{alice_delivery.id}", f"r:sz10:{alice_delivery.id}", "r:done:99999",
                 "r:done:abc", "r:done"):  # fmt: skip
        await bob.press_data(data, bobs.message_id)
        assert await bob.wait_toast() == "That reminder isn't yours, so I can't change it."
    await bob.expect_silence(0.1)
    await alice.expect_silence(0)
    assert (await rows_of(harness, Delivery, alice.user_id))[0].status == "sent"
    assert [r.kind for r in await rows_of(harness, Reminder, alice.user_id)] == [
        "routine",
        "break",
        "weekly",
    ]
    assert harness.api.chat_log(alice.chat_id)[-1] == alices, "her nudge is untouched"


async def test_made_up_actions_are_refused_without_side_effects(harness: Harness) -> None:
    user = harness.user()
    nudge = await first_nudge(harness, user)
    delivery = (await rows_of(harness, Delivery, user.user_id))[0]
    for action in ("sz7", "sz99999999999", "explode"):
        await user.press_data(f"r:{action}:{delivery.id}", nudge.message_id)
        toast = await user.wait_toast()
        assert toast is not None and "reminders are off" not in toast
        assert "button" in toast
    await user.expect_silence(0.1)
    assert (await rows_of(harness, Delivery, user.user_id))[0].status == "sent"
    assert [r.kind for r in await rows_of(harness, Reminder, user.user_id)] == [
        "routine",
        "break",
        "weekly",
    ]


async def test_an_expired_reminder_is_refused(harness: Harness) -> None:
    user = harness.user()
    nudge = await first_nudge(harness, user)
    harness.clock.advance(timedelta(hours=24, minutes=1))
    await user.press("✅ I'm up")
    assert await user.wait_toast() == (
        "This reminder has expired — the next one will come on schedule."
    )
    cleared = await user.next()
    assert cleared.message_id == nudge.message_id and not cleared.buttons
    assert cleared.text == nudge.text
    assert (await rows_of(harness, Delivery, user.user_id))[0].status == "sent"


async def test_sit_and_stand(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    harness.clock.set(berlin(23, 9, 10))
    started = await user.ask("/sit")
    assert "Sitting session started" in started.text and "first at 09:55" in started.text
    assert "already in a sitting session" in (await user.ask("/sit")).text
    assert await next_due(harness, user.user_id, "break") == berlin(24, 9, 45), "breaks step aside"
    assert await next_due(harness, user.user_id, "sit") == berlin(23, 9, 55)
    seen = await run_until(harness, user, berlin(23, 11))
    assert stamps(seen) == ["Mon 09:55", "Mon 10:40"]
    assert all(is_nudge(m) and m.labels == NUDGE_BUTTONS for _, m in seen)
    stand = await user.ask("/stand")
    assert "you sat for 1 h 50 min" in stand.text
    assert await next_due(harness, user.user_id, "sit") is None
    assert await next_due(harness, user.user_id, "break") == berlin(23, 11, 45)
    assert "no sitting session" in (await user.ask("/stand")).text
    assert stamps(await run_until(harness, user, berlin(23, 12, 35))) == ["Mon 11:45", "Mon 12:30"]
    kinds = [d.kind for d in await rows_of(harness, Delivery, user.user_id)]
    assert kinds == ["sit", "sit", "break", "break"]


async def test_im_up_during_a_sitting_session(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    harness.clock.set(berlin(23, 9, 10))
    await user.ask("/sit")
    await run_until(harness, user, berlin(23, 9, 55))
    harness.clock.set(berlin(23, 10))
    await user.click("✅ I'm up")
    assert await next_due(harness, user.user_id, "sit") == berlin(23, 10, 45)
    assert await next_due(harness, user.user_id, "break") == berlin(24, 9, 45)


async def test_breaks_return_the_day_after_a_sitting_session(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    harness.clock.set(berlin(23, 15))
    await user.ask("/sit")
    seen = await run_until(harness, user, berlin(24, 10))
    assert stamps(seen) == ["Mon 15:45", "Mon 16:30", "Mon 18:30", "Tue 09:45"]


async def test_pause_for_three_days(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    paused = await user.ask("/pause 3d")
    assert "Paused until Thu 26 Nov, 09:00" in paused.text
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.paused_until == berlin(26, 9)
    assert await next_due(harness, user.user_id, "routine") == berlin(26, 18, 30)
    assert await next_due(harness, user.user_id, "break") == berlin(26, 9, 45)
    listing = await user.ask("/reminders")
    assert "Paused until Thu 26 Nov, 09:00" in listing.text

    assert await run_until(harness, user, berlin(24, 12), timedelta(minutes=15)) == []
    routine = next(r for r in await rows_of(harness, Reminder, user.user_id) if r.kind == "routine")
    await force_due(harness, routine.id, next_due=harness.clock.now())  # due inside the pause
    report = await harness.dispatch()
    assert report.sent == 0 and await user.drain(settle=0) == []
    assert await next_due(harness, user.user_id, "routine") == berlin(26, 18, 30)

    resumed_at = harness.clock.now()
    assert "back on" in (await user.ask("/resume")).text
    assert "weren't paused" in (await user.ask("/resume")).text
    [pause] = await rows_of(harness, Pause, user.user_id)  # kept for the streak in /stats
    assert (pause.starts_at, pause.ends_at) == (berlin(23, 9), resumed_at)
    assert stamps(await run_until(harness, user, berlin(24, 13))) == ["Tue 12:45"]


async def test_pause_runs_out_by_itself(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    await user.ask("/pause 3d")
    seen = await run_until(harness, user, berlin(26, 10), timedelta(minutes=15))
    assert stamps(seen) == ["Thu 09:45"]


async def test_pause_buttons_and_words_it_does_not_know(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    question = await user.ask("/pause")
    assert "Pause reminders for how long" in question.text
    assert question.labels == ["2 hours", "1 day", "3 days", "1 week", "Until Monday"]
    vague = await user.ask("/pause soon")
    assert "couldn't read that pause" in vague.text
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.paused_until is None
    await user.press("1 day", message=question)
    assert not (await user.next()).buttons
    assert "Paused until Tue 24 Nov, 09:00" in (await user.next()).text
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.paused_until == berlin(24, 9)


async def test_reminders_lists_what_comes_next_in_local_time(harness: Harness) -> None:
    user = harness.user()
    assert "haven't set up Limber" in (await user.ask("/reminders")).text
    await onboard_desk_worker(user)
    listing = await user.ask("/reminders")
    assert listing.text.splitlines() == [
        "Coming up (your time, Europe/Berlin):",
        "• Break nudge — today 09:45, then every 45 min during work hours (Mon–Fri, 09:00–17:00)",
        "• Daily routine — today 18:30",
        "• Weekly summary — Sun 29 Nov, 18:30",
    ]
    await run_until(harness, user, berlin(23, 20), timedelta(minutes=15))
    listing = await user.ask("/reminders")
    assert "Daily routine — tomorrow 18:30" in listing.text
    assert "Break nudge — tomorrow 09:45" in listing.text


async def test_stop_means_silence(harness: Harness) -> None:
    user = harness.user()
    nudge = await first_nudge(harness, user)
    await user.ask("/stop")
    assert all(r.next_due is None for r in await rows_of(harness, Reminder, user.user_id))
    assert await run_until(harness, user, berlin(24, 9), timedelta(minutes=15)) == []
    assert "reminders are off" in (await user.ask("/reminders")).text
    await user.press("⏰ Snooze", message=nudge)
    await user.next()
    await user.press("10 min", message=nudge)
    assert await user.wait_toast() == (
        "Your reminders are off. Send /resume (or /start) to turn them back on."
    )
    await user.expect_silence(0.1)
    assert [r.kind for r in await rows_of(harness, Reminder, user.user_id)] == [
        "routine",
        "break",
        "weekly",
    ]
    assert [d.status for d in await rows_of(harness, Delivery, user.user_id)] == ["sent"]


async def test_settings_changes_take_effect_at_once(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    await user.ask("/settings")
    await user.click("Daily routine")
    await user.click("21:00")
    assert "Saved: Daily routine" in (await user.next()).text
    assert await next_due(harness, user.user_id, "routine") == berlin(23, 21)
    await user.ask("/settings")
    await user.click("Time zone")
    await user.click("New York")
    await user.next()
    new_york = ZoneInfo("America/New_York")
    assert await next_due(harness, user.user_id, "routine") == datetime(
        2026, 11, 23, 21, tzinfo=new_york
    )
    assert await next_due(harness, user.user_id, "break") == datetime(
        2026, 11, 23, 9, 45, tzinfo=new_york
    )
    await user.ask("/settings")
    await user.click("Break nudges")
    await user.click("30")
    await user.next()
    assert await next_due(harness, user.user_id, "break") == datetime(
        2026, 11, 23, 9, 30, tzinfo=new_york
    )


async def test_downtime_sends_late_once_and_skips_the_too_old(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)  # routine at 19:00, no break nudges
    await harness.stop()
    harness.clock.set(berlin(23, 19, 20))
    await harness.start()
    report = await harness.dispatch()
    assert (report.sent, report.late) == (1, 1)
    late = await user.next()
    assert "This was due at 19:00 — sorry it's late" in late.text
    assert (await harness.dispatch()).claimed == 0
    await user.expect_silence(0.1)

    await harness.stop()
    harness.clock.set(berlin(24, 22))  # three hours after Tuesday's routine
    await harness.start()
    report = await harness.dispatch()
    assert (report.sent, report.missed) == (0, 1)
    await user.expect_silence(0.1)
    deliveries = await rows_of(harness, Delivery, user.user_id)
    assert [(d.due_at, d.status, d.late) for d in deliveries] == [
        (berlin(23, 19), "sent", True),
        (berlin(24, 19), "missed", True),
    ]
    assert await next_due(harness, user.user_id, "routine") == berlin(25, 19)


async def test_a_snoozed_late_reminder_drops_the_apology(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    harness.clock.set(berlin(23, 19, 20))
    await harness.dispatch()
    assert "sorry it's late" in (await user.next()).text
    await user.click("⏰ Snooze")
    await user.click("10 min")
    seen = await run_until(harness, user, berlin(23, 19, 30))
    assert len(seen) == 1
    assert "Snoozed reminder" in seen[0][1].text and "sorry it's late" not in seen[0][1].text


async def test_a_user_who_blocked_the_bot_is_switched_off_until_they_return(
    harness: Harness, api: LocalBotApi
) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    api.block(user.user_id)
    harness.clock.set(berlin(23, 9, 45))
    report = await harness.dispatch()
    assert report.blocked == 1
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.blocked
    assert all(r.next_due is None for r in await rows_of(harness, Reminder, user.user_id))
    calls = api.method_calls["sendMessage"]
    await run_until(harness, user, berlin(24, 10), timedelta(minutes=15))
    assert api.method_calls["sendMessage"] == calls, "no more attempts to write to them"

    api.unblock(user.user_id)
    listing = await user.ask("/reminders")
    assert "Break nudge — today 10:30" in listing.text
    saved = await stored(harness, user.user_id)
    assert saved is not None and not saved.blocked
    assert stamps(await run_until(harness, user, berlin(24, 11))) == ["Tue 10:30"]


async def test_a_429_is_waited_out_and_sent_once(harness: Harness, api: LocalBotApi) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    api.faults.fail("sendMessage", status=429, retry_after=1)
    harness.clock.set(berlin(23, 9, 45))
    report = await harness.dispatch()
    assert (report.sent, report.retried) == (0, 1)
    assert api.faults.injected == 1, "the send budget hands a reminder's 429 to the dispatcher"
    assert await rows_of(harness, Delivery, user.user_id) == []
    assert await next_due(harness, user.user_id, "break") == berlin(23, 9, 45), "kept, not lost"
    assert (await harness.dispatch()).claimed == 0, "the dispatcher backs off for a while"
    harness.clock.advance(timedelta(seconds=35))
    assert (await harness.dispatch()).sent == 1
    [nudge] = await user.drain(settle=0)
    assert is_nudge(nudge) and "sorry it's late" not in nudge.text
    seen = await run_until(harness, user, berlin(23, 10, 35))
    assert stamps(seen) == ["Mon 10:30"], "sent once, then back on rhythm"
    deliveries = await rows_of(harness, Delivery, user.user_id)
    assert [(d.due_at, d.status) for d in deliveries] == [
        (berlin(23, 9, 45), "sent"),
        (berlin(23, 10, 30), "sent"),
    ]


async def test_server_errors_and_slow_answers_lose_nothing(
    harness: Harness, api: LocalBotApi
) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    api.faults.fail("sendMessage", status=500)
    api.faults.fail("sendMessage", status=502)
    harness.clock.set(berlin(23, 9, 45))
    assert (await harness.dispatch()).retried == 1
    harness.clock.advance(timedelta(seconds=35))
    assert (await harness.dispatch()).retried == 1
    harness.clock.advance(timedelta(seconds=35))
    assert (await harness.dispatch()).claimed == 0, "the second back-off is longer"
    harness.clock.advance(timedelta(seconds=30))
    assert (await harness.dispatch()).sent == 1
    api.faults.delay("sendMessage", 0.5)
    seen = await run_until(harness, user, berlin(23, 10, 30))
    assert [is_nudge(m) for _, m in seen] == [True, True]
    deliveries = await rows_of(harness, Delivery, user.user_id)
    assert [(d.due_at, d.status) for d in deliveries] == [
        (berlin(23, 9, 45), "sent"),
        (berlin(23, 10, 30), "sent"),
    ]


async def test_the_periodic_job_sends_without_help(
    api: LocalBotApi, sqlite_url: str, clock: FixedClock
) -> None:
    harness = Harness(api, sqlite_url, clock, dispatch_interval=0.2)
    await harness.start()
    try:
        user = harness.user()
        await onboard_desk_worker(user)
        clock.set(berlin(23, 9, 45))
        nudge = await user.next(timeout=5)
        assert is_nudge(nudge)
        await user.expect_silence(0.5)
    finally:
        await harness.stop()
