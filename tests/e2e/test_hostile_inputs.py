"""A hostile tester's corpus, fed as real updates through the local Bot API.

Over 200 inputs: odd texts (long, HTML, emoji, zero-width, NUL), hostile arguments for every
command, every kind of update PTB can parse, forged and stale button data, and double taps. For
each one: the user gets a sensible reply (or the button press its answer), nothing is logged at
ERROR or with a traceback, and no table changes that should not.
"""

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select

from bot.callbacks import Prefix
from bot.devkit.localapi import BotMessage, LocalBotApi, SimulatedUser
from bot.texts.common import unknown_button
from bot.texts.help import COMMANDS
from db.models import Base, Delivery, Reminder
from tests.e2e.conftest import Harness
from tests.e2e.flows import onboard_cyclist, onboard_desk_worker, rows_of, stored
from tests.e2e.test_reminders import berlin, first_nudge

PROBE = 9999  # a registered user who probes after updates that have no sender
TABLES = Base.metadata.tables
IGNORED_COLUMNS = {"updated_at"}  # touched by any UPDATE, even one that changes nothing
ERROR_TEXTS = ("nothing was saved", "got lost on the way", "something went wrong")

LONG = "x" * 4096
HOSTILE_TEXTS = [
    LONG,
    "y" * 5000,
    "word " * 900,
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "</i>",
    "<a href='javascript:alert(1)'>x</a>",
    "&amp; &lt; &#0; &",
    "<<<>>>",
    "\\n\\t\\0",
    "😀" * 300,
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈" * 50,
    "\u200b",
    "\u200b\u200c\u200d\ufeff",
    "\u202eevil",
    "\x00",
    "a\x00b",
    "\x07\x08\x1b[31mred",
    "e\u0301" * 100,
    "ｈｅｌｌｏ",
    "٣٣",
    "３３",
    "²",
    "/",
    "//",
    "/ start",
    "/start@other_bot",
    "/START",
    "/ride@other_bot 33",
    "/nonexistent",
    "/x" + "y" * 40,
    "'; DROP TABLE users;--",
    "$(rm -rf /)",
    "{{7*7}}",
    "%s%s%s%n",
    "NaN",
    "1e309",
    "-0",
    "9" * 400,
    "yes",
    "cancel",
    "stop",
    " ",
    "\n\n\n",
]
HOSTILE_ARGS = [
    "999999999999999999999",
    "-1",
    "0",
    "1e309",
    "nan",
    "inf",
    "<b>x</b>",
    "&amp;",
    "😀" * 40,
    "\u200b",
    "a\x00b",
    "z" * 3000,
    "999999w",
    "until 0001-01-01",
    "1.1.0001",
    "²",
]
# Commands whose answer to any of the arguments above changes nothing at all.
STRICT = (
    "help",
    "week",
    "stats",
    "reminders",
    "ride",
    "run",
    "log",
    "undo",
    "pause",
    "stand",
    "cancel",
    "privacy",
    "export",
    "delete",
)
# Commands that act whatever follows them (a session starts, a dialog opens, reminders stop).
ACTING = {
    "start": {"users"},
    "settings": {"users"},
    "pain": {"users", "pain_reports", "reminders"},
    "resume": {"users", "reminders", "pauses"},
    "sit": {"reminders"},
    "stop": {"users", "reminders"},
}

PAUSING = {"users", "reminders", "pauses"}  # a new pause ends the running one in the history
Snapshot = dict[str, list[tuple[Any, ...]]]


async def snapshot(harness: Harness) -> Snapshot:
    """Every row of every table, as plain tuples."""
    assert harness.app is not None
    sessionmaker = harness.app.bot_data["services"].sessionmaker
    tables: Snapshot = {}
    async with sessionmaker() as session:
        for name, table in TABLES.items():
            columns = [c for c in table.columns if c.name not in IGNORED_COLUMNS]
            rows = await session.execute(select(*columns).order_by(*table.primary_key.columns))
            tables[name] = [tuple(row) for row in rows]
    return tables


