"""Replies through a misbehaving Telegram: what the user is told always matches what was saved.

Replies go out after the commit; a 5xx, a timeout or a RetryAfter on the way is retried, and a
reply that still does not arrive is said first in the user's next answer. A failure before the
commit saved nothing, and only then does the bot ask to try again.
"""

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.devkit.localapi import LocalBotApi
from bot.replies import ATTEMPTS
from db.models import Activity, Delivery
from scheduler.clock import FixedClock
from tests.e2e.conftest import Harness
from tests.e2e.flows import onboard_cyclist, onboard_desk_worker, rows_of, stored
from tests.e2e.test_reminders import berlin, first_nudge, is_nudge
from tests.reliability.bots import until

READ_TIMEOUT = 0.5
REFUSE_RIDES = (
    "CREATE TRIGGER refuse_rides BEFORE INSERT ON activities BEGIN SELECT RAISE(ABORT, 'full'); END"
)


@pytest.fixture
async def impatient(api: LocalBotApi, sqlite_url: str, clock: FixedClock) -> AsyncIterator[Harness]:
    """The bot with a short read timeout, so a slow answer times it out quickly."""
    harness = Harness(api, sqlite_url, clock)
    harness.settings = harness.settings.model_copy(update={"telegram_read_timeout": READ_TIMEOUT})
    await harness.start()
    yield harness
    await harness.stop()


