"""The value of `User.dialog`: which dialog is open and at which question, read and written in
one place. Telegram-free, so services can move a dialog along as part of a use case.
"""

from dataclasses import dataclass
from typing import Any

from db.models import User


@dataclass(frozen=True)
class DialogState:
    """The value of `User.dialog`: which dialog is open, and at which question."""

    name: str
    stage: str

    @property
    def value(self) -> str:
        return f"{self.name}:{self.stage}"

    @classmethod
    def parse(cls, value: str | None) -> "DialogState | None":
        """None when no dialog is open (or the value is not one we write)."""
        if not value or ":" not in value:
            return None
        name, stage = value.split(":", 1)
        return cls(name, stage)


def dialog_state(user: User) -> DialogState | None:
    return DialogState.parse(user.dialog)


def in_dialog(user: User, name: str) -> bool:
    """Whether the user's open dialog is `name` (at any stage)."""
    state = dialog_state(user)
    return state is not None and state.name == name


def open_dialog(user: User, name: str, stage: str, data: dict[str, Any] | None = None) -> None:
    """Move the user to `stage` of dialog `name`; `data`, when given, replaces the answers."""
    user.dialog = DialogState(name, stage).value
    if data is not None:
        user.dialog_data = data


def close_dialog(user: User) -> None:
    user.dialog, user.dialog_data = None, {}
