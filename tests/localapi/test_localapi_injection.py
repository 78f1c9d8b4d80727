"""Raw updates, group chats, inline-message buttons and slow answers, as a client sees them."""

import asyncio

import pytest
from telegram import Bot
from telegram.error import TimedOut
from telegram.request import HTTPXRequest

from bot.devkit.localapi import LocalBotApi

CHAT = 77


async def test_any_update_json_is_queued_as_it_is(api: LocalBotApi, bot: Bot) -> None:
    post = {"message_id": 1, "date": 0, "text": "news",
            "chat": {"id": -1001, "type": "channel", "title": "C"}}  # fmt: skip
    first = api.inject({"channel_post": post})
    second = api.inject({"update_id": 900, "inline_query": {
        "id": "q1", "from": {"id": CHAT, "is_bot": False, "first_name": "A"},
        "query": "x", "offset": ""}})  # fmt: skip
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [first, 900] == [first, second]
    assert updates[0].channel_post is not None and updates[0].channel_post.text == "news"
    assert updates[1].inline_query is not None


async def test_an_injected_callback_query_can_be_answered_once(api: LocalBotApi, bot: Bot) -> None:
    sender = {"id": CHAT, "is_bot": False, "first_name": "A"}
    api.inject({"callback_query": {"from": sender, "chat_instance": "c", "data": "x",
                                   "inline_message_id": "i"}})  # fmt: skip
    query = (await bot.get_updates())[-1].callback_query
    assert query is not None and query.message is None
    assert not api.answered(query.id)
    await bot.answer_callback_query(query.id)
    assert api.answered(query.id)


async def test_a_button_on_an_inline_message_has_no_message(api: LocalBotApi, bot: Bot) -> None:
    user = api.user(CHAT)
    await user.press_inline("r:done:1")
    query = (await bot.get_updates())[-1].callback_query
    assert query is not None and query.message is None and query.inline_message_id
    await bot.answer_callback_query(query.id, "ok")
    assert await user.wait_toast() == "ok"


async def test_a_group_has_its_own_log_and_sender(api: LocalBotApi, bot: Bot) -> None:
    group = api.group(-500, member=CHAT)
    await group.send("/start@limber_bot")
    message = (await bot.get_updates())[-1].message
    assert message is not None and message.chat.type == "group" and message.chat.id == -500
    assert message.from_user is not None and message.from_user.id == CHAT
    await bot.send_message(-500, "only in private")
    assert [m.text for m in api.chat_log(-500)] == ["only in private"]
    assert api.chat_log(CHAT) == []
    with pytest.raises(ValueError):
        api.group(5)


async def test_a_slow_answer_times_the_client_out_after_the_send(api: LocalBotApi) -> None:
    user = api.user(CHAT)
    await user.send("hi")
    api.faults.slow("sendMessage", 1.0)
    request = HTTPXRequest(read_timeout=0.2)
    async with Bot(api.token, base_url=api.base_url, request=request) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(CHAT, "delivered anyway")
        assert (await user.next()).text == "delivered anyway", "carried out before the wait"
        await asyncio.sleep(0)
        await bot.send_message(CHAT, "next one is quick")
    assert [m.text for m in api.chat_log(CHAT)] == ["delivered anyway", "next one is quick"]


def test_slow_count_must_be_positive(api: LocalBotApi) -> None:
    with pytest.raises(ValueError):
        api.faults.slow("sendMessage", 1.0, count=0)
