"""Users are served side by side, each user's own updates strictly in order."""

import asyncio

from bot.devkit.localapi import LocalBotApi
from tests.e2e.conftest import Harness


async def test_a_slow_user_does_not_hold_up_another(harness: Harness, api: LocalBotApi) -> None:
    slow, other = harness.user(1001, "Slow"), harness.user(1002, "Quick")
    await slow.ask("/help")
    await other.ask("/help")
    api.faults.delay("sendMessage", 30.0)  # the next reply (the slow user's) hangs
    await slow.send("/help")
    for _ in range(500):  # until the server holds the slow user's reply
        if not api.faults.armed:
            break
        await asyncio.sleep(0.01)
    reply = await other.ask("/help", timeout=10)
    assert "/ride" in reply.text
    await slow.expect_silence(0.1)  # still waiting: the other user did not wait behind it


async def test_each_users_updates_stay_in_order(harness: Harness) -> None:
    people = [harness.user(2000 + n, f"User{n}") for n in range(3)]
    for number in range(25):
        for person in people:
            await person.send(f"/nope{number}")
    for person in people:
        replies = [(await person.next()).text for _ in range(25)]
        assert replies == [f"I don't know /nope{n}. Send /help to see what I can do."
                           for n in range(25)]  # fmt: skip
