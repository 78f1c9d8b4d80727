"""One codec for every button's callback data: `<prefix>:<field>:<field>…`, at most 64 bytes.

Each family of buttons is a small frozen dataclass with typed fields. `encode` writes one;
`decode` reads data back, validating every field (a known prefix, enum members, row ids within
PostgreSQL's integer, names matching a strict pattern, lengths), and returns None for anything no
button of ours carries: forged data, out-of-range values, a retired format. It never raises.

Plain strings only, nothing of Telegram: services build buttons with it too.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Final, TypeVar

MAX_BYTES: Final = 64  # Telegram's limit for callback_data
MAX_ROW_ID: Final = 2**31 - 1  # PostgreSQL's integer

_ROW_ID = re.compile(r"[1-9][0-9]{0,9}")
_MARK = re.compile(r"[1-9][0-9]{0,17}")  # an account's creation instant in microseconds
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")  # pain areas, rule and question ids, step keys
_PERIOD = re.compile(r"[1-9][0-9]?[wmy]")  # a /stats span: 4w, 12w, 1y
# What a profile question's button answers with: a time, a range, a zone name, a distance…
_ANSWER = re.compile(r"[A-Za-z0-9_ ./:+,-]{1,48}")
_DIGEST = re.compile(r"[0-9a-f]{16}")


class Prefix(StrEnum):
    """The first field of every button's data: which family it belongs to."""

    REMINDER = "r"
    PAUSE = "pz"
    PAIN_AREA = "pa"
    PAIN_SAFETY = "ps"
    PAIN_TOPIC = "pr"
    PAIN_BETTER = "pb"
    SETUP_RESUME = "ob"
    PROFILE_STEP = "p"
    SETTINGS = "s"
    LOG_AGAIN = "la"
    UNDO = "ud"
    DELETE = "del"
    STATS = "st"
    IMPORT = "imp"


class ReminderAction(StrEnum):
    DONE = "done"
    SNOOZE = "snooze"  # opens the snooze options
    SKIP = "skip"
    BACK = "back"  # from the snooze options to the reminder's buttons
    TAKE = "take"  # a skipped break, taken after all
    SNOOZE_10 = "sz10"
    SNOOZE_30 = "sz30"
    SNOOZE_60 = "sz60"
    SNOOZE_180 = "sz180"
    SNOOZE_TOMORROW = "sztm"


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"


class SetupChoice(StrEnum):
    CONTINUE = "continue"
    RESTART = "restart"


class ImportAction(StrEnum):
    LOG = "log"
    CHANGE_SPORT = "chg"
    SET_SPORT = "set"
    CANCEL = "no"


# Track formats and sports as one letter each, so a whole summary fits in 64 bytes.
_FORMATS: Final = {"gpx": "g", "fit": "f", "tcx": "t"}
_SPORTS: Final = {"ride": "r", "run": "u"}


@dataclass(frozen=True)
class ReminderButton:
    """`r:<action>:<delivery id>`: Done, Snooze, Skip and the snooze options on a reminder."""

    prefix: ClassVar[Prefix] = Prefix.REMINDER
    action: ReminderAction
    delivery_id: int


@dataclass(frozen=True)
class PauseButton:
    """`pz:<words>`: a /pause choice, worded as the user could type it (`1d`, `until monday`).
    The words are free text for the pause parser, which refuses what it cannot read."""

    prefix: ClassVar[Prefix] = Prefix.PAUSE
    words: str


@dataclass(frozen=True)
class PainAreaButton:
    """`pa:<area>`: where it hurts."""

    prefix: ClassVar[Prefix] = Prefix.PAIN_AREA
    area: str


@dataclass(frozen=True)
class PainSafetyButton:
    """`ps:<question>:yes|no`: a safety question (or the yes/no about a doubtful warning sign)."""

    prefix: ClassVar[Prefix] = Prefix.PAIN_SAFETY
    question: str
    answer: YesNo


@dataclass(frozen=True)
class PainTopicButton:
    """`pr:<rule id>`: one of the other topics a /pain answer offers."""

    prefix: ClassVar[Prefix] = Prefix.PAIN_TOPIC
    rule_id: str


@dataclass(frozen=True)
class PainBetterButton:
    """`pb:<area>`: on a reminder, the sore area feels better."""

    prefix: ClassVar[Prefix] = Prefix.PAIN_BETTER
    area: str


@dataclass(frozen=True)
class SetupResumeButton:
    """`ob:continue|restart`: a half-done setup, continued or begun again."""

    prefix: ClassVar[Prefix] = Prefix.SETUP_RESUME
    choice: SetupChoice


@dataclass(frozen=True)
class ProfileStepButton:
    """`p:<step>:<value>`: a button on a profile question; the value reads as a typed answer."""

    prefix: ClassVar[Prefix] = Prefix.PROFILE_STEP
    step: str
    value: str


@dataclass(frozen=True)
class SettingsButton:
    """`s:<choice>`: a field to change, `settings`, `resume` or the weekly summary's switch."""

    prefix: ClassVar[Prefix] = Prefix.SETTINGS
    choice: str


