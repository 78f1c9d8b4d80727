"""One grammar for lengths of time, as runners, cyclists and desk workers write them.

Understood:
- units, alone or combined from the largest down: `45s`, `95 min`, `1h35`, `1h 35m`, `2 hours`,
  `3d`, `1w` (decimals such as `1.5 h` only where the caller allows them);
- a stopwatch's `h:mm:ss` (`1:45:00`);
- a single colon, `25:30`, which is ambiguous: a watch shows mm:ss, a clock h:mm. `Clock`
  keeps both readings and `pick_reading` chooses with the activity's plausible speeds;
- a pace, `4:30/km` or `8:00/mi` (always min:sec per unit), which becomes a duration once the
  distance is known.

Pure functions; every parser returns None for anything it does not understand.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from bot.parsing.distance import KM_PER_MILE, UNIT_WORDS, unit_of

# Faster than this on average over a whole activity is a typo, not a performance.
MAX_KMH = {"ride": 80.0, "run": 40.0}
MAX_ACTIVITY = timedelta(hours=24)

_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), timedelta(weeks=1)),
    **dict.fromkeys(("d", "day", "days"), timedelta(days=1)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), timedelta(hours=1)),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), timedelta(minutes=1)),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), timedelta(seconds=1)),
}
# How many of a unit fit in the next larger one: a part after the first must stay below it.
_CARRY = {
    timedelta(days=1): 7,
    timedelta(hours=1): 24,
    timedelta(minutes=1): 60,
    timedelta(seconds=1): 60,
}
_PART = re.compile(r"(\d{1,6}(?:[.,]\d{1,3})?)\s*([a-z]*)\s*")
_STOPWATCH = re.compile(r"(\d{1,2}):([0-5]\d):([0-5]\d)")
_CLOCK = re.compile(r"(\d{1,3}):([0-5]\d)")
_PACE = re.compile(rf"(\d{{1,2}}):([0-5]\d)\s*(?:min)?\s*/\s*({UNIT_WORDS})")
_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_NUMBER_THEN_UNIT = re.compile(rf"(\d)\s+(?=(?:{_UNIT_WORDS})\b)")
_UNIT_THEN_NUMBER = re.compile(
    r"(\d(?:h|hr|hrs|hours?|m|min|mins|minutes?))\s+"
    r"(?=\d{1,2}(?:m|min|mins|minutes?|s|sec|secs|seconds?)?(?:\s|$))"
)


@dataclass(frozen=True)
class Clock:
    """`a:b` as typed: mm:ss on a watch, or h:mm on a clock."""

    first: int
    second: int

    @property
    def as_watch(self) -> timedelta:
        return timedelta(minutes=self.first, seconds=self.second)

    @property
    def as_clock(self) -> timedelta | None:
        """The h:mm reading, when the hours fit in a day."""
        if self.first > 24:
            return None
        return timedelta(hours=self.first, minutes=self.second)


@dataclass(frozen=True)
class Pace:
    """Time per kilometre or mile; a duration once multiplied by the distance."""

    per_unit: timedelta
    unit: str  # "km" or "mi"

    def over(self, distance_km: float) -> timedelta:
        # Distances are stored to 10 m; the user typed theirs to two decimals in their unit.
        units = round(distance_km / KM_PER_MILE if self.unit == "mi" else distance_km, 2)
        return timedelta(seconds=round(self.per_unit.total_seconds() * units))


def tidy(text: str) -> str:
    """Glue the parts of one duration together (`1 h 35 min` → `1h35min`, `4:30 /km` →
    `4:30/km`), so a text split on spaces keeps each duration in one word."""
    text = re.sub(r"\s*/\s*", "/", text)
    text = _NUMBER_THEN_UNIT.sub(r"\1", text)
    return _UNIT_THEN_NUMBER.sub(r"\1", text)


def parse_duration(text: str, *, decimals: bool = False) -> timedelta | None:
    """Units (`1h35`, `95 min`, `3d`) or a stopwatch's h:mm:ss; never a bare `a:b`."""
    value = " ".join(text.lower().split())
    if match := _STOPWATCH.fullmatch(value):
        hours, minutes, seconds = (int(part) for part in match.groups())
        return timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return _units(value, decimals)


def parse_clock(text: str) -> Clock | None:
    """A bare `a:b`, kept with both of its readings."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None or int(match[1]) == int(match[2]) == 0:
        return None
    return Clock(int(match[1]), int(match[2]))


def parse_pace(text: str) -> Pace | None:
    """`4:30/km`, `8:00/mi`, `4:30 min/km`."""
    match = _PACE.fullmatch(" ".join(text.lower().split()))
    if match is None or (match[1], match[2]) == ("0", "00"):
        return None
    unit = unit_of(match[3]) or "km"
    return Pace(timedelta(minutes=int(match[1]), seconds=int(match[2])), unit)


def plausible(kind: str, distance_km: float, length: timedelta) -> bool:
    """Whether covering the distance in this time is humanly possible for the activity."""
    seconds = length.total_seconds()
    if seconds <= 0 or length > MAX_ACTIVITY:
        return False
    return distance_km / (seconds / 3600) <= MAX_KMH[kind]


def pick_reading(clock: Clock, kind: str, distance_km: float) -> timedelta:
    """A watch's mm:ss, unless that speed is impossible and the clock's h:mm fits
    (`/run 5 22:30` is 22 min 30 s; `/ride 42 1:35` is 1 h 35 min)."""
    watch, wall = clock.as_watch, clock.as_clock
    if plausible(kind, distance_km, watch) or wall is None:
        return watch
    return wall if plausible(kind, distance_km, wall) else watch


def read_minutes(text: str, low: int, high: int) -> int | None:
    """A settings answer in minutes: a bare number is minutes, or any unit form
    (`45 min`, `1.5 h`, `1h30`); whole minutes within [low, high]."""
    value = " ".join(text.lower().split())
    if re.fullmatch(r"\d{1,4}(?:[.,]\d{1,3})?", value):
        value += "m"
    length = parse_duration(value, decimals=True)
    if length is None:
        return None
    minutes = round(length / timedelta(minutes=1))
    return minutes if low <= minutes <= high else None


def _units(value: str, decimals: bool) -> timedelta | None:
    """`1h35`, `1 h 35 m`, `2 hours`: parts from the largest unit down, each unit once."""
    parts = _split(value)
    if not parts:
        return None
    total, previous = timedelta(0), None
    for index, (number, word) in enumerate(parts):
        if not word:  # a bare number after a unit counts in the next smaller one
            if index == 0 or previous is None:
                return None
            smaller = _next_smaller(previous)
            if smaller is None or index != len(parts) - 1:
                return None
            word = smaller
        unit = _UNITS.get(word)
        if unit is None or (previous is not None and unit >= previous):
            return None
        if "." in number or "," in number:
            if not decimals or len(parts) > 1:
                return None
            total += unit * float(number.replace(",", "."))
        else:
            amount = int(number)
            if previous is not None and amount >= _CARRY[unit]:
                return None  # "1h75" is a typo, not 2 h 15 min
            total += unit * amount
        previous = unit
    return total


def _split(value: str) -> list[tuple[str, str]]:
    parts, position = [], 0
    while position < len(value):
        match = _PART.match(value, position)
        if match is None or match.end() == position:
            return []
        parts.append((match[1], match[2]))
        position = match.end()
    return parts


def _next_smaller(unit: timedelta) -> str | None:
    return {timedelta(hours=1): "m", timedelta(minutes=1): "s"}.get(unit)
