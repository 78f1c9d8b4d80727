"""One weekday vocabulary for everything people type: a day (`mon`, `Monday`, `tues`, `Thurs.`),
and work days as a list, a range or a preset (`mon-fri`, `Mon, Wed, Fri`, `weekdays`).

Days come out as the codes the database stores (`db.vocab.WEEKDAYS`, mon…sun); `weekday`
gives the index `date.weekday()` uses. Pure functions; each returns None when it can't.
"""

import re

from db.vocab import WEEKDAYS, WORK_WEEK

DAY_NAMES = WEEKDAYS
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WORDS: dict[str, str] = {
    **{code: code for code in WEEKDAYS},
    **dict(zip(_FULL_NAMES, WEEKDAYS, strict=True)),
    "tues": "tue",
    "thur": "thu",
    "thurs": "thu",
}
_PRESETS: dict[str, tuple[str, ...]] = {
    "weekdays": WORK_WEEK,
    "every day": WEEKDAYS,
    "everyday": WEEKDAYS,
    "daily": WEEKDAYS,
    "all": WEEKDAYS,
    "weekend": WEEKDAYS[5:],
    "none": (),
}


def day_code(word: str) -> str | None:
    """`mon`, `Monday`, `tues`, `thurs.` → the stored code (`mon`…`sun`)."""
    return _WORDS.get(word.strip(". ").lower())


def weekday(word: str) -> int | None:
    """A day's index as `date.weekday()` counts (Monday 0 … Sunday 6)."""
    code = day_code(word)
    return None if code is None else WEEKDAYS.index(code)


def parse_work_days(text: str) -> tuple[str, ...] | None:
    """`mon-fri`, `Mon, Wed, Fri`, `weekdays`, `every day` → day codes in week order."""
    value = " ".join(text.lower().split())
    if value in _PRESETS:
        return _PRESETS[value]
    days: set[str] = set()
    for chunk in re.split(r"\s*(?:,|;|\band\b|\s)\s*", value):
        if not chunk:
            continue
        bounds = [day_code(part) for part in re.split(r"\s*[-–]\s*", chunk)]
        if any(day is None for day in bounds) or len(bounds) > 2:
            return None
        first, last = WEEKDAYS.index(str(bounds[0])), WEEKDAYS.index(str(bounds[-1]))
        if last < first:
            return None
        days.update(WEEKDAYS[first : last + 1])
    if not days:
        return None
    return tuple(day for day in WEEKDAYS if day in days)
