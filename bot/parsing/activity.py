"""Reading `/ride 42`, `/run 10.5 mi`, `/log ride 42km 1h35 yesterday` into one activity."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape

from bot.parsing.answers import KM_PER_MILE, clean

MAX_KM = {"ride": 1000.0, "run": 300.0}
MAX_DAYS_BACK = 60
_KINDS = {"ride": "ride", "bike": "ride", "cycle": "ride", "cycling": "ride",
          "run": "run", "running": "run", "jog": "run"}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DISTANCE = re.compile(r"^(\d+(?:[.,]\d+)?)(km|k|mi|miles?)?$")
_DURATION = re.compile(
    r"^(?:(\d{1,2})h(?:(\d{1,2})(?:m|min)?)?|(\d{1,3})(?:m|min|mins)|(\d{1,2}):(\d{2}))$"
)


@dataclass(frozen=True)
class LoggedActivity:
    kind: str
    distance_km: float
    duration_s: int | None
    day: date


@dataclass(frozen=True)
class ActivityError:
    message: str


def parse_activity(
    text: str, kind: str | None, unit: str, today: date
) -> LoggedActivity | ActivityError:
    """Tokens in any order: a kind (unless given), a distance, an optional duration and day."""
    words = clean(text).replace(" km", "km").replace(" mi", "mi").split()
    distance: float | None = None
    duration: int | None = None
    day = today
    for word in words:
        if kind is None and word in _KINDS:
            kind = _KINDS[word]
        elif (match := _DISTANCE.match(word)) and distance is None:
            amount = float(match[1].replace(",", "."))
            miles = (match[2] or unit).startswith("mi")
            distance = amount * KM_PER_MILE if miles else amount
        elif (seconds := _duration(word)) is not None and duration is None:
            duration = seconds
        elif (when := _day(word, today)) is not None:
            day = when
        else:
            return ActivityError(f"I didn't understand “{escape(word[:30])}”.")
    if kind is None:
        return ActivityError("Say whether it was a ride or a run.")
    distance = None if distance is None else round(distance, 2)  # as stored
    if distance is None or distance <= 0:
        return ActivityError("Add the distance, like <i>42</i> or <i>10.5 km</i>.")
    if distance > MAX_KM[kind]:
        return ActivityError(f"That's more than {MAX_KM[kind]:.0f} km in one {kind} — typo?")
    if day > today or (today - day).days > MAX_DAYS_BACK:
        return ActivityError(f"The day must be within the last {MAX_DAYS_BACK} days.")
    return LoggedActivity(kind, distance, duration, day)


def _duration(word: str) -> int | None:
    match = _DURATION.match(word)
    if not match:
        return None
    if match[3] is not None:
        hours, minutes = 0, int(match[3])  # "95min": any number of minutes
    else:
        hours, minutes = int(match[1] or match[4]), int(match[2] or match[5] or 0)
        if minutes > 59:  # "1h75" and "1:75" are typos, not 2 h 15 min
            return None
    seconds = hours * 3600 + minutes * 60
    return seconds if 0 < seconds <= 24 * 3600 else None


def _day(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    for index, name in enumerate(_WEEKDAYS):
        if word in (name, name[:3]):
            back = (today.weekday() - index) % 7
            return today - timedelta(days=back)
    try:
        return datetime.strptime(word, "%Y-%m-%d").date()
    except ValueError:
        return None
