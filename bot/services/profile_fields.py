"""The profile questions asked by /start and /settings, as data plus pure parsers.

Onboarding walks the steps in order (skipping those that don't apply to the user's roles) and
keeps answers in a draft stored with the user, so a restart mid-way loses nothing; /settings runs
a single step on a draft made from the saved profile. A button press and a typed answer go
through the same parser, so both are validated the same way.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any

from bot.parsing import answers as parsing
from bot.parsing.days import DAY_NAMES, parse_work_days
from bot.parsing.distance import unit_of
from bot.parsing.zones import (
    COMMON_ZONES,
    abbreviation,
    fixed_offset,
    format_offset,
    is_valid_zone,
    parse_offset,
    resolve_timezone,
    suggest_timezone,
)
from bot.texts import profile as profile_texts
from bot.texts import zones as zone_texts
from bot.texts.profile import ROLE_LABELS, ROLE_NAMES
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


@dataclass(frozen=True)
class Step:
    """One question: who is asked, how it reads, its buttons and how answers are parsed."""

    key: str
    title: str
    applies: Callable[[Draft], bool]
    question: Callable[[Draft], str]
    buttons: Callable[[Draft], Buttons]
    parse: Callable[[str, Draft], Draft | Invalid]  # returns the fields to update


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _always(_draft: Draft) -> bool:
    return True


def _is_desk(draft: Draft) -> bool:
    return "desk" in draft.get("roles", [])


def _rides(draft: Draft) -> bool:
    return "cyclist" in draft.get("roles", [])


def _runs(draft: Draft) -> bool:
    return "runner" in draft.get("roles", [])


def _trains(draft: Draft) -> bool:
    return _rides(draft) or _runs(draft)


# --- parsers -------------------------------------------------------------------------------


def _parse_roles(text: str, _draft: Draft) -> Draft | Invalid:
    roles = parsing.parse_roles(text)
    if roles is None:
        return Invalid("Tap one or more of the buttons, or type e.g. <i>desk, cyclist</i>.")
    return {"roles": sorted(roles)}


YES_WORDS = frozenset({
    "yes", "y", "yep", "yeah", "yes please", "ok", "okay", "sure", "correct", "right",
    "that's right", "thats right", "ja", "oui", "si", "sí", "✅",
})  # fmt: skip
NO_WORDS = frozenset({"no", "n", "nope", "no thanks", "wrong"})
SUGGESTED, KEEP = "_suggested_zone", "_keep_offset"  # draft keys of a pending suggestion


def _parse_timezone(text: str, draft: Draft) -> Draft | Invalid:
    """A zone, a city or an offset; abbreviations and near misses wait for a "yes".

    A suggestion made for one answer is remembered in the draft, so a typed "yes" (or the button)
    confirms it; any other answer replaces it.
    """
    cleared: Draft = {SUGGESTED: None, KEEP: None}
    value = parsing.clean(text).strip(" .!")
    if draft.get(SUGGESTED) and value in YES_WORDS:
        return {**cleared, "timezone": draft[SUGGESTED]}
    if draft.get(SUGGESTED) and value in NO_WORDS:
        return Invalid(zone_texts.not_that_one(), cleared)
    if draft.get(KEEP) and value in ("keep", draft_keep_label(draft).lower()):
        return {**cleared, "timezone": draft[KEEP]}
    short = abbreviation(text)
    if short is not None:
        minutes, city = short
        offset = parse_offset(format_offset(minutes))
        keep = offset.zone if offset is not None else None
        message = zone_texts.abbreviation(text.strip(), minutes, city, keep is not None)
        return Invalid(message, {SUGGESTED: city, KEEP: keep})
    offset = parse_offset(text)
    if offset is not None:
        if offset.zone is not None:
            return {**cleared, "timezone": offset.zone}
        if offset.place is not None:
            message = zone_texts.part_hour_place(offset.minutes, offset.place)
            return Invalid(message, {**cleared, SUGGESTED: offset.place})
        return Invalid(zone_texts.impossible_offset(offset.minutes), cleared)
    zone = resolve_timezone(text)
    if zone:
        return {**cleared, "timezone": zone}
    near = suggest_timezone(text)
    if near:
        return Invalid(zone_texts.did_you_mean(near), {**cleared, SUGGESTED: near})
    return Invalid(zone_texts.unknown_zone(), cleared)


def draft_keep_label(draft: Draft) -> str:
    """The "keep the fixed offset" answer for a pending abbreviation, as its button reads."""
    minutes = fixed_offset(draft.get(KEEP) or "")
    return "" if minutes is None else zone_texts.keep_label(minutes)


def _timezone_buttons(draft: Draft) -> Buttons:
    rows: Buttons = []
    if draft.get(SUGGESTED):
        rows.append([(zone_texts.yes_label(draft[SUGGESTED]), "yes")])
    if draft.get(KEEP):
        rows.append([(draft_keep_label(draft), "keep")])
    return [
        *rows,
        [(label, zone) for label, zone in COMMON_ZONES[:4]],
        [(label, zone) for label, zone in COMMON_ZONES[4:]],
        [("📍 Share my location", "location")],
    ]


def _parse_work_days(text: str, _draft: Draft) -> Draft | Invalid:
    days = parse_work_days(text)
    if days is None:
        return Invalid(
            "I expected days like <i>mon-fri</i>, <i>mon, wed, fri</i> or <i>every day</i>."
        )
    return {"work_days": list(days)}


def _parse_work_hours(text: str, _draft: Draft) -> Draft | Invalid:
    """The usual hours, or hours per day, a night shift, a lunch break: one answer."""
    hours = parsing.parse_work_hours(text)
    if hours is None:
        return Invalid(profile_texts.work_hours_expected())
    fields: Draft = {
        "work_start": _hhmm(hours.start),
        "work_end": _hhmm(hours.end),
        "work_hours_by_day": {d: [_hhmm(a), _hhmm(b)] for d, (a, b) in hours.by_day.items()},
        "lunch_start": _hhmm(hours.lunch[0]) if hours.lunch else None,
        "lunch_end": _hhmm(hours.lunch[1]) if hours.lunch else None,
    }
    if hours.days is not None:
        fields["work_days"] = list(hours.days)
    return fields


def _parse_break_every(text: str, _draft: Draft) -> Draft | Invalid:
    minutes = parsing.parse_minutes(text, 15, 180)
    if minutes is None:
        return Invalid("Send a number of minutes between 15 and 180, like <i>45</i>.")
    return {"break_every": minutes}


def _parse_unit(text: str, _draft: Draft) -> Draft | Invalid:
    unit = unit_of(parsing.clean(text))
    if unit is not None:
        return {"distance_unit": unit}
    return Invalid("Tap <i>km</i> or <i>miles</i>.")


def _distance_parser(field: str) -> Callable[[str, Draft], Draft | Invalid]:
    def parse(text: str, draft: Draft) -> Draft | Invalid:
        parsed = parsing.parse_distance(text, draft.get("distance_unit", "km"))
        if parsed is None:
            return Invalid(
                "Send your usual weekly distance as a number from 0 to 2,000 km"
                " (1,240 miles), like <i>60</i> or <i>40 mi</i>."
            )
        return {field: parsed[0]}

    return parse


def _parse_routine_at(text: str, _draft: Draft) -> Draft | Invalid:
    value = parsing.parse_time(text)
    if value is None:
        return Invalid("I expected a time of day like <i>18:30</i> or <i>7am</i>.")
    return {"routine_at": _hhmm(value)}


def _parse_quiet(text: str, _draft: Draft) -> Draft | Invalid:
    value = parsing.clean(text)
    if value in ("off", "none", "no"):
        return {"quiet_start": None, "quiet_end": None}
    parts = parsing.parse_time_range_wrapping(value)
    if parts is None:
        return Invalid("I expected a range like <i>22:00-07:00</i>, or <i>off</i>.")
    return {"quiet_start": _hhmm(parts[0]), "quiet_end": _hhmm(parts[1])}


def _parse_post_delay(text: str, _draft: Draft) -> Draft | Invalid:
    minutes = parsing.parse_minutes(text, 0, 240)
    if minutes is None:
        return Invalid("Send a delay in minutes from 0 to 240, like <i>0</i> or <i>30</i>.")
    return {"post_activity_delay": minutes}


# --- questions -----------------------------------------------------------------------------


def _roles_question(draft: Draft) -> str:
    chosen = ", ".join(ROLE_NAMES[r] for r in draft.get("roles", [])) or "nothing yet"
    return f"<b>Who are you?</b> Pick everything that fits, then tap <b>Next</b>.\nChosen: {chosen}"


def _roles_buttons(draft: Draft) -> Buttons:
    chosen = set(draft.get("roles", []))
    row = [(("✓ " if r in chosen else "") + label, r) for r, label in ROLE_LABELS.items()]
    return [row, [("Next ➡️", "next")]]


def _unit_word(draft: Draft) -> str:
    return "miles" if draft.get("distance_unit") == "mi" else "km"


def _distance_buttons(draft: Draft) -> Buttons:
    unit = draft.get("distance_unit", "km")
    amounts = (0, 20, 50, 100, 200) if unit == "km" else (0, 10, 30, 60, 120)
    return [[(str(a), f"{a} {unit}") for a in amounts]]


STEPS: tuple[Step, ...] = (
    Step("roles", "Who you are", _always, _roles_question, _roles_buttons, _parse_roles),
    Step(
        "timezone",
        "Time zone",
        _always,
        lambda d: (
            "<b>Which time zone are you in?</b> Tap one, type a city or a zone name"
            " (<i>Lisbon</i>, <i>America/Denver</i>), or share your location."
        ),
        _timezone_buttons,
        _parse_timezone,
    ),
    Step(
        "work_days",
        "Work days",
        _is_desk,
        lambda d: "<b>Which days do you work at a desk?</b> Or type e.g. <i>mon-thu</i>.",
        lambda d: [
            [("Mon–Fri", "mon-fri"), ("Mon–Sat", "mon-sat"), ("Every day", "every day")],
        ],
        _parse_work_days,
    ),
    Step(
        "work_hours",
        "Work hours",
        _is_desk,
        lambda d: profile_texts.work_hours_question(),
        lambda d: [
            [
                ("08:00–16:00", "08:00-16:00"),
                ("09:00–17:00", "09:00-17:00"),
                ("10:00–18:00", "10:00-18:00"),
            ]
        ],
        _parse_work_hours,
    ),
    Step(
        "break_every",
        "Break nudges",
        _is_desk,
        lambda d: (
            "<b>How often should I nudge you to get up?</b> Every … minutes of sitting"
            " (type any number from 15 to 180)."
        ),
        lambda d: [[("30", "30"), ("45", "45"), ("60", "60"), ("90", "90")]],
        _parse_break_every,
    ),
    Step(
        "distance_unit",
        "Units",
        _trains,
        lambda d: "<b>Kilometres or miles?</b>",
        lambda d: [[("km", "km"), ("miles", "mi")]],
        _parse_unit,
    ),
    Step(
        "ride_km_week",
        "Weekly riding",
        _rides,
        lambda d: f"<b>How far do you usually ride in a week?</b> In {_unit_word(d)}.",
        _distance_buttons,
        _distance_parser("ride_km_week"),
    ),
    Step(
        "run_km_week",
        "Weekly running",
        _runs,
        lambda d: f"<b>How far do you usually run in a week?</b> In {_unit_word(d)}.",
        _distance_buttons,
        _distance_parser("run_km_week"),
    ),
    Step(
        "routine_at",
        "Daily routine",
        _always,
        lambda d: (
            "<b>When should your daily mobility routine arrive?</b> Your local time;"
            " type any time like <i>19:15</i>."
        ),
        lambda d: [
            [("07:00", "07:00"), ("12:30", "12:30"), ("18:30", "18:30"), ("21:00", "21:00")]
        ],
        _parse_routine_at,
    ),
)

# Asked only from /settings: sensible defaults keep onboarding short.
EXTRA_STEPS: tuple[Step, ...] = (
    Step(
        "quiet",
        "Quiet hours",
        _always,
        lambda d: (
            "<b>Quiet hours:</b> no nudges in this window, e.g. <i>22:00-07:00</i>."
            " Type <i>off</i> to turn them off."
        ),
        lambda d: [
            [("22:00–07:00", "22:00-07:00"), ("21:00–08:00", "21:00-08:00"), ("Off", "off")]
        ],
        _parse_quiet,
    ),
    Step(
        "post_activity_delay",
        "Stretch after training",
        _trains,
        lambda d: (
            "<b>When should the post-ride / post-run stretches come?</b>"
            " Minutes after you log the activity (0 = right away)."
        ),
        lambda d: [
            [
                ("Right away", "0"),
                ("After 15 min", "15"),
                ("After 30 min", "30"),
                ("After 60 min", "60"),
            ]
        ],
        _parse_post_delay,
    ),
)

STEP_BY_KEY = {step.key: step for step in STEPS + EXTRA_STEPS}


def next_onboarding_step(draft: Draft, after: str | None) -> Step | None:
    """The next question to ask in onboarding, or None when every applicable one is answered."""
    keys = [step.key for step in STEPS]
    start = keys.index(after) + 1 if after else 0
    for step in STEPS[start:]:
        if step.applies(draft):
            return step
    return None


def onboarding_position(draft: Draft, key: str) -> tuple[int, int]:
    """(number of this question, total questions) for a "2/6" progress hint."""
    applicable = [step.key for step in STEPS if step.applies(draft)]
    return (applicable.index(key) + 1 if key in applicable else 1), len(applicable)


def answer(step: Step, text: str, draft: Draft) -> Draft | Invalid:
    """Validate an answer; returns the new draft (a copy) or why it was refused."""
    if len(text) > parsing.MAX_ANSWER_LENGTH:
        return Invalid("That's much longer than any answer I expect here.")
    parsed = step.parse(text, draft)
    if isinstance(parsed, Invalid):
        return parsed
    return {**draft, **parsed}


def draft_from_user(user: User) -> Draft:
    """The saved profile as a draft, for /settings edits."""
    return {
        "roles": sorted(user.role_set),
        "timezone": user.timezone,
        "work_days": [d for d in DAY_NAMES if d in user.work_day_set],
        "work_start": _hhmm(user.work_start),
        "work_end": _hhmm(user.work_end),
        "work_hours_by_day": dict(user.work_hours_by_day or {}),
        "lunch_start": _hhmm(user.lunch_start) if user.lunch_start else None,
        "lunch_end": _hhmm(user.lunch_end) if user.lunch_end else None,
        "break_every": user.break_every,
        "distance_unit": user.distance_unit,
        "ride_km_week": user.ride_km_week,
        "run_km_week": user.run_km_week,
        "routine_at": _hhmm(user.routine_at),
        "quiet_start": _hhmm(user.quiet_start) if user.quiet_start else None,
        "quiet_end": _hhmm(user.quiet_end) if user.quiet_end else None,
        "post_activity_delay": user.post_activity_delay,
    }


def _time(value: str) -> time:
    return time.fromisoformat(value)


def apply_draft(user: User, draft: Draft) -> None:
    """Write a validated draft into the profile; fields the draft lacks keep their value."""
    if "roles" in draft:
        user.roles = ",".join(sorted(draft["roles"]))
    if draft.get("timezone") and is_valid_zone(draft["timezone"]):
        user.timezone = draft["timezone"]
    if "work_days" in draft:
        user.work_days = ",".join(draft["work_days"])
    if "work_start" in draft:
        user.work_start = _time(draft["work_start"])
        user.work_end = _time(draft["work_end"])
        user.work_hours_by_day = dict(draft.get("work_hours_by_day") or {}) or None
        lunch = draft.get("lunch_start"), draft.get("lunch_end")
        user.lunch_start = _time(lunch[0]) if lunch[0] and lunch[1] else None
        user.lunch_end = _time(lunch[1]) if lunch[0] and lunch[1] else None
    for field in ("break_every", "post_activity_delay"):
        if field in draft:
            setattr(user, field, int(draft[field]))
    for field in ("ride_km_week", "run_km_week"):
        if field in draft:
            setattr(user, field, float(draft[field]))
    if "distance_unit" in draft:
        user.distance_unit = draft["distance_unit"]
    if "routine_at" in draft:
        user.routine_at = _time(draft["routine_at"])
    if "quiet_start" in draft:
        user.quiet_start = _time(draft["quiet_start"]) if draft["quiet_start"] else None
        user.quiet_end = _time(draft["quiet_end"]) if draft["quiet_end"] else None