@dataclass(frozen=True)
class LogAgainButton:
    """`la:yes|no:<activity id>`: "log it again?" about a ride or run just logged."""

    prefix: ClassVar[Prefix] = Prefix.LOG_AGAIN
    answer: YesNo
    activity_id: int


@dataclass(frozen=True)
class UndoButton:
    """`ud:<activity id>`: the Undo under a "Logged" reply."""

    prefix: ClassVar[Prefix] = Prefix.UNDO
    activity_id: int


@dataclass(frozen=True)
class DeleteButton:
    """`del:yes:<account mark>` erases the account made at that instant; `del:no` keeps it.
    The mark (microseconds since the epoch) keeps an old button from erasing a newer account."""

    prefix: ClassVar[Prefix] = Prefix.DELETE
    account_mark: int | None  # None: keep everything


@dataclass(frozen=True)
class StatsButton:
    """`st:<wanted>:<shown>`: redraw /stats for another span; the shown one is a no-op."""

    prefix: ClassVar[Prefix] = Prefix.STATS
    wanted: str
    shown: str


@dataclass(frozen=True)
class ImportButton:
    """`imp:<action>:<format><sport>:<metres>:<seconds>:<start epoch>:<climb>|-:<digest>`: the
    whole summary of an activity file, so nothing waits in the database for "Log it"."""

    prefix: ClassVar[Prefix] = Prefix.IMPORT
    action: ImportAction
    fmt: str  # gpx, fit or tcx
    sport: str | None  # ride, run, or not known yet
    distance_m: int
    moving_s: int
    started_epoch: int
    climb_m: int | None
    digest: str  # 16 hex digits of the file's hash


Button = (
    ReminderButton
    | PauseButton
    | PainAreaButton
    | PainSafetyButton
    | PainTopicButton
    | PainBetterButton
    | SetupResumeButton
    | ProfileStepButton
    | SettingsButton
    | LogAgainButton
    | UndoButton
    | DeleteButton
    | StatsButton
    | ImportButton
)
B = TypeVar("B", bound=Button)
E = TypeVar("E", bound=StrEnum)


def pattern(prefix: Prefix) -> str:
    """A CallbackQueryHandler pattern for one family (its handler decodes and validates)."""
    return rf"^{re.escape(prefix)}:"


def encode(button: Button) -> str:
    """The callback data of a button; ValueError if it would exceed Telegram's 64 bytes."""
    data = ":".join((button.prefix, *_fields(button)))
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data is over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: object) -> Button | None:
    """The button `data` names, or None for anything we did not make. Never raises."""
    if not isinstance(data, str) or len(data.encode(errors="replace")) > MAX_BYTES:
        return None
    prefix, colon, rest = data.partition(":")
    if not colon:
        return None
    try:
        parse = _PARSERS[Prefix(prefix)]
    except ValueError:
        return None
    return parse(rest)


def decode_as(data: object, family: type[B]) -> B | None:
    """The button if `data` decodes to one of `family`, else None."""
    button = decode(data)
    return button if isinstance(button, family) else None


def _fields(button: Button) -> tuple[str, ...]:
    match button:
        case ReminderButton(action, delivery_id):
            return action, str(delivery_id)
        case PauseButton(words):
            return (words,)
        case PainAreaButton(area) | PainBetterButton(area):
            return (area,)
        case PainSafetyButton(question, answer):
            return question, answer
        case PainTopicButton(rule_id):
            return (rule_id,)
        case SetupResumeButton(choice):
            return (choice,)
        case ProfileStepButton(step, value):
            return step, value
        case SettingsButton(choice):
            return (choice,)
        case LogAgainButton(answer, activity_id):
            return answer, str(activity_id)
        case UndoButton(activity_id):
            return (str(activity_id),)
        case DeleteButton(account_mark):
            return (YesNo.NO,) if account_mark is None else (YesNo.YES, str(account_mark))
        case StatsButton(wanted, shown):
            return wanted, shown
        case ImportButton():
            sport = _SPORTS.get(button.sport or "", "-")
            climb = "-" if button.climb_m is None else str(button.climb_m)
            numbers = (button.distance_m, button.moving_s, button.started_epoch)
            kinds = _FORMATS[button.fmt] + sport
            return button.action, kinds, *map(str, numbers), climb, button.digest


# Field readers: the value, or None when the text is not exactly what we write.


def _row_id(text: str) -> int | None:
    """A row id as we write it: ASCII digits, no sign or leading zero, within 1..2**31-1
    (isdigit() takes "²", which int() refuses)."""
    if _ROW_ID.fullmatch(text) is None:
        return None
    value = int(text)
    return value if value <= MAX_ROW_ID else None


def _number(text: str, digits: int) -> int | None:
    """A positive count (metres, seconds, a mark) of at most `digits` ASCII digits."""
    if not 1 <= len(text) <= digits or not text.isascii() or not text.isdigit():
        return None
    if text[0] == "0":
        return None
    return int(text)


def _name(text: str) -> str | None:
    return text if _NAME.fullmatch(text) else None


