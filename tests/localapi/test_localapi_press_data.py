"""press_data: a callback query with arbitrary data, as a modified client could send it."""

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.devkit.localapi import LocalBotApi

CHAT = 77


async def test_arbitrary_data_reaches_the_bot_on_the_chosen_message(
    api: LocalBotApi, bot: Bot
) -> None:
    user = api.user(CHAT)
    await user.send("hi")
    keys = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])
    first = await bot.send_message(CHAT, "first", reply_markup=keys)
    await bot.send_message(CHAT, "second", reply_markup=keys)
    await user.press_data("r:done:999", first.message_id)
    updates = await bot.get_updates()
    query = updates[-1].callback_query
    assert query is not None
    assert query.data == "r:done:999", "the data need not belong to any button"
    assert query.message is not None and query.message.message_id == first.message_id
    assert query.from_user.id == CHAT
    await bot.answer_callback_query(query.id, "nope")
    assert await user.wait_toast() == "nope"


async def test_a_message_without_buttons_can_be_used(api: LocalBotApi, bot: Bot) -> None:
    user = api.user(CHAT)
    await user.send("hi")
    plain = await bot.send_message(CHAT, "no buttons here")
    await user.press_data("anything", plain.message_id)
    query = (await bot.get_updates())[-1].callback_query
    assert query is not None and query.data == "anything"


async def test_unknown_message_is_a_lookup_error(api: LocalBotApi, bot: Bot) -> None:
    user = api.user(CHAT)
    await user.send("hi")
    await bot.send_message(CHAT, "only this one")
    with pytest.raises(LookupError, match="#42"):
        await user.press_data("x", 42)
    assert len(await bot.get_updates()) == 1, "nothing but the greeting was queued"
