"""The dialog registry: the `User.dialog` value, and which feature answers an open question."""

from collections.abc import Iterator

import pytest

from bot import dialogs
from bot.dialogs import (
    Dialog,
    DialogState,
    close_dialog,
    dialog_for,
    dialog_state,
    in_dialog,
    open_dialog,
    register_dialog,
)
from bot.handlers import profile_flow
from db.models import User


async def _ignore(*_args: object) -> None:
    return None


@pytest.fixture(autouse=True)
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test registers into its own, empty registry."""
    monkeypatch.setattr(dialogs, "_DIALOGS", {})
    yield


def user_in(value: str | None) -> User:
    return User(telegram_id=1, chat_id=1, first_name="A", dialog=value, dialog_data={})


@pytest.mark.parametrize(
    ("value", "state"),
    [
        ("onboard:timezone", DialogState("onboard", "timezone")),
        ("pain:", DialogState("pain", "")),
        ("edit:a:b", DialogState("edit", "a:b")),
        (None, None),
        ("", None),
        ("pain", None),
    ],
)
def test_the_dialog_value_reads_back(value: str | None, state: DialogState | None) -> None:
    assert DialogState.parse(value) == state
    if state is not None:
        assert state.value == value


def test_open_and_close_write_the_row() -> None:
    user = user_in(None)
    open_dialog(user, "pain", "area", {"answers": {}})
    assert user.dialog == "pain:area" and user.dialog_data == {"answers": {}}
    open_dialog(user, "pain", "trauma")  # the answers so far stay
    assert dialog_state(user) == DialogState("pain", "trauma") and user.dialog_data
    assert in_dialog(user, "pain") and not in_dialog(user, "edit")
    close_dialog(user)
    assert user.dialog is None and user.dialog_data == {}


def test_the_open_question_finds_its_dialog_in_registration_order() -> None:
    register_dialog(profile_flow.DIALOG)
    pain = Dialog(names=frozenset({"pain"}), on_text=_ignore)
    register_dialog(pain)
    assert dialog_for(user_in("onboard:timezone")) is profile_flow.DIALOG
    assert dialog_for(user_in("edit:quiet")) is profile_flow.DIALOG
    assert dialog_for(user_in("pain:trauma")) is pain
    # A step retired by an update is no open question; nor is an unknown dialog or none.
    assert dialog_for(user_in("edit:retired_step")) is None
    assert dialog_for(user_in("quiz:1")) is None
    assert dialog_for(user_in(None)) is None


def test_registering_again_replaces_in_place() -> None:
    first = Dialog(names=frozenset({"a"}), on_text=_ignore)
    register_dialog(first)
    register_dialog(Dialog(names=frozenset({"b"}), on_text=_ignore))
    again = Dialog(names=frozenset({"a"}), on_text=_ignore, reask=lambda *_: None)
    register_dialog(again)
    assert next(iter(dialogs._DIALOGS.values())) is again
    assert dialog_for(user_in("a:x")) is again


def test_two_features_cannot_share_a_dialog_name() -> None:
    register_dialog(Dialog(names=frozenset({"a", "b"}), on_text=_ignore))
    with pytest.raises(ValueError, match="taken"):
        register_dialog(Dialog(names=frozenset({"b", "c"}), on_text=_ignore))
