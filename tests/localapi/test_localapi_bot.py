"""A real python-telegram-bot `Bot` against the server: results parse, errors classify."""

import datetime as dt
import io

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    MessageEntity,
    ReplyKeyboardMarkup,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.devkit.localapi import LocalBotApi, SimulatedUser

CHAT = 42


@pytest.fixture
async def user(api: LocalBotApi) -> SimulatedUser:
    alex = api.user(CHAT, first_name="Alex")
    await alex.send("/start")
    return alex


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in pairs]]
    )


async def test_get_me_describes_the_bot(bot: Bot, api: LocalBotApi) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.first_name, me.is_bot) == (
        api.bot_id,
        "limber_bot",
        "Limber",
        True,
    )


async def test_html_message_with_keyboard_reads_back(
    bot: Bot, api: LocalBotApi, user: SimulatedUser
) -> None:
    sent = await bot.send_message(
        CHAT,
        "Time for a <b>hip flexor</b> stretch 🧘 &lt;2 min&gt;",
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard(("Done", "done"), ("Later", "snooze:15")),
    )
    assert sent.text == "Time for a hip flexor stretch 🧘 <2 min>"
    assert sent.entities[0].type == "bold"
    assert (sent.entities[0].offset, sent.entities[0].length) == (11, 10)
    assert sent.from_user.id == api.bot_id
    received = await user.next()
    assert received.text == sent.text
    assert received.html == "Time for a <b>hip flexor</b> stretch 🧘 &lt;2 min&gt;"
    assert received.buttons == [[("Done", "done"), ("Later", "snooze:15")]]
    assert received.labels == ["Done", "Later"]
    assert received.has_button("Later") and not received.has_button("Never")
    assert api.chat_log(CHAT) == [received]
    assert len(api.send_times(CHAT)) == 1


async def test_message_ids_increase_per_chat_across_both_sides(
    bot: Bot, api: LocalBotApi, user: SimulatedUser
) -> None:
    first = await bot.send_message(CHAT, "one")
    await user.send("two")
    third = await bot.send_message(CHAT, "three", reply_to_message_id=first.message_id)
    assert (first.message_id, third.message_id) == (2, 4)
    assert third.reply_to_message.text == "one"


async def test_reply_keyboard_is_visible_to_the_user(bot: Bot, user: SimulatedUser) -> None:
    markup = ReplyKeyboardMarkup(
        [[KeyboardButton("Share location", request_location=True)], ["Skip"]]
    )
    sent = await bot.send_message(CHAT, "Where are you?", reply_markup=markup)
    assert sent.reply_markup is None
    received = await user.next()
    assert received.reply_keyboard == [["Share location"], ["Skip"]]
    assert received.buttons == []


@pytest.mark.parametrize(
    ("text", "markup", "reason"),
    [
        ("", None, "Message text is empty"),
        ("<b></b>  ", None, "Message text is empty"),
        ("x" * 4097, None, "Message is too long"),
        ("🏟" * 2049, None, "Message is too long"),
        ("ok", keyboard(("A", "x" * 65)), "Button_data_invalid"),
        ("ok", keyboard(("A", "é" * 33)), "Button_data_invalid"),
        ("<b>open", None, "Can't parse entities: can't find end tag"),
        ("a <3 b", None, 'Can\'t parse entities: unsupported start tag "3" at byte offset 2'),
        ("<b>x</i>", None, "Can't parse entities: unmatched end tag"),
        ("fish & chips", None, "Can't parse entities: unescaped"),
    ],
)
async def test_telegrams_checks_raise_bad_request(
    bot: Bot,
    user: SimulatedUser,
    api: LocalBotApi,
    text: str,
    markup: InlineKeyboardMarkup | None,
    reason: str,
) -> None:
    with pytest.raises(BadRequest) as raised:
        await bot.send_message(CHAT, text, parse_mode=ParseMode.HTML, reply_markup=markup)
    assert raised.value.message.startswith(reason)
    assert api.chat_log(CHAT) == []


async def test_plain_text_keeps_markup_and_explicit_entities(bot: Bot, user: SimulatedUser) -> None:
    sent = await bot.send_message(CHAT, "a <b> & b", entities=[MessageEntity("bold", 2, 3)])
    assert sent.text == "a <b> & b"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 2, 3)]
    with pytest.raises(BadRequest, match="Unsupported parse_mode"):
        await bot.send_message(CHAT, "x", parse_mode="BBCode")