def _member(enum: type[E], text: str) -> E | None:
    try:
        return enum(text)
    except ValueError:
        return None


def _parts(rest: str, count: int) -> list[str] | None:
    parts = rest.split(":")
    return parts if len(parts) == count else None


def _reminder(rest: str) -> ReminderButton | None:
    parts = _parts(rest, 2)
    if parts is None:
        return None
    action, delivery_id = _member(ReminderAction, parts[0]), _row_id(parts[1])
    if action is None or delivery_id is None:
        return None
    return ReminderButton(action, delivery_id)


def reminder_delivery(data: object) -> int | None:
    """The delivery id a reminder button's data names, whether or not its action is one we
    know: a made-up action on a real reminder is refused as an unknown button, a made-up id as
    somebody else's reminder."""
    if not isinstance(data, str) or len(data.encode(errors="replace")) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != Prefix.REMINDER:
        return None
    return _row_id(parts[2])


def _pause(rest: str) -> PauseButton | None:
    return PauseButton(rest) if rest.isprintable() else None


def _pain_area(rest: str) -> PainAreaButton | None:
    return PainAreaButton(rest) if _name(rest) else None


def _pain_safety(rest: str) -> PainSafetyButton | None:
    parts = _parts(rest, 2)
    if parts is None or _name(parts[0]) is None:
        return None
    answer = _member(YesNo, parts[1])
    return None if answer is None else PainSafetyButton(parts[0], answer)


def _pain_topic(rest: str) -> PainTopicButton | None:
    return PainTopicButton(rest) if _name(rest) else None


def _pain_better(rest: str) -> PainBetterButton | None:
    return PainBetterButton(rest) if _name(rest) else None


def _setup_resume(rest: str) -> SetupResumeButton | None:
    choice = _member(SetupChoice, rest)
    return None if choice is None else SetupResumeButton(choice)


def _profile_step(rest: str) -> ProfileStepButton | None:
    step, colon, value = rest.partition(":")  # a value may hold colons: 08:00-16:00
    if not colon or _name(step) is None or _ANSWER.fullmatch(value) is None:
        return None
    return ProfileStepButton(step, value)


def _settings(rest: str) -> SettingsButton | None:
    return SettingsButton(rest) if _name(rest) else None


def _log_again(rest: str) -> LogAgainButton | None:
    parts = _parts(rest, 2)
    if parts is None:
        return None
    answer, activity_id = _member(YesNo, parts[0]), _row_id(parts[1])
    if answer is None or activity_id is None:
        return None
    return LogAgainButton(answer, activity_id)


def _undo(rest: str) -> UndoButton | None:
    activity_id = _row_id(rest)
    return None if activity_id is None else UndoButton(activity_id)


def _delete(rest: str) -> DeleteButton | None:
    if rest == YesNo.NO:
        return DeleteButton(None)
    answer, colon, mark = rest.partition(":")
    account_mark = int(mark) if _MARK.fullmatch(mark) else None
    if answer != YesNo.YES or not colon or account_mark is None:
        return None
    return DeleteButton(account_mark)


def _stats(rest: str) -> StatsButton | None:
    parts = _parts(rest, 2)
    if parts is None or not all(_PERIOD.fullmatch(part) for part in parts):
        return None
    return StatsButton(parts[0], parts[1])


def _import(rest: str) -> ImportButton | None:
    parts = _parts(rest, 7)
    if parts is None:
        return None
    action_text, kinds, metres, seconds, epoch, climb, digest = parts
    action = _member(ImportAction, action_text)
    fmt = next((name for name, code in _FORMATS.items() if kinds[:1] == code), None)
    sport = next((name for name, code in _SPORTS.items() if kinds[1:] == code), None)
    distance_m, moving_s = _number(metres, 7), _number(seconds, 6)
    started = _number(epoch, 11) if len(epoch) >= 9 else None
    climb_m = None if climb == "-" else _number(climb, 5) if climb != "0" else 0
    if (
        action is None
        or fmt is None
        or len(kinds) != 2
        or (sport is None and kinds[1:] != "-")
        or distance_m is None
        or moving_s is None
        or started is None
        or (climb_m is None and climb != "-")
        or _DIGEST.fullmatch(digest) is None
    ):
        return None
    return ImportButton(action, fmt, sport, distance_m, moving_s, started, climb_m, digest)


_PARSERS: Final = {
    Prefix.REMINDER: _reminder,
    Prefix.PAUSE: _pause,
    Prefix.PAIN_AREA: _pain_area,
    Prefix.PAIN_SAFETY: _pain_safety,
    Prefix.PAIN_TOPIC: _pain_topic,
    Prefix.PAIN_BETTER: _pain_better,
    Prefix.SETUP_RESUME: _setup_resume,
    Prefix.PROFILE_STEP: _profile_step,
    Prefix.SETTINGS: _settings,
    Prefix.LOG_AGAIN: _log_again,
    Prefix.UNDO: _undo,
    Prefix.DELETE: _delete,
    Prefix.STATS: _stats,
    Prefix.IMPORT: _import,
}
