"""The server over raw HTTP: routing, the three body encodings, error shapes, getUpdates."""

import asyncio
import json
import time
from typing import Any

import aiohttp
import pytest

from bot.devkit.localapi import LocalBotApi

KEYBOARD = {"inline_keyboard": [[{"text": "Done", "callback_data": "done"}]]}


async def call(
    http: aiohttp.ClientSession, api: LocalBotApi, method: str, **kwargs: Any
) -> tuple[int, dict[str, Any]]:
    async with http.post(f"{api.base_url}{api.token}/{method}", **kwargs) as response:
        return response.status, await response.json()


async def test_wrong_token_is_unauthorized(api: LocalBotApi, http: aiohttp.ClientSession) -> None:
    async with http.post(f"{api.base_url}999:WRONG/getMe") as response:
        assert response.status == 401
        assert await response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }


async def test_unknown_method_is_not_found(api: LocalBotApi, http: aiohttp.ClientSession) -> None:
    status, body = await call(http, api, "sendTelepathy")
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


async def test_get_with_query_string_and_case_insensitive_method(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{api.base_url}{api.token}/GETME") as response:
        body = await response.json()
    assert body["ok"] is True
    assert body["result"]["username"] == "limber_bot"
    assert body["result"]["id"] == api.bot_id
    assert api.method_calls["getMe"] == 1


async def test_form_values_are_strings_and_objects_json_text(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    await api.user(42).send("hi")
    form = {
        "chat_id": "42",
        "text": "123",
        "reply_markup": json.dumps(KEYBOARD),
        "protect_content": "true",
    }
    status, body = await call(http, api, "sendMessage", data=form)
    assert status == 200
    message = body["result"]
    assert message["text"] == "123"
    assert message["has_protected_content"] is True
    assert message["reply_markup"] == KEYBOARD
    assert api.chat_log(42)[-1].buttons == [[("Done", "done")]]


async def test_json_body_with_native_values(api: LocalBotApi, http: aiohttp.ClientSession) -> None:
    await api.user(42).send("hi")
    payload = {"chat_id": 42, "text": "<b>ok</b>", "parse_mode": "HTML", "reply_markup": KEYBOARD}
    status, body = await call(http, api, "sendMessage", json=payload)
    assert status == 200
    assert body["result"]["text"] == "ok"
    assert body["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 2}]
    assert api.chat_log(42)[-1].html == "<b>ok</b>"


async def test_multipart_upload_with_attach_reference_round_trips(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    await api.user(42).send("hi")
    form = aiohttp.FormData()
    form.add_field("chat_id", "42")
    form.add_field("caption", "<i>your plan</i>")
    form.add_field("parse_mode", "HTML")
    form.add_field("document", "attach://plan")
    form.add_field("plan", b"stretch daily", filename="plan.txt", content_type="text/plain")
    status, body = await call(http, api, "sendDocument", data=form)
    assert status == 200
    document = body["result"]["document"]
    assert (document["file_name"], document["file_size"]) == ("plan.txt", 13)
    assert body["result"]["caption_entities"] == [{"type": "italic", "offset": 0, "length": 9}]

    status, body = await call(http, api, "getFile", json={"file_id": document["file_id"]})
    path = body["result"]["file_path"]
    async with http.get(f"{api.base_file_url}{api.token}/{path}") as response:
        assert await response.read() == b"stretch daily"
    async with http.get(f"{api.base_file_url}999:WRONG/{path}") as response:
        assert response.status == 401


async def test_errors_carry_telegrams_shape_and_status(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    status, body = await call(http, api, "sendMessage", json={"chat_id": 7, "text": "hi"})
    assert (status, body) == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
    )
    status, body = await call(http, api, "sendMessage", json={"text": "hi"})
    assert body["description"] == "Bad Request: chat_id is empty"

    api.faults.fail("sendMessage", status=429, retry_after=7)
    status, body = await call(http, api, "sendMessage", json={"chat_id": 7, "text": "x"})
    assert status == 429
    assert body["description"] == "Too Many Requests: retry after 7"
    assert body["parameters"] == {"retry_after": 7}


async def test_bad_json_markup_is_a_bad_request(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    await api.user(42).send("hi")
    form = {"chat_id": "42", "text": "x", "reply_markup": "{not json"}
    status, body = await call(http, api, "sendMessage", data=form)
    assert status == 400
    assert body["description"] == "Bad Request: can't parse reply keyboard markup JSON object"


async def updates(
    http: aiohttp.ClientSession, api: LocalBotApi, **params: Any
) -> list[dict[str, Any]]:
    status, body = await call(http, api, "getUpdates", json=params)
    assert status == 200, body
    return body["result"]


async def test_offsets_confirm_and_negative_offsets_count_from_the_end(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    user = api.user(42)
    for text in ("one", "two", "three", "four"):
        await user.send(text)
    first = await updates(http, api)
    assert [update["update_id"] for update in first] == [1, 2, 3, 4]
    assert [u["update_id"] for u in await updates(http, api, limit=2)] == [1, 2]
    assert [u["update_id"] for u in await updates(http, api, offset=3)] == [3, 4]
    # 1 and 2 are confirmed now: offset 0 no longer brings them back.
    assert [u["update_id"] for u in await updates(http, api)] == [3, 4]
    assert [u["update_id"] for u in await updates(http, api, offset=-1)] == [4]
    assert [u["update_id"] for u in await updates(http, api)] == [4]
    assert await updates(http, api, offset=5) == []


async def test_update_ids_grow_by_one_across_kinds(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    user = api.user(42)
    await user.send("a")
    await user.share_location(52.5, 13.4)
    got = await updates(http, api)
    assert [u["update_id"] for u in got] == [1, 2]
    assert got[1]["message"]["location"] == {"latitude": 52.5, "longitude": 13.4}


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    poll = asyncio.create_task(updates(http, api, timeout=5))
    await asyncio.sleep(0.1)
    assert not poll.done()
    started = time.monotonic()
    await api.user(42).send("wake up")
    got = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 0.5
    assert got[0]["message"]["text"] == "wake up"


async def test_long_poll_without_updates_waits_the_timeout(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    started = time.monotonic()
    assert await updates(http, api, timeout=0.3) == []
    assert 0.25 <= time.monotonic() - started < 1.5


async def test_stop_releases_a_waiting_long_poll(http: aiohttp.ClientSession) -> None:
    api = LocalBotApi()
    await api.start()
    poll = asyncio.create_task(updates(http, api, timeout=30))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await api.stop()
    assert await asyncio.wait_for(poll, 2) == []
    assert time.monotonic() - started < 1.5


async def test_allowed_updates_filter_and_persist(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    user = api.user(42)
    await user.send("ignored")
    await user.send("also ignored")
    assert await updates(http, api, allowed_updates=["callback_query"]) == []
    await user.send("still ignored")
    assert await updates(http, api) == []
    await updates(http, api, allowed_updates=[])
    await user.send("seen")
    assert [u["message"]["text"] for u in await updates(http, api)] == ["seen"]


async def test_webhook_blocks_get_updates_until_deleted(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    await api.user(42).send("queued")
    await call(http, api, "setWebhook", data={"url": "http://127.0.0.1:9/hook"})
    status, body = await call(http, api, "getUpdates")
    assert status == 409
    assert body["description"].startswith("Conflict: can't use getUpdates method")
    _, info = await call(http, api, "getWebhookInfo")
    assert info["result"]["url"] == "http://127.0.0.1:9/hook"
    assert info["result"]["pending_update_count"] == 1
    await call(http, api, "deleteWebhook", data={"drop_pending_updates": "true"})
    assert await updates(http, api) == []


@pytest.mark.parametrize("method", ["logOut", "close"])
async def test_session_methods_acknowledge(
    api: LocalBotApi, http: aiohttp.ClientSession, method: str
) -> None:
    assert await call(http, api, method) == (200, {"ok": True, "result": True})