async def until_handled(caplog: pytest.LogCaptureFixture, event: str) -> None:
    """Wait (generously: the machine may be busy) until the bot logged `event`."""
    for _ in range(600):
        if event in caplog.text:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{event} was never logged")


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_one_bad_gateway_on_the_reply_is_retried(
    harness: Harness, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    api.faults.fail("sendMessage", status=502)
    logged = await user.ask("/log ride 33 yesterday")
    assert "Logged your 33 km ride on Sun 22 Nov" in logged.text
    assert "try again" not in logged.text
    await user.expect_silence(0.3)
    assert len(await rows_of(harness, Activity, user.user_id)) == 1
    assert errors(caplog) == []


async def test_no_send_reaches_a_chat_inside_its_retry_after_window(
    harness: Harness, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """A 429 on the reply of a write: the reply waits the window out, then says what was saved;
    neither the retry nor an error message goes to the chat before the window ends."""
    user = harness.user()
    await onboard_cyclist(user)
    api.faults.fail("sendMessage", status=429, retry_after=2, chat_id=user.chat_id)
    sends_before = len(api.send_times(user.chat_id))

    async def when_refused() -> float:
        await until(lambda: api.faults.injected == 1, 20, "the 429")
        return time.monotonic()  # at most 20 ms after it: the check below allows for that

    refused = asyncio.create_task(when_refused())
    await user.send("/log ride 33 yesterday")
    logged = await user.next(timeout=20)
    refused_at = await refused
    assert "Logged your 33 km ride on Sun 22 Nov" in logged.text
    assert "try again" not in logged.text
    await user.expect_silence(0.3)
    later = api.send_times(user.chat_id)[sends_before:]
    assert len(later) == 1, "one reply, no error message"
    assert later[0] - refused_at >= 2.0 - 0.05, "sent inside the retry_after window"
    assert len(await rows_of(harness, Activity, user.user_id)) == 1
    assert errors(caplog) == []


async def test_a_reply_lost_for_good_is_said_first_next_time(
    harness: Harness, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    # Every retry and the error handler's one extra try fail: nothing reaches the user now.
    # (Logged for yesterday, so no stretch reminder competes for the injected failures.)
    api.faults.fail("sendMessage", status=502, count=ATTEMPTS + 1)
    with caplog.at_level(logging.INFO):
        await user.send("/log ride 33 yesterday")
        await until_handled(caplog, "event=reply_lost")
    assert "saved=True" in caplog.text
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.pending_notice is not None
    await user.expect_silence(0.1)

    notice = await user.ask("/week")
    assert "Earlier my answer didn't reach you. This was saved" in notice.text
    assert "Logged your 33 km ride on Sun 22 Nov" in notice.text
    assert "try again" not in notice.text.lower()
    week = await user.next()
    assert "This week" in week.text and "Earlier" not in week.text
    assert "Earlier" not in (await user.ask("/week")).text, "said once"
    assert len(await rows_of(harness, Activity, user.user_id)) == 1
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.pending_notice is None
    assert errors(caplog) == []


async def test_the_error_handler_delivers_the_notice_when_telegram_recovers(
    harness: Harness, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    api.faults.fail("sendMessage", status=500, count=ATTEMPTS)
    notice = await user.ask("/log ride 33 yesterday", timeout=30)
    assert "This was saved" in notice.text and "33 km ride" in notice.text
    assert "try again" not in notice.text.lower()
    assert "This was saved" not in (await user.ask("/week")).text
    assert len(await rows_of(harness, Activity, user.user_id)) == 1
    assert errors(caplog) == []


async def test_a_failure_before_the_commit_asks_to_try_again(
    harness: Harness, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    assert harness.app is not None
    async with harness.app.bot_data["engine"].begin() as connection:  # the database refuses
        await connection.execute(text(REFUSE_RIDES))
    sorry = await user.ask("/ride 33")
    assert "nothing was saved. Please try again" in sorry.text
    assert await rows_of(harness, Activity, user.user_id) == []
    assert any("event=handler_failed" in line for line in errors(caplog))


async def test_a_slow_reply_to_a_write_is_repeated_not_lost(
    impatient: Harness, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """A reply held past the read timeout was delivered, but the bot cannot know: it sends it
    again. The ride is stored once; the user reads the same true confirmation twice."""
    user = impatient.user()
    await onboard_cyclist(user)
    api.faults.slow("sendMessage", READ_TIMEOUT * 3)
    first = await user.ask("/log ride 33 yesterday")
    again = await user.next(timeout=30)
    assert first.text == again.text and "Logged your 33 km ride on Sun 22 Nov" in first.text
    await user.expect_silence(READ_TIMEOUT * 4)
    assert len(await rows_of(impatient, Activity, user.user_id)) == 1
    assert errors(caplog) == []


async def test_done_with_a_failing_callback_answer_still_clears_the_buttons(
    harness: Harness, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    user = harness.user()
    nudge = await first_nudge(harness, user)
    api.faults.fail("answerCallbackQuery", status=502, count=ATTEMPTS)
    harness.clock.set(berlin(23, 9, 50))
    toasts = len(user.toasts)
    done = await user.click("✅ I'm up")
    assert done.edited and done.message_id == nudge.message_id
    assert "Up and moving" in done.text and not done.buttons
    assert user.toasts[toasts:] == [], "no answer got through, and above all no error alert"
    await user.expect_silence(0.5)
    assert [d.status for d in await rows_of(harness, Delivery, user.user_id)] == ["done"]
    assert errors(caplog) == []


async def test_done_with_a_slow_callback_answer_is_answered_once(
    impatient: Harness, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    user = impatient.user()
    await first_nudge(impatient, user)
    api.faults.slow("answerCallbackQuery", READ_TIMEOUT * 2)
    toasts = len(user.toasts)
    done = await user.click("✅ I'm up", timeout=30)
    assert "Up and moving" in done.text and not done.buttons
    [toast] = user.toasts[toasts:]
    assert toast is not None and "Up and moving" in toast
    await user.expect_silence(0.5)
    assert [d.status for d in await rows_of(impatient, Delivery, user.user_id)] == ["done"]
    assert errors(caplog) == []


async def test_an_edit_failing_for_good_after_done_leaves_a_notice(
    harness: Harness, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    user = harness.user()
    await first_nudge(harness, user)
    api.faults.fail("editMessageText", status=502, count=ATTEMPTS)
    harness.clock.set(berlin(23, 9, 50))
    with caplog.at_level(logging.INFO):
        await user.press("✅ I'm up")
        assert "Up and moving" in (await user.wait_toast() or ""), "the answer got through"
        await until_handled(caplog, "event=reply_lost")
    notice = await user.ask("/reminders")
    assert "This was saved" in notice.text and "Up and moving" in notice.text
    assert "Break nudge" in (await user.next()).text
    assert [d.status for d in await rows_of(harness, Delivery, user.user_id)] == ["done"]
    assert errors(caplog) == []


async def test_a_reminder_answered_too_slowly_arrives_twice_not_never(
    impatient: Harness, api: LocalBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram delivered the nudge but answered after the read timeout: the dispatcher cannot
    tell that from a send that never happened, so it sends again on its next pass."""
    user = impatient.user()
    await onboard_desk_worker(user)
    api.faults.slow("sendMessage", READ_TIMEOUT * 3)
    impatient.clock.set(berlin(23, 9, 45))
    report = await impatient.dispatch()
    assert (report.sent, report.retried) == (0, 1)
    copies = [m for m in await user.drain(settle=0.2) if is_nudge(m)]
    impatient.clock.advance(timedelta(seconds=35))
    assert (await impatient.dispatch()).sent == 1
    copies += [m for m in await user.drain(settle=0.2) if is_nudge(m)]
    assert len(copies) == 2, "one copy from the slow send, one from the retry"
    deliveries = await rows_of(impatient, Delivery, user.user_id)
    assert [(d.status, d.message_id) for d in deliveries] == [("sent", copies[1].message_id)]
    assert errors(caplog) == []


async def test_the_same_ride_twice_within_minutes_asks_first(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """A resent /ride (the first reply seemed lost) must not double the week silently."""
    user = harness.user()
    await onboard_cyclist(user)
    await user.ask("/log ride 33 yesterday")
    question = await user.ask("/log ride 33km yesterday")
    assert "You logged a 33 km ride for that day just now. Log it again?" in question.text
    assert question.labels == ["Yes, log it again", "No, keep one"]
    kept = await user.click("No, keep one")
    assert kept.edited and kept.text == "Okay, logged once." and not kept.buttons
    assert len(await rows_of(harness, Activity, user.user_id)) == 1

    harness.clock.advance(timedelta(minutes=3))
    question = await user.ask("/log ride 33 yesterday")
    assert "3 min ago" in question.text
    yes = question.buttons[0][0][1]
    again = await user.click("Yes, log it again")
    assert "Logged your 33 km ride on Sun 22 Nov" in again.text
    await user.press_data(yes, question.message_id)  # a double tap logs nothing more
    assert await user.wait_toast() == "Already settled."
    assert len(await rows_of(harness, Activity, user.user_id)) == 2

    assert "Logged your 34 km ride" in (await user.ask("/log ride 34 yesterday")).text
    harness.clock.advance(timedelta(minutes=11))
    assert "Logged your 33 km" in (await user.ask("/log ride 33 yesterday")).text, "later"
    assert len(await rows_of(harness, Activity, user.user_id)) == 4
    assert errors(caplog) == []
