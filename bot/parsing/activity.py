"""Reading `/ride 42`, `/run 10.5 mi`, `/log ride 42km 1h35 yesterday` into one activity.

Durations follow the one grammar of `bot.parsing.durations`: `1h35`, `95 min`, `22:30` (a
watch's mm:ss unless that is impossibly fast), `1:45:00`, or a pace such as `4:30/km`.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from bot.parsing.answers import clean
from bot.parsing.days import weekday
from bot.parsing.distance import glue_units, read_distance
from bot.parsing.durations import (
    MAX_ACTIVITY,
    parse_clock,
    parse_duration,
    parse_pace,
    pick_reading,
    plausible,
    tidy,
)

MAX_KM = {"ride": 1000.0, "run": 300.0}
MAX_DAYS_BACK = 60
_KINDS = {"ride": "ride", "bike": "ride", "cycle": "ride", "cycling": "ride",
          "run": "run", "running": "run", "jog": "run"}  # fmt: skip


@dataclass(frozen=True)
class LoggedActivity:
    kind: str
    distance_km: float
    duration_s: int | None
    day: date


class Problem(Enum):
    """Why a typed activity was refused; `bot.texts.training` words each one."""

    UNKNOWN_WORD = "unknown_word"  # `word`: a word that is none of kind, distance, time or day
    NO_KIND = "no_kind"
    NO_DISTANCE = "no_distance"
    TOO_FAR = "too_far"  # more than `limit` km in one `kind`
    DAY_OUT_OF_RANGE = "day_out_of_range"  # not within the last `limit` days
    IMPOSSIBLE_TIME = "impossible_time"  # `distance_km` in `word` can't be right for a `kind`


@dataclass(frozen=True)
class ActivityError:
    """A refusal, with the values its wording needs (the word as typed, never escaped)."""

    problem: Problem
    word: str = ""
    kind: str = ""
    limit: float = 0.0
    distance_km: float = 0.0


def parse_activity(
    text: str, kind: str | None, unit: str, today: date
) -> LoggedActivity | ActivityError:
    """Tokens in any order: a kind (unless given), a distance, an optional duration and day."""
    words = tidy(glue_units(clean(text))).split()
    distance: float | None = None
    timing: str | None = None
    day = today
    for word in words:
        if kind is None and word in _KINDS:
            kind = _KINDS[word]
        elif distance is None and (read := read_distance(word, unit)) is not None:
            distance = read[0]
        elif timing is None and _is_timing(word):
            timing = word
        elif (when := _day(word, today)) is not None:
            day = when
        else:
            return ActivityError(Problem.UNKNOWN_WORD, word=word[:30])
    if kind is None:
        return ActivityError(Problem.NO_KIND)
    distance = None if distance is None else round(distance, 2)  # as stored
    return _checked(kind, distance, timing, day, today)


def _checked(
    kind: str, distance: float | None, timing: str | None, day: date, today: date
) -> LoggedActivity | ActivityError:
    """The activity, once its distance, day and time are possible."""
    if distance is None or distance <= 0:
        return ActivityError(Problem.NO_DISTANCE)
    if distance > MAX_KM[kind]:
        return ActivityError(Problem.TOO_FAR, kind=kind, limit=MAX_KM[kind])
    if day > today or (today - day).days > MAX_DAYS_BACK:
        return ActivityError(Problem.DAY_OUT_OF_RANGE, limit=MAX_DAYS_BACK)
    duration = None if timing is None else _seconds(timing, kind, distance)
    if timing is not None and duration is None:
        return ActivityError(
            Problem.IMPOSSIBLE_TIME, word=timing[:30], kind=kind, distance_km=distance
        )
    return LoggedActivity(kind, distance, duration, day)


def _is_timing(word: str) -> bool:
    """Whether the word is a length of time or a pace (judged against the distance later)."""
    if parse_clock(word) is not None or parse_pace(word) is not None:
        return True
    length = parse_duration(word)
    return length is not None and timedelta(0) < length <= MAX_ACTIVITY


def _seconds(word: str, kind: str, distance_km: float) -> int | None:
    """The activity's length in seconds, or None when the distance can't be covered in it."""
    if (clock := parse_clock(word)) is not None:
        length = pick_reading(clock, kind, distance_km)
    elif (pace := parse_pace(word)) is not None:
        length = pace.over(distance_km)
    else:
        length = parse_duration(word) or timedelta(0)
    return int(length.total_seconds()) if plausible(kind, distance_km, length) else None


def _day(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if (index := weekday(word)) is not None:
        return today - timedelta(days=(today.weekday() - index) % 7)
    try:
        return datetime.strptime(word, "%Y-%m-%d").date()
    except ValueError:
        return None
