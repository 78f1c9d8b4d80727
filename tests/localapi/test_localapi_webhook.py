"""With a webhook set, the local Bot API posts updates as Telegram does: the secret token in a
header, again after a failure, a chat's updates in order; deleteWebhook goes back to polling."""

import asyncio
from typing import Any

import aiohttp
from aiohttp import web

from bot.devkit.localapi import LocalBotApi
from bot.devkit.localapi.webhook import SECRET_HEADER


class Receiver:
    """A webhook endpoint that fails its first `failures` posts with 500."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.posts: list[tuple[str | None, dict[str, Any]]] = []
        self.arrived = asyncio.Event()
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> "Receiver":
        app = web.Application()
        app.router.add_post("/hook", self._post)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", 0).start()
        self.port = self.runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.runner is not None
        await self.runner.cleanup()

    async def _post(self, request: web.Request) -> web.Response:
        if self.failures > 0:
            self.failures -= 1
            return web.Response(status=500)
        self.posts.append((request.headers.get(SECRET_HEADER), await request.json()))
        self.arrived.set()
        return web.Response()

    async def wait_for(self, count: int) -> None:
        while len(self.posts) < count:
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), 5)


async def _call(http: aiohttp.ClientSession, api: LocalBotApi, method: str, **data: Any) -> Any:
    async with http.post(f"{api.base_url}{api.token}/{method}", json=data) as answer:
        return await answer.json()


async def test_updates_are_posted_with_the_secret_and_retried(
    api: LocalBotApi, http: aiohttp.ClientSession
) -> None:
    async with Receiver(failures=2) as receiver:
        url = f"http://127.0.0.1:{receiver.port}/hook"
        result = await _call(http, api, "setWebhook", url=url, secret_token="s3cret_-")
        assert result == {"ok": True, "result": True}
        alice, bob = api.user(1), api.user(2)
        for number in range(5):
            await alice.send(f"a{number}")
            await bob.send(f"b{number}")
        await receiver.wait_for(10)
        assert {secret for secret, _ in receiver.posts} == {"s3cret_-"}
        for person, prefix in ((alice, "a"), (bob, "b")):
            texts = [u["message"]["text"] for _, u in receiver.posts
                     if u["message"]["from"]["id"] == person.user_id]  # fmt: skip
            assert texts == [f"{prefix}{n}" for n in range(5)]
        info = (await _call(http, api, "getWebhookInfo"))["result"]
        assert info["url"] == url
        assert info["pending_update_count"] == 0
        assert "500" in info["last_error_message"]
        assert api.webhook.refused == 2


async def test_webhook_arguments_are_checked(api: LocalBotApi, http: aiohttp.ClientSession) -> None:
    bad_secret = await _call(http, api, "setWebhook", url="http://x/hook", secret_token="a b")
    assert bad_secret["error_code"] == 400
    bad_url = await _call(http, api, "setWebhook", url="ftp://x/hook")
    assert bad_url["error_code"] == 400
    too_many = await _call(http, api, "setWebhook", url="http://x/hook", max_connections=101)
    assert too_many["error_code"] == 400
