"""Turning what people type into profile values; every parser returns None when it can't.

Pure functions, so the rules for what we accept are tested without Telegram.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import time

from bot.content.vocabulary import ROLES
from bot.parsing.days import DAY_NAMES, parse_work_days
from bot.parsing.distance import read_distance
from bot.parsing.durations import read_minutes

MAX_ANSWER_LENGTH = 200
MAX_WEEKLY_KM = 2000.0

_ROLE_WORDS = {
    "desk": "desk", "office": "desk", "desk worker": "desk", "sitting": "desk",
    "cyclist": "cyclist", "cycling": "cyclist", "bike": "cyclist", "ride": "cyclist",
    "rider": "cyclist", "cycle": "cyclist",
    "runner": "runner", "running": "runner", "run": "runner", "jogging": "runner",
}  # fmt: skip

_TIME_RE = re.compile(r"^(?P<h>\d{1,2})(?:[:.h ]?(?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$")
_RANGE_SPLIT = re.compile(r"\s*(?:-|–|—|to|until|till)\s*")


def clean(text: str) -> str:
    """Lower-case, trimmed, inner white space folded."""
    return " ".join(text.strip().lower().split())


def parse_time(text: str) -> time | None:
    """`18:30`, `6:30 pm`, `1830`, `18.30`, `7am` → a time; None for anything else."""
    match = _TIME_RE.match(clean(text))
    if not match:
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    ampm = (match["ampm"] or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_time_range(text: str) -> tuple[time, time] | None:
    """`9-17`, `09:00–17:30`, `8am to 4pm` → (start, end) with start before end on one day."""
    parts = _RANGE_SPLIT.split(clean(text))
    if len(parts) != 2:
        return None
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if start is None or end is None or end <= start:
        return None
    return start, end


def parse_roles(text: str) -> frozenset[str] | None:
    """`desk, cyclist`, `runner and bike` → {"desk", "cyclist"}; None if a word is unknown."""
    value = clean(text)
    if value in ("all", "all of them", "mix", "a mix"):
        return frozenset(ROLES)
    roles: set[str] = set()
    for chunk in re.split(r"\s*(?:,|;|&|\+|/|\band\b)\s*", value):
        if not chunk:
            continue
        role = _ROLE_WORDS.get(chunk) or _ROLE_WORDS.get(chunk.rstrip("s"))
        if role is None:
            return None
        roles.add(role)
    return frozenset(roles) or None


def parse_distance(text: str, default_unit: str) -> tuple[float, str] | None:
    """`50`, `50 km`, `30mi`, `12,5` → (kilometres, unit the user used); 0–2,000 km a week."""
    parsed = read_distance(clean(text), default_unit)
    if parsed is None:
        return None
    km, unit = parsed
    if km > MAX_WEEKLY_KM:
        return None
    return round(km, 2), unit


def parse_minutes(text: str, low: int, high: int) -> int | None:
    """`45`, `45 min`, `1h`, `1.5 h`, `1h30` → whole minutes within [low, high] (the shared
    duration grammar, where a bare number counts as minutes)."""
    return read_minutes(clean(text), low, high)


def parse_time_range_wrapping(text: str) -> tuple[time, time] | None:
    """Like parse_time_range, but the end may be after midnight (`22:00-07:00`)."""
    parts = _RANGE_SPLIT.split(clean(text))
    if len(parts) != 2:
        return None
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if start is None or end is None or start == end:
        return None
    return start, end


@dataclass(frozen=True)
class WorkHours:
    """A work-hours answer: the usual window, days with their own, and a lunch break."""

    start: time
    end: time  # before `start`: a shift that crosses midnight
    by_day: dict[str, tuple[time, time]]
    days: tuple[str, ...] | None  # the work days, when every part of the answer named its days
    lunch: tuple[time, time] | None


_LUNCH_RE = re.compile(r"^(?:lunch|lunch break|break)\s*:?\s*(?P<range>.+)$")
_DAYS_THEN_HOURS = re.compile(r"^(?P<days>[a-z][a-z .\-–]*?)\s*:?\s+(?P<range>\d.*)$")


MAX_SHIFT_MINUTES = 14 * 60  # longer "shifts" are a start and end typed the wrong way round


def _shift_minutes(hours: tuple[time, time] | None) -> int:
    if hours is None:
        return 0
    start, end = (t.hour * 60 + t.minute for t in hours)
    return (end - start) % (24 * 60)


def parse_work_hours(text: str) -> WorkHours | None:
    """`9-17`, `22:00-06:00`, `Mon-Thu 9-17, Fri 9-13`, `9-17, lunch 12:30-13:15` → WorkHours.

    Parts are separated by commas or semicolons; a part is a time range, days and a range, or
    `lunch` and a range. A range may cross midnight (a night shift), a lunch break may not.
    """
    usual: tuple[time, time] | None = None
    by_day: dict[str, tuple[time, time]] = {}
    lunch: tuple[time, time] | None = None
    for part in re.split(r"\s*[,;]\s*", clean(text)):
        if not part:
            continue
        if (match := _LUNCH_RE.match(part)) is not None:
            if lunch is not None or (lunch := parse_time_range(match["range"])) is None:
                return None
        elif (match := _DAYS_THEN_HOURS.match(part)) is not None:
            days, hours = parse_work_days(match["days"]), parse_time_range_wrapping(match["range"])
            if not days or hours is None or set(days) & set(by_day):
                return None
            by_day.update(dict.fromkeys(days, hours))
        elif usual is None and (usual := parse_time_range_wrapping(part)) is not None:
            continue
        else:
            return None
    if usual is None and not by_day:
        return None
    if any(_shift_minutes(hours) > MAX_SHIFT_MINUTES for hours in [usual, *by_day.values()]):
        return None
    named = tuple(day for day in DAY_NAMES if day in by_day) if usual is None else None
    start, end = usual or Counter(by_day.values()).most_common(1)[0][0]
    own = {day: hours for day, hours in by_day.items() if hours != (start, end)}
    return WorkHours(start, end, own, named, lunch)