@dataclass
class Corpus:
    """Runs inputs one by one and collects every broken promise, to report them all at once."""

    harness: Harness
    caplog: pytest.LogCaptureFixture
    fed: int = 0
    problems: list[str] = field(default_factory=list)

    async def feed(
        self,
        label: str,
        act: Callable[[], Awaitable[None]],
        wait: Callable[[], Awaitable[list[BotMessage]]],
        may_change: Iterable[str] = (),
    ) -> list[BotMessage]:
        before = await snapshot(self.harness)
        seen = len(self.caplog.records)
        await act()
        try:
            events = await wait()
        except (TimeoutError, AssertionError) as error:
            self.problems.append(f"{label!r}: no answer ({str(error).splitlines()[0]})")
            events = []
        for event in events:
            if not event.text.strip() and not event.edited:
                self.problems.append(f"{label!r}: an empty message")
            if any(text in event.text for text in ERROR_TEXTS):
                self.problems.append(f"{label!r}: an error reply: {event.text[:80]!r}")
        for record in self.caplog.records[seen:]:
            if record.levelno >= logging.ERROR or record.exc_info:
                self.problems.append(f"{label!r}: logged {record.getMessage()[:160]!r}")
        after = await snapshot(self.harness)
        changed = {name for name in TABLES if before[name] != after[name]} - set(may_change)
        if changed:
            self.problems.append(f"{label!r}: changed {sorted(changed)}")
        self.fed += 1
        return events

    async def say(
        self, user: SimulatedUser, text: str, may_change: Iterable[str] = ()
    ) -> list[BotMessage]:
        """A message that must be answered."""
        return await self.feed(
            text[:40], lambda: user.send(text), lambda: self.replies(user), may_change
        )

    async def tap(
        self,
        user: SimulatedUser,
        data: str,
        message_id: int,
        may_change: Iterable[str] = (),
    ) -> list[BotMessage]:
        """A button press with any data on one of the bot's messages: it must be answered."""

        async def wait() -> list[BotMessage]:
            await user.wait_toast(timeout=5)
            return await self.replies(user, must=False)

        return await self.feed(
            f"tap {data}", lambda: user.press_data(data, message_id), wait, may_change
        )

    async def quiet(
        self, label: str, act: Callable[[], Awaitable[None]], sender: SimulatedUser
    ) -> None:
        """An update with nobody to answer: silence, and the bot still works after it. The
        probe comes from the update's sender, whose updates are handled in order."""

        async def wait() -> list[BotMessage]:
            return await self.replies(sender, must=False)

        await self.feed(label, act, wait)

    async def replies(self, chat: SimulatedUser | None, *, must: bool = True) -> list[BotMessage]:
        """What the bot said in `chat` about the input, read up to a probe's answer: each
        user's updates are handled in order, so once the sender's probe is answered the input
        was fully handled."""
        probe = self.harness.user(chat.user_id if chat is not None else PROBE)
        mark = f"/probe{self.fed}"  # an unknown command: the answer names it, so it is unique
        await probe.send(mark)
        events = []
        while f"I don't know {mark}." not in (event := await probe.next(timeout=30)).text:
            events.append(event)
        if chat is not None and chat.chat_id != probe.chat_id:
            events = await chat.drain(settle=0)
        elif chat is None:
            events = []
        if must and not events:
            raise AssertionError("nothing was said")
        return events

    def verdict(self, at_least: int) -> None:
        assert self.fed >= at_least
        assert self.problems == [], "\n".join(self.problems)


@pytest.fixture
async def corpus(harness: Harness, caplog: pytest.LogCaptureFixture) -> Corpus:
    caplog.set_level(logging.INFO)
    probe = harness.user(PROBE)
    await probe.ask("/help")
    return Corpus(harness, caplog)


async def test_hostile_texts_and_names(harness: Harness, api: LocalBotApi, corpus: Corpus) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    for text in HOSTILE_TEXTS:
        await corpus.say(user, text)
    await user.send_raw(
        {"text": "bold?", "entities": [{"type": "bold", "offset": 0, "length": 999}]}
    )
    await user.next()
    stranger = api.user(2002, first_name="\x00Ev\x00il\u202e" + "n" * 80, language_code="x" * 40)
    [hello, *_] = await corpus.say(stranger, "/start", may_change={"users"})
    assert "Question 1 of" in hello.text
    saved = await stored(harness, 2002)
    assert (
        saved is not None and saved.first_name.startswith("Evil") and "\x00" not in saved.first_name
    )
    assert len(saved.first_name) == 64 and saved.language_code is None
    await corpus.say(stranger, "\x00")
    corpus.verdict(len(HOSTILE_TEXTS) + 2)


async def test_hostile_arguments_for_every_command(harness: Harness, corpus: Corpus) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    commands = [name for name, _ in COMMANDS]
    assert set(commands) == set(STRICT) | set(ACTING), "every command is in the corpus"
    for name in [*STRICT, *ACTING]:
        for argument in HOSTILE_ARGS:
            await corpus.say(user, f"/{name} {argument}", ACTING.get(name, ()))
            if name in ("settings", "pain", "start"):  # leave the dialog they open
                await user.ask("/cancel")
                await user.drain(settle=0.05)
    corpus.verdict(len(HOSTILE_ARGS) * len(commands))


