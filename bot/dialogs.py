"""Open questions kept on the user row, and which feature answers them.

`User.dialog` holds "<name>:<stage>" ("onboard:timezone", "edit:quiet", "pain:trauma") and
`User.dialog_data` the answers so far, so a dialog survives restarts. `DialogState` (in the
Telegram-free bot/dialog_state.py, re-exported here) is the one place that writes and reads
that value. A feature registers the dialog it owns from its `register(app)`; the fallback
routes typed text, locations and off-topic messages through `dialog_for(user)` without
importing any feature.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot.context import LimberContext
from bot.dialog_state import (
    DialogState,
    close_dialog,
    dialog_state,
    in_dialog,
    open_dialog,
)
from db.models import User

TextAnswer = Callable[[Update, LimberContext, AsyncSession, User, str], Awaitable[None]]
LocationAnswer = Callable[[Update, LimberContext, AsyncSession, User], Awaitable[None]]
Reask = Callable[[LimberContext, User, str], None]

__all__ = [
    "Dialog",
    "DialogState",
    "close_dialog",
    "dialog_for",
    "dialog_state",
    "in_dialog",
    "open_dialog",
    "register_dialog",
]


@dataclass(frozen=True)
class Dialog:
    """A feature's dialog: the names it writes to `User.dialog`, and how it answers.

    `is_open` narrows the names to the stages the feature still knows (a stage retired by an
    update is no open question); `reask` puts the pending question back on screen after an
    off-topic message; `on_location` takes a shared location. Without them the fallback just
    says its piece.
    """

    names: frozenset[str]
    on_text: TextAnswer
    is_open: Callable[[User], bool] | None = None
    reask: Reask | None = None
    on_location: LocationAnswer | None = None


_DIALOGS: dict[frozenset[str], Dialog] = {}


def register_dialog(dialog: Dialog) -> None:
    """Make `dialog` reachable from the fallback. Registering it again (a rebuilt application)
    replaces it in place; the first registered is asked first."""
    for names in _DIALOGS:
        if names != dialog.names and names & dialog.names:
            raise ValueError(f"dialog names {sorted(names & dialog.names)} are taken")
    _DIALOGS[dialog.names] = dialog


def dialog_for(user: User) -> Dialog | None:
    """The registered dialog that owns the user's open question, if any."""
    state = dialog_state(user)
    if state is None:
        return None
    for dialog in _DIALOGS.values():
        if state.name in dialog.names and (dialog.is_open is None or dialog.is_open(user)):
            return dialog
    return None
