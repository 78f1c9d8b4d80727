"""Reading what the user typed after /pause as the UTC instant reminders resume.

Understood: a duration in the shared grammar of `bot.parsing.durations` ("3d", "3 days", "2h",
"90m", "1h30", "1w"), a weekday ("monday", "until mon":
the next one, a week ahead when it is that day today), "tomorrow", and a date ("2026-12-01",
"25.12.", "25.12.2026"); days resume at local midnight. "until", "till" and "for" may lead.
"""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.parsing.days import weekday
from bot.parsing.durations import parse_duration

MAX_PAUSE = timedelta(days=90)

_LEAD = re.compile(r"(?:until|till|for)\s+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})\.(\d{1,2})(?:\.(\d{4})?)?")


def parse_pause(text: str, now: datetime, tz: str) -> datetime | None:
    """The UTC instant to resume at, or None when the text is not understood or the pause is
    not in the future, or longer than `MAX_PAUSE`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone aware")
    now = now.astimezone(UTC)
    words = " ".join(text.lower().split())
    words = words[lead.end() :] if (lead := _LEAD.match(words)) else words
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    length = _duration(words)
    if length is not None:
        resume: datetime | None = now + length
    else:
        day = _named_day(words, today) or _calendar_day(words, today)
        # Checked on the calendar first: a day like 0001-01-01 or 9999-12-31 has no UTC
        # midnight to compute in some zones (OverflowError), and it is out of range anyway.
        in_range = day is not None and today <= day <= today + MAX_PAUSE
        resume = _midnight(day, zone) if in_range and day is not None else None
    if resume is None or not now < resume <= now + MAX_PAUSE:
        return None
    return resume


def _duration(words: str) -> timedelta | None:
    """A length of time in the shared grammar (`3d`, `2 hours`, `1h30`), or None when it is
    not one or longer than any pause (`999999w` would overflow a date when added, so the limit
    is checked first)."""
    length = parse_duration(words)
    if length is None or length > MAX_PAUSE:
        return None
    return length


def _named_day(words: str, today: date) -> date | None:
    """'tomorrow', or the next such weekday strictly after today."""
    if words == "tomorrow":
        return today + timedelta(days=1)
    if (index := weekday(words)) is not None:
        return today + timedelta(days=(index - today.weekday()) % 7 or 7)
    return None


def _calendar_day(words: str, today: date) -> date | None:
    """An ISO date, or day.month[.year]; without a year, its next occurrence from today on."""
    try:
        if match := _ISO_DATE.fullmatch(words):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_MONTH.fullmatch(words):
            day, month = int(match[1]), int(match[2])
            if match[3]:
                return date(int(match[3]), month, day)
            this_year = date(today.year, month, day)
            return this_year if this_year > today else date(today.year + 1, month, day)
    except ValueError:
        return None
    return None


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """Local start of `day` in UTC; where midnight is skipped, the first instant of the day."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