async def test_pause_out_of_range_is_refused(harness: Harness, corpus: Corpus) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    for words in ("999999w", "999999 weeks", "until 0001-01-01", "1.1.0001", "until 9999-12-31"):
        [refusal] = await corpus.say(user, f"/pause {words}")
        assert "couldn't read that pause" in refusal.text and "90 days" in refusal.text
    question = (await corpus.say(user, "/pause"))[0]
    for words in ("999999w", "until 0001-01-01", "1.1.0001", "", "x" * 60):
        events = await corpus.tap(user, f"pz:{words}", question.message_id)
        assert [e.text for e in events if not e.edited][-1:] != [], (words, events)
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.paused_until is None
    corpus.verdict(11)


async def test_every_update_type_is_handled(
    harness: Harness, api: LocalBotApi, corpus: Corpus
) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    person = {"id": user.user_id, "is_bot": False, "first_name": "Alex"}
    channel = {"id": -100777, "type": "channel", "title": "News"}
    group_chat = {"id": -5005, "type": "group", "title": "Team"}
    post = {"message_id": 1, "date": 1, "chat": channel, "text": "/start"}
    member = {"status": "member", "user": person}
    updated_member = {
        "chat": group_chat,
        "from": person,
        "date": 1,
        "old_chat_member": {"status": "left", "user": person},
        "new_chat_member": member,
    }
    reaction = {
        "chat": group_chat,
        "message_id": 1,
        "date": 1,
        "user": person,
        "old_reaction": [],
        "new_reaction": [{"type": "emoji", "emoji": "👍"}],
    }
    business = {
        "message_id": 3,
        "date": 1,
        "chat": {"id": 4, "type": "private"},
        "from": person,
        "text": "/ride 33",
        "business_connection_id": "b1",
    }
    others: dict[str, dict[str, Any]] = {
        "channel_post": post,
        "edited_channel_post": {**post, "edit_date": 2},
        "inline_query": {"id": "iq", "from": person, "query": "<b>", "offset": ""},
        "chosen_inline_result": {"result_id": "r", "from": person, "query": "q"},
        "shipping_query": {
            "id": "sq",
            "from": person,
            "invoice_payload": "p",
            "shipping_address": {
                "country_code": "DE",
                "state": "",
                "city": "B",
                "street_line1": "s",
                "street_line2": "",
                "post_code": "1",
            },
        },
        "pre_checkout_query": {
            "id": "pq",
            "from": person,
            "currency": "EUR",
            "total_amount": 100,
            "invoice_payload": "p",
        },
        "poll_answer": {
            "poll_id": "p",
            "option_ids": [0],
            "option_persistent_ids": ["a"],
            "user": person,
        },
        "my_chat_member": updated_member,
        "chat_member": updated_member,
        "chat_join_request": {
            "chat": group_chat,
            "from": person,
            "user_chat_id": 1001,
            "date": 1,
        },
        "chat_boost": {
            "chat": channel,
            "boost": {
                "boost_id": "b",
                "add_date": 1,
                "expiration_date": 2,
                "source": {"source": "premium", "user": person},
            },
        },
        "removed_chat_boost": {
            "chat": channel,
            "boost_id": "b",
            "remove_date": 1,
            "source": {"source": "premium", "user": person},
        },
        "message_reaction": reaction,
        "message_reaction_count": {
            "chat": group_chat,
            "message_id": 1,
            "date": 1,
            "reactions": [],
        },
        "business_connection": {
            "id": "b1",
            "user": person,
            "user_chat_id": 1001,
            "date": 1,
            "is_enabled": True,
        },
        "business_message": business,
        "edited_business_message": {**business, "edit_date": 2},
        "deleted_business_messages": {
            "business_connection_id": "b1",
            "chat": {"id": 4, "type": "private"},
            "message_ids": [3],
        },
        "purchased_paid_media": {"from": person, "paid_media_payload": "x"},
    }
    for kind, payload in others.items():
        await corpus.quiet(kind, lambda k=kind, p=payload: _inject(api, k, p), user)
    message_kinds: dict[str, dict[str, Any]] = {
        "sticker": {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "s",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        },
        "photo": {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
        "voice": {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 1}},
        "contact": {"contact": {"phone_number": "+1", "first_name": "<b>"}},
        "dice": {"dice": {"emoji": "🎲", "value": 6}},
        "venue": {
            "venue": {"location": {"latitude": 1, "longitude": 1}, "title": "t", "address": "a"}
        },
        "location": {"location": {"latitude": 91.0, "longitude": 181.0}},
        "document": {"document": {"file_id": "d", "file_unique_id": "d", "file_name": "x.gpx"}},
        "caption": {
            "caption": "<b>",
            "photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
        },
        "forwarded": {
            "text": "/ride 33",
            "forward_origin": {"type": "hidden_user", "sender_user_name": "x", "date": 1},
        },
        "reply": {
            "text": "hello",
            "reply_to_message": {
                "message_id": 1,
                "date": 1,
                "chat": {"id": user.chat_id, "type": "private"},
            },
        },
    }
    for kind, fields in message_kinds.items():
        await corpus.feed(
            kind,
            lambda f=fields: user.send_raw(f),
            lambda: corpus.replies(user),
            {"users"} if kind == "location" else (),
        )
    for kind, fields in {
        "pinned": {
            "pinned_message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": user.chat_id, "type": "private"},
            }
        },
        "auto_delete": {"message_auto_delete_timer_changed": {"message_auto_delete_time": 60}},
    }.items():
        await corpus.quiet(kind, lambda f=fields: user.send_raw(f), user)
    await corpus.feed("edited", lambda: user.edit_last("/ride 99"), lambda: corpus.replies(user))
    group = api.group(-5005, member=user.user_id)
    for text in ("/start", "/ride 33", "/start@limber_bot <b>"):
        await corpus.feed(
            f"group {text}", lambda t=text: group.send(t), lambda: corpus.replies(group)
        )
    await corpus.quiet("group text", lambda: group.send("hello"), group)
    corpus.verdict(len(others) + len(message_kinds) + 6)


