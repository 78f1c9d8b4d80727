"""/admin for ADMIN_IDS only; blocking the bot switches a user off at once, unblocking on again."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.devkit.localapi import LocalBotApi
from db.models import Reminder
from scheduler.clock import FixedClock
from tests.e2e.conftest import Harness
from tests.e2e.flows import onboard_desk_worker, rows_of, stored

ADMIN = 4242


@pytest.fixture
async def admin_harness(
    api: LocalBotApi, sqlite_url: str, clock: FixedClock
) -> AsyncIterator[Harness]:
    running = Harness(api, sqlite_url, clock)
    running.settings = running.settings.model_copy(update={"admin_ids": [ADMIN]})
    await running.start()
    yield running
    await running.stop()


async def _until_blocked(harness: Harness, telegram_id: int, blocked: bool) -> None:
    for _ in range(500):
        user = await stored(harness, telegram_id)
        if user is not None and user.blocked is blocked:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"user {telegram_id} never became blocked={blocked}")


async def test_blocking_switches_off_at_once_and_unblocking_resumes(
    harness: Harness, api: LocalBotApi, clock: FixedClock
) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    assert any(r.next_due for r in await rows_of(harness, Reminder, user.user_id))
    await user.block_bot()
    await _until_blocked(harness, user.user_id, True)
    assert not any(r.next_due for r in await rows_of(harness, Reminder, user.user_id))
    sends = api.method_calls["sendMessage"]
    clock.advance(timedelta(days=1))
    report = await harness.dispatch()
    assert report.claimed == 0
    assert api.method_calls["sendMessage"] == sends  # no send ran into a 403 first

    await user.restart_bot()
    await _until_blocked(harness, user.user_id, False)
    assert any(r.next_due for r in await rows_of(harness, Reminder, user.user_id))
    await user.expect_silence(0.2)


async def test_admin_sees_the_numbers_and_others_do_not(
    admin_harness: Harness, clock: FixedClock
) -> None:
    active, gone = admin_harness.user(1001, "Ada"), admin_harness.user(1002, "Bo")
    await onboard_desk_worker(active)
    await onboard_desk_worker(gone)
    await gone.block_bot()
    await _until_blocked(admin_harness, gone.user_id, True)
    status = await admin_harness.user(ADMIN, "Root").ask("/admin")
    assert "Users: 1 active, 0 paused, 1 blocked the bot" in status.text
    assert "0 sent" in status.text
    clock.advance(timedelta(hours=2))
    overdue = await admin_harness.user(ADMIN, "Root").ask("/admin")
    assert "Waiting now: 1 due" in overdue.text
    refused = await active.ask("/admin")
    assert refused.text == "I don't know /admin. Send /help to see what I can do."
