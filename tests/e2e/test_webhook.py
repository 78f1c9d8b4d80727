"""Webhook mode end to end: the local Bot API posts updates with the secret token; anything
posted without it is refused with 403 and never processed. Health and metrics share the port."""

import json

import aiohttp

from bot.devkit.localapi import LocalBotApi
from bot.serve import ALLOWED_UPDATES, attach_http
from bot.web import HTTP_SERVER, SECRET_HEADER
from scheduler.clock import FixedClock
from tests.e2e.conftest import WEBHOOK_SECRET, Harness


def _webhook_url(harness: Harness) -> str:
    assert harness.app is not None
    return f"http://127.0.0.1:{harness.app.bot_data[HTTP_SERVER].port}"


async def test_updates_arrive_by_webhook(webhook_harness: Harness, api: LocalBotApi) -> None:
    reply = await webhook_harness.user().ask("/help")
    assert "/ride" in reply.text
    assert api.webhook.delivered >= 1
    assert api.method_calls["getUpdates"] == 0
    assert webhook_harness.app is not None
    info = await webhook_harness.app.bot.get_webhook_info()
    assert info.url.endswith("/telegram")
    assert info.pending_update_count == 0
    assert sorted(info.allowed_updates or []) == sorted(ALLOWED_UPDATES)


def _forged_help(update_id: int, user_id: int) -> dict[str, object]:
    person = {"id": user_id, "is_bot": False, "first_name": "Mallory"}
    message = {
        "message_id": 1, "date": 0, "chat": {"id": user_id, "type": "private"}, "from": person,
        "text": "/help", "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    }  # fmt: skip
    return {"update_id": update_id, "message": message}


async def test_a_post_without_the_secret_is_refused(
    webhook_harness: Harness, api: LocalBotApi
) -> None:
    mallory = api.user(666, first_name="Mallory")
    await mallory.ask("hello")  # makes the chat known, so a reply could be delivered
    url = _webhook_url(webhook_harness) + "/telegram"
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {SECRET_HEADER: "guess"}, {SECRET_HEADER: WEBHOOK_SECRET + "x"}):
            async with http.post(url, json=_forged_help(9001, 666), headers=headers) as answer:
                assert answer.status == 403
        await mallory.expect_silence(0.5)
        async with http.post(url, data=b"not json", headers={SECRET_HEADER: WEBHOOK_SECRET}) as bad:
            assert bad.status == 400
        right = {SECRET_HEADER: WEBHOOK_SECRET}
        async with http.post(url, json=_forged_help(9002, 666), headers=right) as answer:
            assert answer.status == 200
    assert "/ride" in (await mallory.next()).text


async def test_health_readiness_and_metrics(webhook_harness: Harness) -> None:
    await webhook_harness.user().ask("/help")
    base = _webhook_url(webhook_harness)
    async with aiohttp.ClientSession() as http:
        async with http.get(base + "/healthz") as health:
            assert health.status == 200
        async with http.get(base + "/readyz") as ready:
            assert ready.status == 200
            assert json.loads(await ready.text()) == {"database": "ok", "dispatcher": "ok"}
        async with http.get(base + "/metrics") as scraped:
            metrics = await scraped.text()
    assert 'limber_updates_total{handler="account.help_command",outcome="handled"} 1.0' in metrics
    assert 'limber_handler_seconds_count{handler="account.help_command"} 1.0' in metrics
    assert "limber_due_backlog" in metrics


async def test_polling_mode_serves_health_and_metrics_on_its_own_port(
    api: LocalBotApi, sqlite_url: str, clock: FixedClock
) -> None:
    harness = Harness(api, sqlite_url, clock)
    harness.serve_http = True
    await harness.start()
    try:
        await harness.user().ask("/nope")
        base = _webhook_url(harness)
        async with aiohttp.ClientSession() as http:
            async with http.get(base + "/readyz") as ready:
                assert ready.status == 200
            async with http.post(base + "/telegram", json={}) as no_webhook:
                assert no_webhook.status in (404, 405)  # polling: no webhook route at all
            async with http.get(base + "/metrics") as scraped:
                metrics = await scraped.text()
    finally:
        await harness.stop()
    assert 'limber_updates_total{handler="fallback.on_command",outcome="handled"} 1.0' in metrics


def test_without_a_metrics_port_polling_mode_serves_nothing(harness: Harness) -> None:
    assert harness.app is not None
    settings = harness.settings.model_copy(update={"metrics_port": 0})
    assert attach_http(harness.app, settings) is None