async def test_limits_are_inclusive(bot: Bot, user: SimulatedUser) -> None:
    await bot.send_message(CHAT, "x" * 4096)
    await bot.send_message(CHAT, "🏟" * 2048, reply_markup=keyboard(("A", "é" * 32)))
    assert len((await user.drain()) or []) == 2


async def test_unknown_chat_is_not_found(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(777, "hello?")


async def test_blocked_user_raises_forbidden_until_unblocked(
    bot: Bot, api: LocalBotApi, user: SimulatedUser
) -> None:
    api.block(CHAT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "still there?")
    await user.expect_silence(0.05)
    api.unblock(CHAT)
    await bot.send_message(CHAT, "welcome back")
    assert (await user.next()).text == "welcome back"


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_after_fault_then_success(
    bot: Bot, api: LocalBotApi, user: SimulatedUser
) -> None:
    api.faults.fail("sendMessage", status=429, retry_after=3, count=2)
    for _ in range(2):
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(CHAT, "hi")
        assert raised.value.retry_after in (3, dt.timedelta(seconds=3))
    await bot.send_message(CHAT, "hi")
    assert api.faults.injected == 2
    assert api.method_calls["sendMessage"] == 3
    assert [m.text for m in api.chat_log(CHAT)] == ["hi"]
    assert len(api.send_times(CHAT)) == 1


@pytest.mark.parametrize("status", [500, 502])
async def test_server_errors_are_network_errors(
    bot: Bot, api: LocalBotApi, user: SimulatedUser, status: int
) -> None:
    api.faults.fail("sendMessage", status=status)
    with pytest.raises(NetworkError) as raised:
        await bot.send_message(CHAT, "hi")
    assert not isinstance(raised.value, BadRequest)
    await user.expect_silence(0.05)


async def test_faults_can_target_one_chat(bot: Bot, api: LocalBotApi, user: SimulatedUser) -> None:
    other = api.user(43)
    await other.send("hi")
    api.faults.fail("sendMessage", status=403, chat_id=43)
    await bot.send_message(CHAT, "fine")
    with pytest.raises(Forbidden):
        await bot.send_message(43, "refused")
    await bot.send_message(43, "fine now")
    assert [m.text for m in api.chat_log(43)] == ["fine now"]


async def test_fault_with_custom_description(
    bot: Bot, api: LocalBotApi, user: SimulatedUser
) -> None:
    api.faults.fail("sendMessage", status=400, description="Bad Request: TOPIC_CLOSED")
    with pytest.raises(BadRequest, match="Topic_closed"):
        await bot.send_message(CHAT, "hi")
    api.faults.fail("sendMessage")
    api.faults.clear()
    await bot.send_message(CHAT, "hi")


async def test_slow_answer_times_out_but_is_carried_out(
    bot: Bot, api: LocalBotApi, user: SimulatedUser
) -> None:
    api.faults.delay("sendMessage", 0.4)
    with pytest.raises(TimedOut):
        await bot.send_message(CHAT, "late", read_timeout=0.1)
    assert api.chat_log(CHAT) == []
    assert (await user.next(timeout=2)).text == "late"


async def test_edit_text_and_markup(bot: Bot, api: LocalBotApi, user: SimulatedUser) -> None:
    sent = await bot.send_message(CHAT, "Stretch now?", reply_markup=keyboard(("Done", "done")))
    edited = await bot.edit_message_text(
        "<i>Nice work!</i>", chat_id=CHAT, message_id=sent.message_id, parse_mode=ParseMode.HTML
    )
    assert edited.text == "Nice work!"
    assert edited.edit_date is not None
    assert edited.reply_markup is None
    await user.next()
    update = await user.next()
    assert update.edited and update.message_id == sent.message_id
    assert update.text == "Nice work!" and update.buttons == []
    await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=keyboard(("Undo", "u")))
    assert (await user.next()).labels == ["Undo"]
    assert [m.labels for m in api.chat_log(CHAT)] == [["Undo"]]