async def _inject(api: LocalBotApi, kind: str, payload: dict[str, Any]) -> None:
    api.inject({kind: payload})


FORGED = [
    "r:done:²", "r:done:2147483648", "r:done:99999999999999999999", "r:done:-1", "r:done:",
    "r:done:0", "r:done:1:2", "r:sz99999:1", "r:sz10:", "r:back:x", "r:", "r", ":", "::::",
    "p:roles:<unknown>", "p:roles:", "p:timezone:Mars/Olympus", "p::", "p:work_days:²",
    "pz:", "pz:999999w", "pz:until 0001-01-01", "ob:xyz", "ob:continue", "s:nonexistent",
    "s:", "pa:", "pa:<b>", "ps:zzz:yes", "ps:", "pr:nonexistent_rule", "pr:", "pb:", "pb:99",
    "x" * 64, "😀" * 16, "\u200b", "r:done:٣",
]  # fmt: skip


async def test_forged_and_stale_buttons(harness: Harness, api: LocalBotApi, corpus: Corpus) -> None:
    user = harness.user()
    nudge = await first_nudge(harness, user)
    deliveries = await rows_of(harness, Delivery, user.user_id)
    for data in FORGED:
        # A forged pause or snooze button may act; a setting or pain button may open nothing.
        events = await corpus.tap(user, data, nudge.message_id)
        assert all(e.message_id == nudge.message_id or not e.edited for e in events)
    other = harness.user(3003)
    await onboard_desk_worker(other)
    await other.ask("/pause")
    question = (await other.drain())[-1:] or [other_last(api, other)]
    await corpus.tap(other, f"r:done:{deliveries[0].id}", question[0].message_id)
    await corpus.tap(other, f"r:sz10:{deliveries[0].id}", question[0].message_id)
    assert [d.status for d in await rows_of(harness, Delivery, user.user_id)] == ["sent"]
    await user.press_inline("r:done:1")  # an inline message: no `message`, still answered
    await user.wait_toast()
    group = api.group(-6006, member=user.user_id)
    await group.send("/start")
    pointer = await group.next()
    before = await stored(harness, user.user_id)
    await corpus.tap(group, f"r:done:{deliveries[0].id}", pointer.message_id)
    await corpus.tap(group, "pz:1d", pointer.message_id)
    after = await stored(harness, user.user_id)
    assert before is not None and after is not None
    assert after.chat_id == user.chat_id == before.chat_id, "reminders stay in the private chat"
    assert after.paused_until is None
    corpus.verdict(len(FORGED) + 4)


