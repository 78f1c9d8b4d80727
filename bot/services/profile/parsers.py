"""Answers to the profile questions, typed or tapped, as draft values or a reason to refuse.

Each parser takes the answer and the draft so far, and returns only the values to update.
"""

from collections.abc import Callable

from bot.parsing import answers as parsing
from bot.parsing.days import parse_work_days
from bot.parsing.distance import unit_of
from bot.parsing.zones import (
    abbreviation,
    fixed_offset,
    format_offset,
    parse_offset,
    resolve_timezone,
    suggest_timezone,
)
from bot.services.profile.fields import Draft, Invalid, hhmm
from bot.texts import profile as t
from bot.texts import zones as zone_texts

Parser = Callable[[str, Draft], Draft | Invalid]


def roles(text: str, _draft: Draft) -> Draft | Invalid:
    chosen = parsing.parse_roles(text)
    if chosen is None:
        return Invalid(t.roles_expected())
    return {"roles": sorted(chosen)}


YES_WORDS = frozenset({
    "yes", "y", "yep", "yeah", "yes please", "ok", "okay", "sure", "correct", "right",
    "that's right", "thats right", "ja", "oui", "si", "sí", "✅",
})  # fmt: skip
NO_WORDS = frozenset({"no", "n", "nope", "no thanks", "wrong"})
SUGGESTED, KEEP = "_suggested_zone", "_keep_offset"  # draft keys of a pending suggestion


def timezone(text: str, draft: Draft) -> Draft | Invalid:
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


def work_days(text: str, _draft: Draft) -> Draft | Invalid:
    days = parse_work_days(text)
    if days is None:
        return Invalid(t.work_days_expected())
    return {"work_days": list(days)}


def work_hours(text: str, _draft: Draft) -> Draft | Invalid:
    """The usual hours, or hours per day, a night shift, a lunch break: one answer."""
    hours = parsing.parse_work_hours(text)
    if hours is None:
        return Invalid(t.work_hours_expected())
    fields: Draft = {
        "work_start": hhmm(hours.start),
        "work_end": hhmm(hours.end),
        "work_hours_by_day": {d: [hhmm(a), hhmm(b)] for d, (a, b) in hours.by_day.items()},
        "lunch_start": hhmm(hours.lunch[0]) if hours.lunch else None,
        "lunch_end": hhmm(hours.lunch[1]) if hours.lunch else None,
    }
    if hours.days is not None:
        fields["work_days"] = list(hours.days)
    return fields


def break_every(text: str, _draft: Draft) -> Draft | Invalid:
    minutes = parsing.parse_minutes(text, 15, 180)
    if minutes is None:
        return Invalid(t.break_every_expected())
    return {"break_every": minutes}


def unit(text: str, _draft: Draft) -> Draft | Invalid:
    value = parsing.clean(text)
    unit = unit_of(value)
    if unit is not None:
        return {"distance_unit": unit}
    return Invalid(t.unit_expected())


def weekly_distance(field: str) -> Parser:
    """A usual weekly distance, in the unit chosen unless the answer names one; kept in km."""

    def parse(text: str, draft: Draft) -> Draft | Invalid:
        parsed = parsing.parse_distance(text, draft.get("distance_unit", "km"))
        if parsed is None:
            return Invalid(t.distance_expected())
        return {field: parsed[0]}

    return parse


def routine_at(text: str, _draft: Draft) -> Draft | Invalid:
    value = parsing.parse_time(text)
    if value is None:
        return Invalid(t.routine_expected())
    return {"routine_at": hhmm(value)}


def quiet(text: str, _draft: Draft) -> Draft | Invalid:
    value = parsing.clean(text)
    if value in ("off", "none", "no"):
        return {"quiet_start": None, "quiet_end": None}
    parts = parsing.parse_time_range_wrapping(value)
    if parts is None:
        return Invalid(t.quiet_expected())
    return {"quiet_start": hhmm(parts[0]), "quiet_end": hhmm(parts[1])}


def post_delay(text: str, _draft: Draft) -> Draft | Invalid:
    minutes = parsing.parse_minutes(text, 0, 240)
    if minutes is None:
        return Invalid(t.post_delay_expected())
    return {"post_activity_delay": minutes}