async def test_edit_that_changes_nothing_is_refused(bot: Bot, user: SimulatedUser) -> None:
    markup = keyboard(("Done", "done"))
    sent = await bot.send_message(CHAT, "<b>Same</b>", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>Same</b>", CHAT, sent.message_id, parse_mode="HTML", reply_markup=markup
        )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=markup)
    # Same text with another keyboard, or no longer bold, is a change.
    await bot.edit_message_text("<b>Same</b>", CHAT, sent.message_id, parse_mode="HTML")
    await bot.edit_message_text("Same", CHAT, sent.message_id)


async def test_edit_or_delete_unknown_message(bot: Bot, user: SimulatedUser) -> None:
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", CHAT, 999)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(CHAT, 999)


async def test_delete_removes_from_chat_log(
    bot: Bot, api: LocalBotApi, user: SimulatedUser
) -> None:
    sent = await bot.send_message(CHAT, "temporary")
    assert await bot.delete_message(CHAT, sent.message_id) is True
    assert api.chat_log(CHAT) == []


async def test_callback_answer_reaches_the_user_once(
    bot: Bot, api: LocalBotApi, user: SimulatedUser
) -> None:
    await bot.send_message(CHAT, "Done?", reply_markup=keyboard(("Yes", "yes"), ("No", "no")))
    await user.press("No")
    updates = await bot.get_updates()
    query = updates[-1].callback_query
    assert (query.data, query.from_user.id, query.message.text) == ("no", CHAT, "Done?")
    assert await bot.answer_callback_query(query.id, text="Maybe later") is True
    assert await user.wait_toast() == "Maybe later"
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id, text="again")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("123", text="never issued")
    await user.press("yes")
    query = (await bot.get_updates(offset=updates[-1].update_id + 1))[-1].callback_query
    await bot.answer_callback_query(query.id)
    assert await user.wait_toast() is None
    assert user.toasts == ["Maybe later", None]


async def test_document_round_trip_both_ways(
    bot: Bot, api: LocalBotApi, user: SimulatedUser
) -> None:
    sent = await bot.send_document(
        CHAT, io.BytesIO(b"week 1: 3 stretches"), filename="plan.txt", caption="Your plan"
    )
    received = await user.next()
    assert (received.kind, received.document, received.file_name) == (
        "document",
        b"week 1: 3 stretches",
        "plan.txt",
    )
    assert received.text == "Your plan"
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"week 1: 3 stretches"
    again = await bot.send_document(CHAT, sent.document.file_id)
    assert again.document.file_id == sent.document.file_id

    await user.send_document("log.csv", b"date,minutes\n", mime_type="text/csv")
    incoming = (await bot.get_updates())[-1].message.document
    assert (incoming.file_name, incoming.mime_type) == ("log.csv", "text/csv")
    download = await (await bot.get_file(incoming.file_id)).download_as_bytearray()
    assert bytes(download) == b"date,minutes\n"


async def test_photo_and_unknown_file_id(bot: Bot, user: SimulatedUser) -> None:
    sent = await bot.send_photo(CHAT, b"\x89PNG fake", caption="<b>Form</b>", parse_mode="HTML")
    assert sent.photo[0].file_size == 9
    assert sent.caption == "Form"
    photo = await user.next()
    assert (photo.kind, photo.document) == ("photo", b"\x89PNG fake")
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_photo(CHAT, "no-such-file-id")
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("no-such-file-id")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(CHAT, sent.photo[0].file_id, caption="x" * 1025)


async def test_location_and_chat_action(bot: Bot, user: SimulatedUser) -> None:
    assert await bot.send_chat_action(CHAT, "typing") is True
    await bot.send_location(CHAT, latitude=48.1, longitude=11.6)
    received = await user.next()
    assert (received.kind, received.location) == ("location", (48.1, 11.6))


async def test_commands_are_stored_per_scope(bot: Bot, api: LocalBotApi) -> None:
    commands = [BotCommand("start", "Begin"), BotCommand("pain", "Ask about a sore spot")]
    assert await bot.set_my_commands(commands) is True
    assert api.commands == [
        {"command": "start", "description": "Begin"},
        {"command": "pain", "description": "Ask about a sore spot"},
    ]
    assert await bot.get_my_commands() == tuple(commands)
    assert await bot.get_my_commands(language_code="de") == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "nope")])
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    assert api.commands == []
