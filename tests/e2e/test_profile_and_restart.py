"""/settings edits one field, /stop switches reminders off, and restarts lose nothing."""

import logging
from datetime import UTC, datetime, time

import pytest

from bot.devkit.localapi import LocalBotApi
from scheduler.clock import FixedClock
from tests.e2e.conftest import Harness
from tests.e2e.flows import next_due, onboard_cyclist, onboard_desk_worker, stored


async def test_start_again_shows_profile(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    profile = await user.ask("/start")
    assert "Your Limber profile" in profile.text
    assert "Berlin (Europe/Berlin), local time now 09:00" in profile.text
    assert profile.has_button("⚙️ Change settings")


async def test_settings_changes_one_field(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    menu = await user.ask("/settings")
    assert menu.has_button("Work hours") and not menu.has_button("Weekly riding")
    question = await user.click("Daily routine")
    assert "When should your daily mobility routine arrive" in question.text
    assert "Question" not in question.text
    assert "time of day" in (await user.ask("noonish")).text
    await user.ask("07:45")
    saved_msg = await user.next()
    assert "Saved: Daily routine" in saved_msg.text and "07:45" in saved_msg.text
    saved = await stored(harness, user.user_id)
    assert saved is not None
    assert saved.routine_at == time(7, 45)
    assert saved.work_start == time(9) and saved.timezone == "Europe/Berlin"


async def test_becoming_a_cyclist_asks_only_the_new_questions(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    await user.ask("/settings")
    await user.click("Who you are")
    await user.click("🚴 Cyclist")
    await user.click("Next ➡️")
    assert "Kilometres or miles" in (await user.next()).text
    await user.click("km")
    assert "ride in a week" in (await user.next()).text
    assert "Weekly riding: 150 km a week ✓" in (await user.ask("150")).text
    saved_msg = await user.next()
    assert "Riding:</b> about 150 km" in saved_msg.html
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.role_set == {"desk", "cyclist"}
    assert saved.ride_km_week == 150


async def test_cancel_an_edit_keeps_the_old_value(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.ask("/settings")
    await user.click("Weekly riding")
    assert "No changes made" in (await user.ask("/cancel")).text
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.ride_km_week == 100 and saved.dialog is None


async def test_stop_and_come_back(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    stopped = await user.ask("/stop")
    assert "All reminders are off" in stopped.text and "/start" in stopped.text
    assert "already off" in (await user.ask("/stop")).text
    saved = await stored(harness, user.user_id)
    assert saved is not None and not saved.reminders_on
    profile = await user.ask("/start")
    assert "Reminders:</b> off" in profile.html
    assert "back on" in (await user.click("🔔 Turn reminders on")).text
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.reminders_on


async def test_help_lists_every_command(harness: Harness, api: LocalBotApi) -> None:
    user = harness.user()
    text = (await user.ask("/help")).text
    for command in api.commands:
        assert f"/{command['command']} — {command['description']}" in text


async def test_half_finished_onboarding_survives_a_restart(harness: Harness) -> None:
    user = harness.user()
    await user.ask("/start")
    await user.ask("cyclist")
    await user.next()
    await user.ask("Asia/Kolkata")
    await user.next()
    await harness.restart()
    await user.ask("mi")
    assert "ride in a week" in (await user.next()).text
    await harness.restart()
    resume = await user.ask("/start")
    assert "Welcome back" in resume.text and "Weekly riding" in resume.text
    await user.click("Continue ▶️")
    assert "ride in a week" in (await user.next()).text
    await user.ask("60")
    await user.next()
    await user.ask("06:00")
    summary = await user.next()
    assert "Kolkata (Asia/Kolkata)" in summary.text and "about 60 mi" in summary.text


async def test_start_over_after_restart(harness: Harness) -> None:
    user = harness.user()
    await user.ask("/start")
    await user.ask("runner")
    await user.next()
    await harness.restart()
    await user.ask("/start")
    await user.click("Start over 🔄")
    assert "Question 1 of" in (await user.next()).text


async def test_profile_persists_across_restart_on_every_backend(
    api: LocalBotApi, database_url: str, clock: FixedClock
) -> None:
    harness = Harness(api, database_url, clock)
    await harness.start()
    try:
        user = harness.user(3001)
        await onboard_cyclist(user, weekly="80")
        await harness.restart()
        profile = await user.ask("/start")
        assert "about 80 km a week" in profile.text
        assert "19:00" in profile.text
    finally:
        await harness.stop()


async def test_a_failed_reply_is_logged_once_and_the_user_is_told(
    harness: Harness, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    user = harness.user()
    api.faults.fail("sendMessage", status=400, description="Bad Request: simulated refusal")
    with caplog.at_level(logging.INFO):
        sorry = await user.ask("/help")
    assert "my answer got lost on the way. Please ask again." in sorry.text
    assert "/help" in (await user.ask("/help")).text
    events = [r.getMessage() for r in caplog.records]
    assert any("event=handler_failed" in e and "BadRequest" in e for e in events)
    assert not any("No error handlers are registered" in e for e in events)


async def test_quiet_hours_hold_back_nudges(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)  # Monday 09:00 Berlin; nudges every 45 min from 09:45
    assert await next_due(harness, user.user_id, "break") == datetime(
        2026, 11, 23, 8, 45, tzinfo=UTC
    )
    await user.ask("/settings")
    await user.click("Quiet hours")
    assert "expected a range" in (await user.ask("whenever")).text
    await user.ask("08:00-12:00")
    saved = await user.next()
    assert "Quiet hours:</b> 08:00–12:00" in saved.html
    # 09:45, 10:30 and 11:15 fall in quiet hours; the rhythm resumes at 12:00 Berlin.
    assert await next_due(harness, user.user_id, "break") == datetime(
        2026, 11, 23, 11, 0, tzinfo=UTC
    )
    assert "Quiet hours 08:00–12:00" in (await user.ask("/reminders")).text


async def test_a_location_outside_setup_is_declined_politely(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    await user.share_location(40.71, -74.0)
    assert "only use a location to set your time zone" in (await user.next()).text
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.timezone == "Europe/Berlin"
