"""Webhook delivery: while a webhook is set, queued updates are POSTed to it as Telegram does.

Each update goes to the URL as JSON with the `X-Telegram-Bot-Api-Secret-Token` header given to
setWebhook; anything but a 2xx answer (or no answer) keeps it queued and it is posted again a
little later. Up to `max_connections` posts are in flight, at most one per chat, so a chat's
updates arrive in order.
"""

import asyncio
import contextlib
import time
from typing import Any

import aiohttp

from bot.devkit.localapi.state import ApiState

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_DELAY = 0.2
_POST_TIMEOUT = aiohttp.ClientTimeout(total=30)


def sender_of(update: dict[str, Any]) -> int | None:
    """The user (or chat) an update belongs to, whatever its kind."""
    for key, payload in update.items():
        if key != "update_id" and isinstance(payload, dict):
            person = payload.get("from") or payload.get("chat") or {}
            return person.get("id") if isinstance(person, dict) else None
    return None


class WebhookPusher:
    """Runs beside the server; idle while no webhook is set."""

    def __init__(self, state: ApiState) -> None:
        self._state = state
        self._task: asyncio.Task[None] | None = None
        self._busy: set[int | None] = set()
        self._posts: set[asyncio.Task[None]] = set()
        self._retry_at: dict[int, float] = {}
        self.delivered = 0
        self.refused = 0

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        for task in [*self._posts, *([self._task] if self._task else [])]:
            task.cancel()
        for task in [*self._posts, *([self._task] if self._task else [])]:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        state = self._state
        async with aiohttp.ClientSession(timeout=_POST_TIMEOUT) as client:
            while not state.closing:
                hook = state.webhook
                if hook.get("url"):
                    self._post_ready(client, hook)
                await state.update_arrived.wait(RETRY_DELAY if state.updates else 60.0)

    def _post_ready(self, client: aiohttp.ClientSession, hook: dict[str, Any]) -> None:
        limit = int(hook.get("max_connections") or 40)
        now = time.monotonic()
        waiting = set(self._busy)  # chats with a post in flight or an update to post again
        for update in self._state.pending(len(self._state.updates)):
            if len(self._posts) >= limit:
                return
            sender = sender_of(update)
            if sender in waiting:
                continue
            waiting.add(sender)  # the first queued update of a chat is the only one that may go
            if self._retry_at.get(update["update_id"], 0.0) > now:
                continue
            self._busy.add(sender)
            task = asyncio.get_running_loop().create_task(self._post(client, hook, update, sender))
            self._posts.add(task)

    async def _post(
        self,
        client: aiohttp.ClientSession,
        hook: dict[str, Any],
        update: dict[str, Any],
        sender: int | None,
    ) -> None:
        state = self._state
        headers = {SECRET_HEADER: hook["secret_token"]} if hook.get("secret_token") else {}
        try:
            async with client.post(hook["url"], json=update, headers=headers) as answer:
                ok = 200 <= answer.status < 300
                error = f"Wrong response from the webhook: {answer.status} {answer.reason}"
        except (aiohttp.ClientError, TimeoutError) as failure:
            ok, error = False, f"Connection failed: {type(failure).__name__}"
        finally:
            self._busy.discard(sender)
            self._posts.discard(asyncio.current_task())
        if ok:
            self.delivered += 1
            self._retry_at.pop(update["update_id"], None)
            state.forget(update["update_id"])
        else:
            self.refused += 1
            self._retry_at[update["update_id"]] = time.monotonic() + RETRY_DELAY
            state.webhook_error = (int(time.time()), error)
        state.update_arrived.fire()  # the next one of this chat (or this one again) may go