# For every family of buttons, data that reaches its handler but is none of our buttons.
FORGED_BY_PREFIX = {
    Prefix.REMINDER: "r:explode:{delivery}", Prefix.PAUSE: "pz:a\nb", Prefix.PAIN_AREA: "pa:<b>",
    Prefix.PAIN_SAFETY: "ps:trauma:maybe", Prefix.PAIN_TOPIC: "pr:<b>", Prefix.PAIN_BETTER: "pb:99",
    Prefix.SETUP_RESUME: "ob:xyz", Prefix.PROFILE_STEP: "p:roles:<unknown>",
    Prefix.SETTINGS: "s:<b>", Prefix.LOG_AGAIN: "la:maybe:1", Prefix.UNDO: "ud:0",
    Prefix.DELETE: "del:maybe",
    Prefix.STATS: "st:9x:4w", Prefix.IMPORT: "imp:log:gr:0:1:1700000000:-:0123456789abcdef",
}  # fmt: skip


async def test_forged_data_of_every_family_gets_the_unknown_button_answer(
    harness: Harness, corpus: Corpus
) -> None:
    user = harness.user()
    nudge = await first_nudge(harness, user)
    [delivery] = await rows_of(harness, Delivery, user.user_id)
    assert set(FORGED_BY_PREFIX) == set(Prefix), "every family is probed"
    for prefix, data in FORGED_BY_PREFIX.items():
        await corpus.tap(user, data.format(delivery=delivery.id), nudge.message_id)
        assert user.last_toast == unknown_button(), prefix
    assert [d.status for d in await rows_of(harness, Delivery, user.user_id)] == ["sent"]
    corpus.verdict(len(Prefix))


def other_last(api: LocalBotApi, user: SimulatedUser) -> BotMessage:
    return api.chat_log(user.chat_id)[-1]


async def test_double_taps_are_harmless(harness: Harness, api: LocalBotApi, corpus: Corpus) -> None:
    user = harness.user()
    nudge = await first_nudge(harness, user)
    snooze, back = "⏰ Snooze", "↩️ Back"

    def data_of(message: BotMessage, label: str) -> str:
        return next(d for row in message.buttons for lab, d in row if lab == label)

    snooze_data = data_of(nudge, snooze)
    await corpus.tap(user, snooze_data, nudge.message_id)
    await corpus.tap(user, snooze_data, nudge.message_id)  # "message is not modified"
    options = next(m for m in api.chat_log(user.chat_id) if m.message_id == nudge.message_id)
    back_data = data_of(options, back)
    await corpus.tap(user, back_data, nudge.message_id)
    await corpus.tap(user, back_data, nudge.message_id)
    # Done on a reminder that has expired, twice.
    harness.clock.set(berlin(25, 9))
    expired = await corpus.tap(user, data_of(nudge, "✅ I'm up"), nudge.message_id)
    assert expired and not expired[-1].buttons
    await corpus.tap(user, data_of(nudge, "✅ I'm up"), nudge.message_id)
    # A pause button twice: the second tap still says "Paused until…".
    [question] = await corpus.say(user, "/pause")
    for _ in range(2):
        events = await corpus.tap(user, "pz:1d", question.message_id, PAUSING)
        assert any("Paused until" in e.text for e in events), [e.text for e in events]
    # /pain area buttons twice.
    [areas] = await corpus.say(user, "/pain", {"users"})
    area = areas.buttons[0][0][1]
    for _ in range(2):
        await corpus.tap(user, area, areas.message_id, {"users"})
    await user.ask("/cancel")
    # "Continue" on a half-done setup, twice.
    newcomer = harness.user(4004)
    await newcomer.ask("/start")
    [resume] = await corpus.say(newcomer, "/start")
    for _ in range(2):
        await corpus.tap(newcomer, "ob:continue", resume.message_id, {"users"})
    assert [d.status for d in await rows_of(harness, Delivery, user.user_id)] == ["sent"]
    corpus.verdict(13)


async def test_stand_without_a_session_only_answers(harness: Harness, corpus: Corpus) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    kinds = [r.kind for r in await rows_of(harness, Reminder, user.user_id)]
    [answer] = await corpus.say(user, "/stand")
    assert "no sitting session" in answer.text
    assert [r.kind for r in await rows_of(harness, Reminder, user.user_id)] == kinds
    assert "sit" not in kinds
    corpus.verdict(1)


def test_the_corpus_is_big_enough() -> None:
    per_command = len(HOSTILE_ARGS) * len(COMMANDS)
    assert len(HOSTILE_TEXTS) + per_command + len(FORGED) + 40 >= 200
