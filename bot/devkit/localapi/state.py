"""The server's memory: chats, the update queue, files, callback queries, webhook and commands."""

import itertools
import secrets
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath
from typing import Any

from bot.devkit.localapi.errors import BLOCKED, ApiError, bad_request
from bot.devkit.localapi.models import CallbackQuery, ChatState, StoredFile
from bot.devkit.localapi.params import Params
from bot.devkit.localapi.wakeup import Wakeup


class ApiState:
    """Everything the methods read and change; one instance per server."""

    def __init__(self, bot_user: dict[str, Any]) -> None:
        self.bot_user = bot_user
        self.chats: dict[int, ChatState] = {}
        self.blocked: set[int] = set()
        self.updates: deque[tuple[str, dict[str, Any]]] = deque()
        self.update_ids = itertools.count(1)
        self.update_arrived = Wakeup()
        self.allowed_updates: frozenset[str] | None = None
        self.webhook: dict[str, Any] = {}
        self.webhook_error: tuple[int, str] | None = None  # (unix time, description)
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.file_numbers = itertools.count(1)
        self.queries: dict[str, CallbackQuery] = {}
        self.query_numbers = itertools.count(4_000_000_000_000_000)
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.last_commands: list[dict[str, str]] = []
        self.closing = False
        self.closed = Wakeup()

    def close(self) -> None:
        """Release long polls and delayed answers so the server can stop at once."""
        self.closing = True
        self.update_arrived.fire()
        self.closed.fire()

    def chat_of(self, user_id: int, first_name: str, language_code: str) -> ChatState:
        """The private chat with this user, created on first use."""
        chat = self.chats.get(user_id)
        if chat is None:
            user = {
                "id": user_id,
                "is_bot": False,
                "first_name": first_name,
                "language_code": language_code,
            }
            chat = ChatState(user, {"id": user_id, "type": "private", "first_name": first_name})
            self.chats[user_id] = chat
        return chat

    def group_of(self, chat_id: int, title: str, member_id: int) -> ChatState:
        """A group chat (negative id) the bot can write to, created on first use."""
        chat = self.chats.get(chat_id)
        if chat is None:
            member = self.chats[member_id].user
            chat = ChatState(member, {"id": chat_id, "type": "group", "title": title}, known=True)
            self.chats[chat_id] = chat
        return chat

    def target_chat(self, params: Params) -> ChatState:
        """The chat a call addresses, with Telegram's errors for missing, unknown, blocked."""
        if params.raw("chat_id") in (None, ""):
            raise bad_request("chat_id is empty")
        chat_id = params.integer("chat_id")
        if chat_id in self.blocked:
            raise ApiError(403, BLOCKED)
        chat = self.chats.get(chat_id) if chat_id is not None else None
        if chat is None or not chat.known:
            raise bad_request("chat not found")
        return chat

    def push_update(self, kind: str, payload: dict[str, Any]) -> None:
        """Queue an update for getUpdates and wake a waiting long poll."""
        self.updates.append((kind, {"update_id": next(self.update_ids), kind: payload}))
        self.update_arrived.fire()

    def push_raw(self, update: dict[str, Any]) -> int:
        """Queue an update given as JSON; its kind is its one key besides update_id."""
        update_id = update.get("update_id")
        if not isinstance(update_id, int):
            update_id = next(self.update_ids)
        kinds = [key for key in update if key != "update_id"]
        self.updates.append((kinds[0] if kinds else "", {**update, "update_id": update_id}))
        self.update_arrived.fire()
        return update_id

    def confirm(self, offset: int) -> None:
        """Forget updates as Telegram does: below a positive offset, or all but the last -offset."""
        updates = self.updates
        if offset > 0:
            while updates and updates[0][1]["update_id"] < offset:
                updates.popleft()
        elif offset < 0:
            while len(updates) > -offset:
                updates.popleft()

    def forget(self, update_id: int) -> None:
        """Drop one update the webhook accepted (others may still be on their way)."""
        self.updates = deque(item for item in self.updates if item[1]["update_id"] != update_id)

    def choose_updates(self, allowed: Iterable[str]) -> None:
        """Remember allowed_updates; an empty list means Telegram's default set."""
        chosen = frozenset(allowed)
        self.allowed_updates = chosen or None

    def pending(self, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` waiting updates, dropping kinds the bot did not ask for."""
        allowed = self.allowed_updates
        if allowed is not None:
            self.updates = deque(item for item in self.updates if item[0] in allowed)
        return [update for _, update in itertools.islice(self.updates, limit)]

    def store_file(
        self,
        content: bytes,
        file_name: str,
        mime_type: str,
        folder: str,
        *,
        declared_size: int | None = None,
    ) -> StoredFile:
        """Keep bytes under a new file_id and a download path."""
        number = next(self.file_numbers)
        suffix = PurePosixPath(file_name).suffix or (".jpg" if folder == "photos" else "")
        stored = StoredFile(
            file_id=f"LOCAL{folder[:3].upper()}{number:06d}{secrets.token_hex(6)}",
            file_unique_id=f"U{number:06d}",
            file_path=f"{folder}/file_{number}{suffix}",
            content=content,
            file_name=file_name,
            mime_type=mime_type,
            declared_size=declared_size,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    def issue_query(self, user_id: int, on_answer: Callable[[str, str | None, bool], None]) -> str:
        """A new callback query id that answerCallbackQuery will accept once."""
        query_id = str(next(self.query_numbers))
        self.queries[query_id] = CallbackQuery(user_id, on_answer)
        return query_id
