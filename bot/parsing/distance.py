"""One distance grammar: a number (`42`, `10.5`, `12,5`) with an optional unit (`km`, `k`,
`kms`, `kilometres`, `mi`, `mile`, `miles`; without one, the user's own), read as kilometres,
and distances shown back in the user's unit.

Kilometres are what the database stores; `unit` is always "km" or "mi". Pure functions; each
parser returns None when it can't.
"""

import re

KM_PER_MILE = 1.609344

_UNITS = {
    **dict.fromkeys(("km", "kms", "kilometers", "kilometres", "k"), "km"),
    **dict.fromkeys(("mi", "mile", "miles"), "mi"),
}
# The unit words as a regex alternative, longest first.
UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_DISTANCE = re.compile(rf"(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>{UNIT_WORDS})?")
_NUMBER_THEN_UNIT = re.compile(rf"(\d) +(?=(?:{UNIT_WORDS})\b)")


def unit_of(word: str) -> str | None:
    """`km`, `kilometres`, `miles` … → "km" or "mi"."""
    return _UNITS.get(word)


def read_distance(text: str, default_unit: str) -> tuple[float, str] | None:
    """`50`, `50 km`, `30mi`, `12,5` → (kilometres, the unit the user counted in)."""
    match = _DISTANCE.fullmatch(text)
    if match is None:
        return None
    amount = float(match["n"].replace(",", "."))
    unit = _UNITS.get(match["unit"] or default_unit, "km")
    return (amount * KM_PER_MILE if unit == "mi" else amount), unit


def glue_units(text: str) -> str:
    """`10.5 km` → `10.5km`, so a text split on spaces keeps each distance in one word."""
    return _NUMBER_THEN_UNIT.sub(r"\1", text)


def in_unit(km: float, unit: str) -> float:
    """Kilometres as the user counts them (km or mi)."""
    return km / KM_PER_MILE if unit == "mi" else km


def format_distance(km: float, unit: str) -> str:
    """A distance in the user's unit, without needless decimals."""
    value = in_unit(km, unit)
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} {unit}"
