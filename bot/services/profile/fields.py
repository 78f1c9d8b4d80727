"""What a profile field is: one descriptor says how it is asked, parsed, described and kept.

A draft holds answers as plain JSON values (times as "HH:MM", lists for sets), so it can live in
the user row while a dialog is open; each field's columns say how its draft values map to the
User's attributes and back.
"""

import dataclasses
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from db.models import User

Draft = dict[str, Any]
Buttons = list[list[tuple[str, str]]]  # rows of (label, value)


@dataclass(frozen=True)
class Invalid:
    """A friendly explanation of what we expected instead.

    `remember` is kept in the draft all the same: a suggestion the next answer may confirm.
    """

    message: str
    remember: Draft = dataclasses.field(default_factory=dict)


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Column:
    """A User attribute a field keeps, under the same name in the draft.

    `load` turns the attribute into its draft value, `store` a draft value (None when the draft
    lacks it) back into the attribute. Columns differ in type, hence the Any.
    """

    name: str
    load: Callable[[Any], Any] = _same
    store: Callable[[Any], Any] = _same


def _no_line(_draft: Draft, _now: datetime) -> str | None:
    return None


@dataclass(frozen=True)
class Step:
    """One profile field, asked as one question by /start (in order) or /settings (alone).

    - `applies`: whether this user is asked (a runner isn't asked about work hours);
    - `question`, `buttons`: how it is asked; a button's value is parsed like typed text;
    - `parse`: an answer → the draft values to update, or why it was refused;
    - `describe`: the answer in words (plain text), for the ✓ line after an answer;
    - `columns`: the User attributes it loads from and stores to;
    - `saved_when`: whether a draft carries this field (by default: its first column is there);
    - `summary`: its line in the profile summary, None for none (HTML).
    """

    key: str
    title: str
    applies: Callable[[Draft], bool]
    question: Callable[[Draft], str]
    buttons: Callable[[Draft], Buttons]
    parse: Callable[[str, Draft], Draft | Invalid]
    describe: Callable[[Draft], str]
    columns: tuple[Column, ...]
    summary: Callable[[Draft, datetime], str | None] = _no_line
    saved_when: Callable[[Draft], bool] | None = None

    def load(self, user: User) -> Draft:
        """The field's draft values, read from the saved profile."""
        return {column.name: column.load(getattr(user, column.name)) for column in self.columns}

    def store(self, user: User, draft: Draft) -> None:
        """Write the field's draft values into the profile; a draft without it changes nothing."""
        carried = self.saved_when or (lambda d: self.columns[0].name in d)
        if not carried(draft):
            return
        for column in self.columns:
            setattr(user, column.name, column.store(draft.get(column.name)))


# --- codecs for the columns -----------------------------------------------------------------


def hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def clock(name: str) -> Column:
    """A wall-clock time, "HH:MM" in the draft."""
    return Column(name, hhmm, time.fromisoformat)


def optional_clock(name: str) -> Column:
    """A wall-clock time or nothing (quiet hours off, no lunch break)."""
    return Column(
        name,
        lambda value: hhmm(value) if value else None,
        lambda value: time.fromisoformat(value) if value else None,
    )


def word_list(name: str, order: Collection[str] | None = None) -> Column:
    """Comma-separated words in the row, a list in the draft (sorted, or in the given order)."""

    def load(value: str) -> list[str]:
        words = {word for word in value.split(",") if word}
        return sorted(words) if order is None else [word for word in order if word in words]

    def store(words: list[str]) -> str:
        return ",".join(sorted(words) if order is None else words)

    return Column(name, load, store)
