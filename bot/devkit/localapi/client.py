"""A simulated Telegram user: writes to the bot, presses buttons, reads what comes back."""

import asyncio
import re
import time
from typing import Any

from bot.devkit.localapi.models import BotMessage, ChatState
from bot.devkit.localapi.state import ApiState

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,64})?")
_DUMP_LINES = 12


class SimulatedUser:
    """One person in a private chat with the bot (chat_id == user_id).

    Reading is a cursor over the chat's events, new messages and edits in the order the server
    accepted them: `next()` returns the first one not read yet.
    """

    def __init__(self, state: ApiState, chat: ChatState) -> None:
        self._state = state
        self._chat = chat
        self._cursor = 0
        self._answers: dict[str, asyncio.Future[str | None]] = {}
        self._newest_query: str | None = None
        self.user_id: int = chat.user["id"]
        self.chat_id: int = chat.chat["id"]
        self.toasts: list[str | None] = []
        self.alerts: list[bool] = []  # per toast: shown as an alert the user must dismiss

    @property
    def last_toast(self) -> str | None:
        """Text of the latest callback answer (None if it had no text, or none came yet)."""
        return self.toasts[-1] if self.toasts else None

    async def send(self, text: str) -> None:
        """Write a text message; a leading /command gets its bot_command entity."""
        fields: dict[str, Any] = {"text": text}
        command = _COMMAND.match(text)
        if command:
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
        self._message(fields)

    async def block_bot(self) -> None:
        """Block the bot: sends to this chat now fail with 403, and the bot gets a
        my_chat_member update saying it was kicked."""
        self._state.blocked.add(self.user_id)
        self._membership("member", "kicked")

    async def restart_bot(self) -> None:
        """Unblock the bot again (the my_chat_member update says it is a member again)."""
        self._state.blocked.discard(self.user_id)
        self._membership("kicked", "member")

    def _membership(self, old: str, new: str) -> None:
        bot = self._state.bot_user

        def member(status: str) -> dict[str, Any]:
            return {
                "status": status,
                "user": bot,
                **({"until_date": 0} if status == "kicked" else {}),
            }

        change = {
            "chat": self._chat.chat,
            "from": self._chat.user,
            "date": int(time.time()),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        self._state.push_update("my_chat_member", change)

    async def edit_last(self, text: str) -> None:
        """Edit the text of this user's newest message (an `edited_message` update)."""
        chat = self._chat
        mine = [m for m in chat.messages.values() if m.get("from", {}).get("id") == self.user_id]
        if not mine:
            raise LookupError("this user has not written anything to edit")
        edited = {**mine[-1], "text": text, "edit_date": int(time.time())}
        chat.messages[edited["message_id"]] = edited
        self._state.push_update("edited_message", edited)

    async def press(self, button: str, *, message: BotMessage | None = None) -> None:
        """Press the inline button with this label (or callback_data) on `message`.

        The default is the newest bot message in the chat that has inline buttons.
        """
        target = self._pressable(message)
        self._query(target, _callback_data(target, button))

    async def press_data(self, callback_data: str, message_id: int) -> None:
        """Send a callback query with any `callback_data` from the bot's message `message_id`.

        Official apps only send the data of a button the bot attached; a modified client can
        send anything (another user's ids, stale or made-up values), and this is how a test
        plays that client.
        """
        target = self._chat.log.get(message_id)
        if target is None:
            raise LookupError(f"no bot message #{message_id} in chat {self.chat_id}")
        self._query(target, callback_data)

    async def press_inline(self, callback_data: str) -> None:
        """Press a button on an inline-mode message: the query has no `message`, only an
        `inline_message_id` (the bot's own chats never show it)."""
        self._query(None, callback_data)

    def _query(self, target: BotMessage | None, data: str) -> None:
        query_id = self._state.issue_query(self.user_id, self._answered)
        self._answers[query_id] = asyncio.get_running_loop().create_future()
        self._newest_query = query_id
        query: dict[str, Any] = {
            "id": query_id,
            "from": self._chat.user,
            "chat_instance": f"local-{self.chat_id}",
            "data": data,
        }
        if target is None:
            query["inline_message_id"] = f"inline-{query_id}"
        else:
            query["message"] = target.raw
        self._state.push_update("callback_query", query)

    async def share_location(self, latitude: float, longitude: float) -> None:
        """Send a location, as the attachment menu or a request_location button does."""
        self._message({"location": {"latitude": latitude, "longitude": longitude}})

    async def send_document(
        self,
        file_name: str,
        content: bytes,
        mime_type: str = "application/octet-stream",
        *,
        declared_size: int | None = None,
    ) -> None:
        """Send a file; the bot can fetch it with getFile and download it.

        `declared_size` is the size the update announces, to play a file too big to download
        without building one (getFile refuses it as Telegram does).
        """
        stored = self._state.store_file(
            content, file_name, mime_type, "documents", declared_size=declared_size
        )
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": stored.size,
        }
        self._message({"document": document})

    async def send_raw(self, message_fields: dict[str, Any]) -> None:
        """Send a message with arbitrary fields (a sticker, a contact...) on top of the basics."""
        self._message(dict(message_fields))

    async def next(self, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109 (the documented API)
        """The next bot message or edit in this chat; TimeoutError with the chat dump otherwise."""
        event = await self._next_event(timeout)
        if event is None:
            raise TimeoutError(
                f"no new message from the bot to {self.chat_id} within {timeout} s\n{self._dump()}"
            )
        return event

    async def ask(self, text: str, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109 (the documented API)
        """Send `text` and return the bot's next event."""
        await self.send(text)
        return await self.next(timeout)

    async def click(self, button: str, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109 (the documented API)
        """Press `button` and return the bot's next event."""
        await self.press(button)
        return await self.next(timeout)

    async def expect_silence(self, seconds: float = 0.3) -> None:
        """AssertionError if the bot sends or edits anything in this chat within `seconds`."""
        event = await self._next_event(seconds)
        if event is not None:
            raise AssertionError(f"expected silence from the bot, got {event.describe()}")

    async def drain(self, settle: float = 0.2) -> list[BotMessage]:
        """Read every event until none arrives for `settle` seconds."""
        events = []
        while (event := await self._next_event(settle)) is not None:
            events.append(event)
        return events

    async def wait_toast(self, timeout: float = 5.0) -> str | None:  # noqa: ASYNC109 (the documented API)
        """Wait until the bot answers this user's newest callback query; its toast text."""
        if self._newest_query is None:
            raise RuntimeError("no button was pressed yet")
        answer = self._answers[self._newest_query]
        try:
            return await asyncio.wait_for(asyncio.shield(answer), timeout)
        except TimeoutError:
            raise TimeoutError(
                f"the bot did not answer the button press within {timeout} s"
            ) from None

    def _message(self, fields: dict[str, Any]) -> None:
        chat = self._chat
        chat.known = True
        message = chat.new_message(chat.user)
        message.update(fields)
        chat.messages[message["message_id"]] = message
        self._state.push_update("message", message)

    async def _next_event(self, within: float) -> BotMessage | None:
        chat = self._chat
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while self._cursor >= len(chat.events):
            remaining = deadline - loop.time()
            if remaining <= 0 or not await chat.wakeup.wait(remaining):
                return None
        event = chat.events[self._cursor]
        self._cursor += 1
        return event

    def _pressable(self, message: BotMessage | None) -> BotMessage:
        log = self._chat.log
        if message is not None:
            current = log.get(message.message_id)
            if current is None:
                raise LookupError(f"message #{message.message_id} is no longer in the chat")
            return current
        for candidate in reversed(log.values()):
            if candidate.buttons:
                return candidate
        raise LookupError(f"no bot message with inline buttons in chat {self.chat_id}")

    def _answered(self, query_id: str, text: str | None, show_alert: bool) -> None:
        self.toasts.append(text)
        self.alerts.append(show_alert)
        answer = self._answers.get(query_id)
        if answer is not None and not answer.done():
            answer.set_result(text)

    def _dump(self) -> str:
        log = list(self._chat.log.values())[-_DUMP_LINES:]
        lines = [message.describe() for message in log] or ["(the bot has not written here)"]
        return "chat so far:\n  " + "\n  ".join(lines)


def _callback_data(message: BotMessage, button: str) -> str:
    """The data of the button labelled `button`, or else whose callback_data is `button`."""
    buttons = [pair for row in message.buttons for pair in row]
    for match in (
        [data for label, data in buttons if label == button],
        [data for _, data in buttons if data == button],
    ):
        if match:
            if not match[0]:
                raise LookupError(f"button {button!r} opens a link; it sends no callback")
            return match[0]
    raise LookupError(
        f"no button {button!r} on message #{message.message_id}; labels: {message.labels}"
    )
