"""Opening a chat from the test side: the bot may write there, and no update is queued."""

import pytest
from telegram import Bot
from telegram.error import BadRequest

from bot.devkit.localapi import LocalBotApi

CHAT = 77


async def test_a_chat_nobody_opened_is_not_found(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"[Cc]hat not found"):
        await bot.send_message(CHAT, "hello")


async def test_open_chat_lets_the_bot_write_without_an_update(api: LocalBotApi, bot: Bot) -> None:
    api.open_chat(CHAT, first_name="Sam")
    sent = await bot.send_message(CHAT, "hello")
    assert sent.chat.id == CHAT and sent.chat.first_name == "Sam"
    assert [m.text for m in api.chat_log(CHAT)] == ["hello"]
    assert await bot.get_updates(timeout=0) == ()


async def test_the_simulated_user_sees_messages_sent_to_an_opened_chat(
    api: LocalBotApi, bot: Bot
) -> None:
    api.open_chat(CHAT)
    await bot.send_message(CHAT, "stretch time")
    assert (await api.user(CHAT).next()).text == "stretch time"
