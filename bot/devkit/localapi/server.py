"""A local Telegram Bot API server on 127.0.0.1 for end-to-end tests, benchmarks and the console.

python-telegram-bot talks to it through `base_url` / `base_file_url` exactly as it talks to
Telegram: `POST|GET /bot<token>/<method>` with parameters as query string, JSON, form or
multipart, answers `{"ok": true, "result": ...}` or Telegram's error shape with the same HTTP
status, and files under `GET /file/bot<token>/<file_path>`.

Implemented: getMe, logOut, close, getUpdates (offset, limit, long-poll timeout,
allowed_updates), setWebhook (updates are then POSTed to the URL with the secret token
header, see webhook.py), deleteWebhook, getWebhookInfo, setMyCommands,
getMyCommands, deleteMyCommands, sendMessage, sendPhoto, sendDocument, sendLocation,
sendChatAction, editMessageText, editMessageReplyMarkup, editMessageMedia, deleteMessage,
answerCallbackQuery, getFile. Private chats with simulated users, and group chats they write in
(`group`); other updates (inline queries, channel posts, payments...) can be queued as raw JSON
(`inject`).

Checked as Telegram does, with its descriptions: the token (401), unknown methods (404), unknown
or missing chat, a user who blocked the bot (403), empty text, text over 4096 and captions over
1024 UTF-16 code units, HTML parse errors (tags, attributes, nesting, entities; a bare `&` is
refused although Telegram lets it pass), callback_data of 1-64 bytes, inline buttons without an
action, edits that change nothing, unknown messages to edit, delete or reply to, callback
queries answered twice or never issued, unknown file ids, invalid bot commands, getUpdates while
a webhook is set. Optionally (`send_limit`) a strict overall limit: more sends than that in any
rolling second get 429 with retry_after. Not modelled: per-chat limits (inject them with
`faults`), automatic url/mention entities, link previews, dimensions of images other than PNG.
"""

import collections
import json
import logging
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.devkit.localapi.client import SimulatedUser
from bot.devkit.localapi.errors import ApiError
from bot.devkit.localapi.faults import Faults
from bot.devkit.localapi.limits import SendWindow
from bot.devkit.localapi.methods import METHODS
from bot.devkit.localapi.models import BotMessage
from bot.devkit.localapi.params import Params, read_params
from bot.devkit.localapi.state import ApiState
from bot.devkit.localapi.webhook import WebhookPusher

_LOG = logging.getLogger(__name__)
_MAX_UPLOAD = 50 * 1024 * 1024
_UNAUTHORIZED = ApiError(401, "Unauthorized")
_NOT_FOUND = ApiError(404, "Not Found: method not found")


def _answer(body: dict[str, Any], status: int = 200) -> web.Response:
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return web.Response(body=payload, status=status, content_type="application/json")


def _error(error: ApiError) -> web.Response:
    return _answer(error.body(), error.status)


