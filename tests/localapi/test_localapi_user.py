"""The simulated user: what it sends, how it reads the chat, and how it fails readably."""

import asyncio
import contextlib

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.devkit.localapi import LocalBotApi, SimulatedUser

CHAT = 42


@pytest.fixture
async def user(api: LocalBotApi) -> SimulatedUser:
    alex = api.user(CHAT)
    await alex.send("hi")
    return alex


def buttons(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(list(rows))


async def test_same_user_object_per_id(api: LocalBotApi) -> None:
    assert api.user(5) is api.user(5)
    assert api.user(5).chat_id == api.user(5).user_id == 5


@pytest.mark.parametrize(
    ("text", "length"),
    [("/start", 6), ("/pain knee", 5), ("/stats@limber_bot", 17), ("hello /start", None)],
)
async def test_leading_command_gets_a_bot_command_entity(
    api: LocalBotApi, bot: Bot, text: str, length: int | None
) -> None:
    await api.user(CHAT).send(text)
    message = (await bot.get_updates())[0].message
    assert message.text == text
    commands = [(e.offset, e.length) for e in message.entities if e.type == "bot_command"]
    assert commands == ([(0, length)] if length else [])


async def test_raw_fields_reach_the_bot(api: LocalBotApi, bot: Bot) -> None:
    sticker = {
        "file_id": "sticker-1",
        "file_unique_id": "s1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    await api.user(CHAT).send_raw({"sticker": sticker})
    message = (await bot.get_updates())[0].message
    assert message.sticker.file_id == "sticker-1"
    assert message.chat.id == CHAT and message.from_user.id == CHAT


async def test_next_reads_messages_and_edits_in_order(bot: Bot, user: SimulatedUser) -> None:
    first = await bot.send_message(CHAT, "one")
    await bot.send_message(CHAT, "two")
    await bot.edit_message_text("one, edited", CHAT, first.message_id)
    events = [await user.next() for _ in range(3)]
    assert [(e.text, e.edited) for e in events] == [
        ("one", False),
        ("two", False),
        ("one, edited", True),
    ]


async def test_next_waits_for_a_message_that_comes_later(bot: Bot, user: SimulatedUser) -> None:
    async def reply_later() -> None:
        await asyncio.sleep(0.05)
        await bot.send_message(CHAT, "there you are")

    task = asyncio.create_task(reply_later())
    assert (await user.next(timeout=2)).text == "there you are"
    await task


async def test_timeout_shows_the_chat(bot: Bot, user: SimulatedUser) -> None:
    await bot.send_message(
        CHAT, "Pick one", reply_markup=buttons([InlineKeyboardButton("A", callback_data="a")])
    )
    await user.next()
    with pytest.raises(TimeoutError) as raised:
        await user.next(timeout=0.05)
    assert "#2 text: 'Pick one' [A]" in str(raised.value)


async def test_expect_silence_and_drain(bot: Bot, user: SimulatedUser) -> None:
    await user.expect_silence(0.05)
    await bot.send_message(CHAT, "ping")
    with pytest.raises(AssertionError, match="ping"):
        await user.expect_silence(0.05)
    await bot.send_message(CHAT, "a")
    await bot.send_message(CHAT, "b")
    assert [m.text for m in await user.drain(settle=0.05)] == ["a", "b"]
    assert await user.drain(settle=0.05) == []


async def test_press_finds_label_then_callback_data(
    bot: Bot, api: LocalBotApi, user: SimulatedUser
) -> None:
    older = await bot.send_message(
        CHAT, "old", reply_markup=buttons([InlineKeyboardButton("Old", callback_data="old")])
    )
    await bot.send_message(
        CHAT,
        "new",
        reply_markup=buttons(
            [InlineKeyboardButton("Yes", callback_data="no")],
            [InlineKeyboardButton("No", callback_data="yes")],
        ),
    )
    await bot.send_message(CHAT, "no buttons here")
    await user.press("Yes")
    await user.press("yes")  # no label "yes": falls back to callback_data
    await user.press("Old", message=api.chat_log(CHAT)[0])
    queries = [u.callback_query for u in await bot.get_updates() if u.callback_query]
    assert [(q.data, q.message.text) for q in queries] == [
        ("no", "new"),
        ("yes", "new"),
        ("old", "old"),
    ]
    assert queries[2].message.message_id == older.message_id


async def test_press_explains_what_is_missing(bot: Bot, user: SimulatedUser) -> None:
    with pytest.raises(LookupError, match="no bot message with inline buttons"):
        await user.press("Done")
    await bot.send_message(
        CHAT,
        "Choose",
        reply_markup=buttons(
            [
                InlineKeyboardButton("Done", callback_data="done"),
                InlineKeyboardButton("Guide", url="https://example.org/guide"),
            ]
        ),
    )
    with pytest.raises(LookupError, match=r"labels: \['Done', 'Guide'\]"):
        await user.press("Skip")
    with pytest.raises(LookupError, match="opens a link"):
        await user.press("Guide")


async def test_press_on_a_deleted_message_fails(
    bot: Bot, api: LocalBotApi, user: SimulatedUser
) -> None:
    await bot.send_message(
        CHAT, "x", reply_markup=buttons([InlineKeyboardButton("A", callback_data="a")])
    )
    message = await user.next()
    await bot.delete_message(CHAT, message.message_id)
    with pytest.raises(LookupError, match="no longer in the chat"):
        await user.press("A", message=message)


async def test_toast_waiting(bot: Bot, user: SimulatedUser) -> None:
    with pytest.raises(RuntimeError):
        await user.wait_toast()
    await bot.send_message(
        CHAT, "x", reply_markup=buttons([InlineKeyboardButton("A", callback_data="a")])
    )
    await user.press("A")
    with pytest.raises(TimeoutError):
        await user.wait_toast(timeout=0.05)
    query = (await bot.get_updates())[-1].callback_query
    await bot.answer_callback_query(query.id, text="Saved", show_alert=True)
    assert await user.wait_toast() == "Saved"
    assert user.last_toast == "Saved"


async def test_ask_and_click_with_a_responding_bot(bot: Bot, api: LocalBotApi) -> None:
    async def respond() -> None:
        offset = 0
        while True:
            for update in await bot.get_updates(offset=offset, timeout=5):
                offset = update.update_id + 1
                if update.message:
                    markup = buttons([InlineKeyboardButton("Again", callback_data="again")])
                    await bot.send_message(CHAT, f"echo {update.message.text}", reply_markup=markup)
                else:
                    query = update.callback_query
                    await bot.answer_callback_query(query.id, text="ok")
                    await bot.edit_message_text("pressed", CHAT, query.message.message_id)

    responder = asyncio.create_task(respond())
    try:
        user = api.user(CHAT)
        assert (await user.ask("hello")).text == "echo hello"
        clicked = await user.click("Again")
        assert (clicked.text, clicked.edited) == ("pressed", True)
        assert await user.wait_toast() == "ok"
    finally:
        responder.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await responder
