"""What the local server remembers: the bot's messages as a user sees them, chats, files."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.devkit.localapi.wakeup import Wakeup

Buttons = list[list[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class BotMessage:
    """One message from the bot (or one edit of it), in the terms a test asserts on.

    `text` is what the user reads (tags stripped, entities decoded), `html` what the bot sent.
    `buttons` are inline keyboard rows of (label, callback_data); URL buttons carry "".
    `document` holds the bytes of a sent document or photo.
    """

    message_id: int
    chat_id: int
    kind: str
    text: str
    html: str
    buttons: Buttons = field(default_factory=list)
    edited: bool = False
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_keyboard: list[list[str]] | None = None
    document: bytes | None = None
    file_name: str | None = None
    location: tuple[float, float] | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def labels(self) -> list[str]:
        """Every inline button label, row by row."""
        return [label for row in self.buttons for label, _ in row]

    def has_button(self, label: str) -> bool:
        """Whether an inline button with exactly this label is attached."""
        return label in self.labels

    def describe(self) -> str:
        """One readable line for failure messages."""
        state = " (edited)" if self.edited else ""
        line = f"#{self.message_id} {self.kind}{state}: {self.text!r}"
        if self.buttons:
            line += " " + " ".join(f"[{label}]" for label in self.labels)
        if self.reply_keyboard:
            line += " keyboard: " + " | ".join(" ".join(row) for row in self.reply_keyboard)
        return line


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file the bot or a user sent, served under `file_path`."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str
    mime_type: str
    declared_size: int | None = None  # what the update claims, when a test plays a huge file

    @property
    def size(self) -> int:
        return len(self.content) if self.declared_size is None else self.declared_size

    def as_file(self) -> dict[str, Any]:
        """The Bot API File object that getFile returns."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


@dataclass(slots=True)
class CallbackQuery:
    """A query the server issued; answering it calls back the simulated user."""

    user_id: int
    on_answer: Callable[[str, str | None, bool], None]
    answered: bool = False


@dataclass(slots=True)
class ChatState:
    """A private chat between the bot and one simulated user."""

    user: dict[str, Any]
    chat: dict[str, Any]
    known: bool = False
    last_message_id: int = 0
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    log: dict[int, BotMessage] = field(default_factory=dict)
    events: list[BotMessage] = field(default_factory=list)
    send_times: list[float] = field(default_factory=list)
    wakeup: Wakeup = field(default_factory=Wakeup)

    def new_message(self, sender: dict[str, Any]) -> dict[str, Any]:
        """The common fields of the next message in this chat, from `sender`."""
        self.last_message_id += 1
        return {
            "message_id": self.last_message_id,
            "from": sender,
            "chat": self.chat,
            "date": int(time.time()),
        }

    def record_sent(self, message: BotMessage) -> None:
        """A new bot message: remembered, timed, and announced to waiting users."""
        self.messages[message.message_id] = message.raw
        self.log[message.message_id] = message
        self.events.append(message)
        self.send_times.append(time.monotonic())
        self.wakeup.fire()

    def record_edit(self, message: BotMessage) -> None:
        """A bot message changed in place; users see it as an event too."""
        self.messages[message.message_id] = message.raw
        self.log[message.message_id] = message
        self.events.append(message)
        self.wakeup.fire()
