"""The send budget against the local Bot API in strict mode: no 429, replies first, RetryAfter
obeyed by every send, the fence, and one budget for two processes on PostgreSQL."""

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from telegram.error import RetryAfter
from telegram.ext import ExtBot

from bot.devkit.localapi import LocalBotApi
from bot.ratelimit import DatabaseSlots, SendBudget
from db.session import make_engine, make_sessionmaker
from scheduler.dispatch import SendFenced
from tests.reliability.bots import until

CHATS = range(100, 160)
# Every test here checks real send times against a strict window: run apart from the rest.
pytestmark = pytest.mark.timing


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi(send_limit=30) as server:
        for chat in CHATS:
            server.open_chat(chat)
        yield server


def budgeted(api: LocalBotApi, budget: SendBudget) -> ExtBot[None]:
    return ExtBot(
        api.token, base_url=api.base_url, base_file_url=api.base_file_url, rate_limiter=budget
    )


async def send_reminder(bot: ExtBot[None], chat: int, text: str) -> None:
    async def allow() -> bool:
        return True

    await bot.send_message(chat, text, rate_limit_args={"reminder": True, "fence": allow})


async def test_a_drain_never_exceeds_the_strict_window(api: LocalBotApi) -> None:
    async with budgeted(api, SendBudget(chat_interval=0)) as bot:
        await asyncio.gather(*(send_reminder(bot, chat, "move!") for chat in CHATS))
    assert api.send_window is not None
    assert api.send_window.rejected == 0
    assert sum(len(api.chat_log(chat)) for chat in CHATS) == len(CHATS)


async def test_sends_bunched_by_slow_fences_still_fit_the_window(api: LocalBotApi) -> None:
    """The first fences wait (a commit that takes a while), so those sends leave late while the
    next ones keep their slots: they bunch up, yet no rolling second holds more than 30."""
    numbers = iter(range(len(CHATS)))

    async def slow_at_first() -> bool:
        if next(numbers) < 10:
            await asyncio.sleep(0.3)
        return True

    async with budgeted(api, SendBudget(chat_interval=0)) as bot:
        await asyncio.gather(*(
            bot.send_message(chat, "move!",
                             rate_limit_args={"reminder": True, "fence": slow_at_first})
            for chat in CHATS
        ))  # fmt: skip
    assert api.send_window is not None
    assert api.send_window.rejected == 0
    assert sum(len(api.chat_log(chat)) for chat in CHATS) == len(CHATS)


async def test_a_reply_goes_ahead_of_queued_reminders(api: LocalBotApi) -> None:
    async with budgeted(api, SendBudget(chat_interval=0)) as bot:
        drain = asyncio.gather(*(send_reminder(bot, chat, "reminder") for chat in CHATS[1:]))
        await asyncio.sleep(0.2)  # the drain is under way, most reminders still queued
        await bot.send_message(CHATS[0], "your answer")
        answered = api.send_times(CHATS[0])[0]
        await drain
    later = [t for chat in CHATS[1:] for t in api.send_times(chat) if t > answered]
    assert len(later) >= len(CHATS) // 2, "the reply did not wait behind the queue"


async def test_retry_after_holds_back_every_send_and_the_reply_is_retried(
    api: LocalBotApi,
) -> None:
    first, other = CHATS[0], CHATS[1]
    api.faults.fail("sendMessage", status=429, retry_after=1, chat_id=first)
    async with budgeted(api, SendBudget(chat_interval=0)) as bot:
        began = time.monotonic()
        reply = asyncio.create_task(bot.send_message(first, "answer"))
        await until(lambda: api.faults.injected == 1, 10, "the 429")
        await asyncio.sleep(0.05)  # and read by the budget
        await bot.send_message(other, "someone else")
        await reply
    assert [m.text for m in api.chat_log(first)] == ["answer"]
    assert api.send_times(first)[0] - began >= 1.0, "no send to the chat inside the window"
    assert api.send_times(other)[0] - began >= 1.0, "nor to anyone after a private chat's 429"


async def test_a_reminder_hit_by_retry_after_goes_back_to_the_dispatcher(
    api: LocalBotApi,
) -> None:
    api.faults.fail("sendMessage", status=429, retry_after=2, chat_id=CHATS[0])
    async with budgeted(api, SendBudget(chat_interval=0)) as bot:
        with pytest.raises(RetryAfter):
            await send_reminder(bot, CHATS[0], "reminder")
    assert api.chat_log(CHATS[0]) == []


async def test_replies_and_reminders_to_one_chat_are_paced_together(api: LocalBotApi) -> None:
    chat = CHATS[0]
    async with budgeted(api, SendBudget(chat_interval=0.4)) as bot:
        await asyncio.gather(send_reminder(bot, chat, "reminder"), bot.send_message(chat, "reply"))
    first, second = api.send_times(chat)
    assert second - first >= 0.4


async def test_a_fenced_reminder_is_not_sent(api: LocalBotApi) -> None:
    async def deny() -> bool:
        return False

    async with budgeted(api, SendBudget(chat_interval=0)) as bot:
        with pytest.raises(SendFenced):
            await bot.send_message(CHATS[0], "x", rate_limit_args={"reminder": True, "fence": deny})
    assert api.chat_log(CHATS[0]) == []


@pytest.mark.postgres
async def test_two_processes_share_one_budget_on_postgresql(
    api: LocalBotApi, postgres_url: str
) -> None:
    engines = [make_engine(postgres_url) for _ in range(2)]
    try:
        budgets = [
            SendBudget(chat_interval=0, shared=DatabaseSlots(make_sessionmaker(engine)),
                       bot_key="bot:shared-test")
            for engine in engines
        ]  # fmt: skip
        async with budgeted(api, budgets[0]) as one, budgeted(api, budgets[1]) as two:
            await asyncio.gather(
                *(send_reminder(one if chat % 2 else two, chat, "move!") for chat in CHATS)
            )
    finally:
        for engine in engines:
            await engine.dispose()
    assert api.send_window is not None
    assert api.send_window.rejected == 0 and api.send_window.busiest <= 30
    assert sum(len(api.chat_log(chat)) for chat in CHATS) == len(CHATS)
