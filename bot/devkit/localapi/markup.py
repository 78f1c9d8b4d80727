"""reply_markup checks and the buttons a simulated user can see and press."""

from dataclasses import dataclass, field
from typing import Any

from bot.devkit.localapi.errors import bad_request
from bot.devkit.localapi.models import Buttons

MAX_CALLBACK_BYTES = 64
_UNPARSABLE = "can't parse reply keyboard markup JSON object"
_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)


@dataclass(frozen=True, slots=True)
class Markup:
    """A checked reply_markup: the inline keyboard to echo, its buttons, a reply keyboard."""

    inline: dict[str, Any] | None = None
    buttons: Buttons = field(default_factory=list)
    keyboard: list[list[str]] | None = None


NO_MARKUP = Markup()


def read_markup(value: Any) -> Markup:
    """Check a decoded reply_markup the way Telegram does; None means no markup."""
    if value is None:
        return NO_MARKUP
    if not isinstance(value, dict):
        raise bad_request(_UNPARSABLE)
    if "inline_keyboard" in value:
        return _inline(value["inline_keyboard"])
    if "keyboard" in value:
        return Markup(keyboard=_reply_keyboard(value["keyboard"]))
    if value.get("remove_keyboard") or value.get("force_reply"):
        return NO_MARKUP
    raise bad_request(_UNPARSABLE)


def _rows(value: Any) -> list[list[Any]]:
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise bad_request(_UNPARSABLE)
    return value


def _inline(rows: Any) -> Markup:
    buttons: Buttons = []
    for row in _rows(rows):
        labels = []
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request(_UNPARSABLE)
            if not _ACTIONS.intersection(button):
                raise bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not _valid_callback_data(data):
                raise bad_request("BUTTON_DATA_INVALID")
            labels.append((button["text"], data or ""))
        buttons.append(labels)
    if not any(buttons):
        return NO_MARKUP
    return Markup(inline={"inline_keyboard": rows}, buttons=buttons)


def _valid_callback_data(data: Any) -> bool:
    return isinstance(data, str) and 0 < len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES


def _reply_keyboard(rows: Any) -> list[list[str]]:
    keyboard = []
    for row in _rows(rows):
        labels = []
        for button in row:
            label = button.get("text") if isinstance(button, dict) else button
            if not isinstance(label, str):
                raise bad_request(_UNPARSABLE)
            labels.append(label)
        keyboard.append(labels)
    return keyboard