class LocalBotApi:
    """The server plus the handles tests use: simulated users, chat logs, faults, counters."""

    def __init__(
        self,
        token: str = "123456:LOCAL-TEST-TOKEN",
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "limber_bot",
        bot_first_name: str = "Limber",
        send_limit: int | None = None,
    ) -> None:
        """`send_limit`: refuse with 429 any send beyond that many in a rolling second."""
        self.token = token
        self.host = host
        self.port = port
        self.bot_id = int(token.split(":")[0])
        self.bot_username = bot_username
        self.faults = Faults()
        self.send_window = SendWindow(send_limit) if send_limit else None
        self.method_calls: collections.Counter[str] = collections.Counter()
        self._state = ApiState(
            {
                "id": self.bot_id,
                "is_bot": True,
                "first_name": bot_first_name,
                "username": bot_username,
            }
        )
        self._users: dict[int, SimulatedUser] = {}
        self._runner: web.AppRunner | None = None
        self.webhook = WebhookPusher(self._state)

    @property
    def base_url(self) -> str:
        """What to pass to `ApplicationBuilder().base_url(...)`."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """What to pass to `ApplicationBuilder().base_file_url(...)`."""
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def commands(self) -> list[dict[str, str]]:
        """The last list given to setMyCommands ([] after deleteMyCommands)."""
        return self._state.last_commands

    async def start(self) -> None:
        """Listen on host:port; port 0 picks a free one, readable from `port` afterwards."""
        app = web.Application(client_max_size=_MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._call)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.webhook.start()

    async def stop(self) -> None:
        """End pending long polls, webhook posts and delayed answers, then close the listener."""
        self._state.close()
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "LocalBotApi":
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    def user(
        self, user_id: int, first_name: str = "Alex", language_code: str = "en"
    ) -> SimulatedUser:
        """The simulated person with this id (the same object on every call)."""
        user = self._users.get(user_id)
        if user is None:
            chat = self._state.chat_of(user_id, first_name, language_code)
            user = SimulatedUser(self._state, chat)
            self._users[user_id] = user
        return user

    def open_chat(self, user_id: int, first_name: str = "Alex", language_code: str = "en") -> None:
        """Let the bot write to this user, as if they had started it, without queueing an update.

        Benchmarks open thousands of chats this way; `user(user_id)` still gives the same chat.
        """
        self._state.chat_of(user_id, first_name, language_code).known = True

    def group(self, chat_id: int, title: str = "Team", member: int = 1001) -> SimulatedUser:
        """A group chat the bot was added to, with `member` writing in it (a simulated user whose
        messages and button presses come from the group). The group's messages are read the
        same way as a private chat's; `chat_log(chat_id)` lists them."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        person = self.user(member)
        chat = self._state.group_of(chat_id, title, person.user_id)
        return SimulatedUser(self._state, chat)

    def inject(self, update: dict[str, Any]) -> int:
        """Queue any update JSON as it is (an update_id is added when missing); returns the id.

        For update types the simulated users do not produce: channel posts, polls, inline
        queries, chat member changes, payments... A callback_query's id is issued here, so
        answering it works as for a pressed button.
        """
        fields = dict(update)
        query = fields.get("callback_query")
        if isinstance(query, dict) and "id" not in query:
            sender = query.get("from", {}).get("id", 0)
            fields["callback_query"] = {
                **query,
                "id": self._state.issue_query(sender, lambda _id, _text, _alert: None),
            }
        return self._state.push_raw(fields)

    def answered(self, query_id: str) -> bool:
        """Whether the bot answered this callback query."""
        query = self._state.queries.get(query_id)
        return query is not None and query.answered

    def block(self, user_id: int) -> None:
        """The user blocked the bot: calls addressing their chat answer 403."""
        self._state.blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        """The user restarted the bot."""
        self._state.blocked.discard(user_id)

    def chat_log(self, chat_id: int) -> list[BotMessage]:
        """Every bot message in the chat that was not deleted, as it looks now."""
        chat = self._state.chats.get(chat_id)
        return list(chat.log.values()) if chat else []

    def send_times(self, chat_id: int) -> list[float]:
        """time.monotonic() of each successful send to the chat (edits excluded)."""
        chat = self._state.chats.get(chat_id)
        return list(chat.send_times) if chat else []

    async def _call(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(_UNAUTHORIZED)
        entry = METHODS.get(request.match_info["method"].lower())
        if entry is None:
            return _error(_NOT_FOUND)
        name, handler = entry
        self.method_calls[name] += 1
        try:
            params = await read_params(request)
            if self.send_window is not None and not self.send_window.admit(name):
                raise ApiError.of_status(429, retry_after=self.send_window.retry_after)
            if self.faults.armed:
                await self._inject(name.lower(), params)
            result = await handler(self._state, params)
            if self.faults.armed and (late := self.faults.take_slow(name.lower())) > 0:
                await self._state.closed.wait(late)
        except ApiError as error:
            return _error(error)
        except Exception:
            _LOG.exception("local Bot API failed in %s", name)
            return _error(ApiError.of_status(500))
        return _answer({"ok": True, "result": result})

    async def _inject(self, method: str, params: Params) -> None:
        """Apply a pending delay, then a pending failure, for this call."""
        seconds = self.faults.take_delay(method)
        if seconds > 0:
            await self._state.closed.wait(seconds)
            if self._state.closing:
                raise ApiError.of_status(500)
        failure = self.faults.take_failure(method, params.integer("chat_id"))
        if failure is not None:
            raise failure

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(_UNAUTHORIZED)
        stored = self._state.files_by_path.get(request.match_info["path"])
        if stored is None:
            return _error(ApiError(404, "Not Found"))
        return web.Response(body=stored.content, content_type="application/octet-stream")
