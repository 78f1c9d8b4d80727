"""TelegramOutbox against the local Bot API: per-chat pacing and Telegram's errors classified."""

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot import keyboards
from bot.context import HTML_DEFAULTS
from bot.devkit.localapi import LocalBotApi
from bot.outbox import TelegramOutbox
from scheduler.dispatch import SendBlocked, SendRejected, SendRetry

ALEX, BEA = 7, 8


async def allow() -> bool:
    """A fence that always lets the send through."""
    return True


BUTTONS = [[("✅ Done", "r:done:1"), ("⏭ Skip", "r:skip:1")]]


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        for chat in (ALEX, BEA):
            await server.user(chat).send("/start")  # a chat exists once the user wrote
        yield server


@pytest.fixture
async def bot(api: LocalBotApi) -> AsyncIterator[ExtBot[None]]:
    async with ExtBot(
        api.token, base_url=api.base_url, base_file_url=api.base_file_url, defaults=HTML_DEFAULTS
    ) as client:
        yield client


async def test_sends_html_with_buttons(api: LocalBotApi, bot: ExtBot[None]) -> None:
    message_id = await TelegramOutbox(bot).send(
        ALEX, "<b>Hip flexor</b> — 30 s a side", BUTTONS, allow
    )
    [message] = api.chat_log(ALEX)
    assert message.message_id == message_id
    assert message.text == "Hip flexor — 30 s a side"
    assert message.buttons == BUTTONS


async def test_two_sends_to_one_chat_are_spaced_by_the_interval(
    api: LocalBotApi, bot: ExtBot[None]
) -> None:
    outbox = TelegramOutbox(bot, per_chat_interval=0.3)
    await asyncio.gather(
        outbox.send(ALEX, "first", [], allow), outbox.send(ALEX, "second", [], allow)
    )
    first, second = api.send_times(ALEX)
    assert second - first >= 0.3
    assert [m.text for m in api.chat_log(ALEX)] == ["first", "second"]


async def test_spacing_holds_when_telegram_answers_slowly(
    api: LocalBotApi, bot: ExtBot[None]
) -> None:
    """Telegram counts messages when it takes them, so a slow first send must not let the
    second one in early."""
    outbox = TelegramOutbox(bot, per_chat_interval=0.3)
    api.faults.delay("sendMessage", 0.15)
    await asyncio.gather(
        outbox.send(ALEX, "first", [], allow), outbox.send(ALEX, "second", [], allow)
    )
    first, second = api.send_times(ALEX)
    assert second - first >= 0.3


async def test_a_send_after_a_quiet_spell_does_not_wait(
    api: LocalBotApi, bot: ExtBot[None]
) -> None:
    outbox = TelegramOutbox(bot, per_chat_interval=0.2)
    await outbox.send(ALEX, "first", [], allow)
    await asyncio.sleep(0.25)
    began = time.monotonic()
    await outbox.send(ALEX, "second", [], allow)
    assert time.monotonic() - began < 0.15


async def test_different_chats_do_not_wait_for_each_other(
    api: LocalBotApi, bot: ExtBot[None]
) -> None:
    outbox = TelegramOutbox(bot, per_chat_interval=1.0)
    began = time.monotonic()
    await asyncio.gather(
        outbox.send(ALEX, "for Alex", [], allow), outbox.send(BEA, "for Bea", [], allow)
    )
    assert time.monotonic() - began < 0.5
    assert len(api.send_times(ALEX)) == len(api.send_times(BEA)) == 1


async def test_a_blocked_user(api: LocalBotApi, bot: ExtBot[None]) -> None:
    api.block(ALEX)
    with pytest.raises(SendBlocked, match="blocked"):
        await TelegramOutbox(bot).send(ALEX, "hello", [], allow)


async def test_a_chat_that_is_gone_counts_as_blocked(bot: ExtBot[None]) -> None:
    with pytest.raises(SendBlocked, match=r"(?i)chat not found"):
        await TelegramOutbox(bot).send(424242, "hello", [], allow)


async def test_429_is_a_retry_after_telegrams_wait(api: LocalBotApi, bot: ExtBot[None]) -> None:
    api.faults.fail("sendMessage", status=429, retry_after=7)
    with pytest.raises(SendRetry) as caught:
        await TelegramOutbox(bot).send(ALEX, "hello", [], allow)
    assert caught.value.after == 7.0
    assert api.chat_log(ALEX) == []


async def test_400_is_rejected_for_good(api: LocalBotApi, bot: ExtBot[None]) -> None:
    with pytest.raises(SendRejected, match=r"(?i)can't parse entities"):
        await TelegramOutbox(bot).send(ALEX, "<b>never closed", [], allow)
    api.faults.fail("sendMessage", status=400, description="Bad Request: BUTTON_DATA_INVALID")
    with pytest.raises(SendRejected, match=r"(?i)button_data_invalid"):
        await TelegramOutbox(bot).send(ALEX, "fine", [], allow)


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_server_errors_are_retried(api: LocalBotApi, bot: ExtBot[None], status: int) -> None:
    api.faults.fail("sendMessage", status=status)
    outbox = TelegramOutbox(bot)
    with pytest.raises(SendRetry) as caught:
        await outbox.send(ALEX, "hello", [], allow)
    assert caught.value.after == 0
    assert await outbox.send(BEA, "next one goes through", [], allow) > 0


async def test_a_timeout_is_retried(api: LocalBotApi) -> None:
    impatient = HTTPXRequest(read_timeout=0.2)
    async with ExtBot(api.token, base_url=api.base_url, request=impatient) as bot:
        api.faults.delay("sendMessage", 1.0)
        with pytest.raises(SendRetry, match="TimedOut"):
            await TelegramOutbox(bot).send(ALEX, "hello", [], allow)


async def test_a_text_send_says_html_itself_and_its_keyboard_is_ptbs(api: LocalBotApi) -> None:
    """The raw text send names its parse mode (a bot without defaults still sends HTML), and its
    keyboard is exactly the JSON PTB would have written for the same buttons."""
    async with ExtBot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as plain:
        message_id = await TelegramOutbox(plain).send(BEA, "<b>Calf</b> &amp; heel", BUTTONS, allow)
    [message] = api.chat_log(BEA)
    assert (message.message_id, message.text, message.buttons) == (
        message_id, "Calf & heel", BUTTONS,
    )  # fmt: skip
    markup = keyboards.raw(BUTTONS)
    assert markup is not None and keyboards.inline_json(BUTTONS) == markup.to_dict()
