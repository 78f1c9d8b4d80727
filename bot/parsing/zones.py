"""Finding a user's time zone from a zone name, a city or a shared location, all offline."""

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from rapidfuzz import fuzz, process

# Zones offered as buttons first (their labels are in bot/texts/zones.py).
COMMON_ZONES: tuple[str, ...] = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
)

# Big cities whose names are not part of an IANA zone name; kept deliberately short.
_CITY_ALIASES = {
    "nyc": "America/New_York", "boston": "America/New_York", "washington": "America/New_York",
    "miami": "America/New_York", "atlanta": "America/New_York", "philadelphia": "America/New_York",
    "san francisco": "America/Los_Angeles", "sf": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "portland": "America/Los_Angeles",
    "san diego": "America/Los_Angeles", "houston": "America/Chicago", "dallas": "America/Chicago",
    "austin": "America/Chicago", "minneapolis": "America/Chicago", "montreal": "America/Toronto",
    "ottawa": "America/Toronto", "calgary": "America/Edmonton", "munich": "Europe/Berlin",
    "hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin", "cologne": "Europe/Berlin",
    "barcelona": "Europe/Madrid", "milan": "Europe/Rome", "geneva": "Europe/Zurich",
    "manchester": "Europe/London", "edinburgh": "Europe/London", "glasgow": "Europe/London",
    "cork": "Europe/Dublin", "krakow": "Europe/Warsaw", "st petersburg": "Europe/Moscow",
    "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "chennai": "Asia/Kolkata",
    "beijing": "Asia/Shanghai", "shenzhen": "Asia/Shanghai", "osaka": "Asia/Tokyo",
    "kyoto": "Asia/Tokyo", "canberra": "Australia/Sydney", "wellington": "Pacific/Auckland",
    "rio de janeiro": "America/Sao_Paulo", "rio": "America/Sao_Paulo",
    "cape town": "Africa/Johannesburg", "dubai": "Asia/Dubai", "abu dhabi": "Asia/Dubai",
}  # fmt: skip

_ZONE_PREFIXES = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/",
                  "Europe/", "Indian/", "Pacific/")  # fmt: skip


def _key(text: str) -> str:
    return " ".join(re.sub(r"[_\-'.]", " ", text).lower().split())


@lru_cache(maxsize=1)
def _zone_index() -> dict[str, str]:
    """Lower-case zone names and their city parts (`new york`) → canonical zone names."""
    index: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        index[zone.lower()] = zone
        if zone.startswith(_ZONE_PREFIXES):
            index.setdefault(_key(zone.rsplit("/", 1)[-1]), zone)
    index.update({"utc": "UTC", "gmt": "UTC"})
    index.update(_CITY_ALIASES)
    return index


# Part-hour offsets real places keep, and the zone of the best-known one (summer times included).
PART_HOUR_PLACES: dict[int, str] = {
    -570: "Pacific/Marquesas", -210: "America/St_Johns", -150: "America/St_Johns",
    210: "Asia/Tehran", 270: "Asia/Kabul", 330: "Asia/Kolkata", 345: "Asia/Kathmandu",
    390: "Asia/Yangon", 525: "Australia/Eucla", 570: "Australia/Darwin",
    630: "Australia/Adelaide", 765: "Pacific/Chatham", 825: "Pacific/Chatham",
}  # fmt: skip

# Abbreviations people type for a zone: (UTC offset in minutes, the zone of a big city using it).
# They name a season's offset, not a place, so they are never taken silently.
ABBREVIATIONS: dict[str, tuple[int, str]] = {
    "cet": (60, "Europe/Berlin"), "cest": (120, "Europe/Berlin"), "met": (60, "Europe/Berlin"),
    "wet": (0, "Europe/Lisbon"), "west": (60, "Europe/Lisbon"), "bst": (60, "Europe/London"),
    "eet": (120, "Europe/Athens"), "eest": (180, "Europe/Athens"), "msk": (180, "Europe/Moscow"),
    "est": (-300, "America/New_York"), "edt": (-240, "America/New_York"),
    "cst": (-360, "America/Chicago"), "cdt": (-300, "America/Chicago"),
    "mst": (-420, "America/Denver"), "mdt": (-360, "America/Denver"),
    "pst": (-480, "America/Los_Angeles"), "pdt": (-420, "America/Los_Angeles"),
    "akst": (-540, "America/Anchorage"), "hst": (-600, "Pacific/Honolulu"),
    "ist": (330, "Asia/Kolkata"), "sgt": (480, "Asia/Singapore"), "hkt": (480, "Asia/Hong_Kong"),
    "jst": (540, "Asia/Tokyo"), "kst": (540, "Asia/Seoul"), "awst": (480, "Australia/Perth"),
    "acst": (570, "Australia/Adelaide"), "aest": (600, "Australia/Sydney"),
    "aedt": (660, "Australia/Sydney"), "nzst": (720, "Pacific/Auckland"),
    "nzdt": (780, "Pacific/Auckland"),
}  # fmt: skip

_OFFSET_RE = re.compile(
    r"^(?:utc|gmt)?\s*(?P<sign>[+\-\u2212])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$"
)
_FIXED_RE = re.compile(r"^Etc/GMT(?P<sign>[+-])(?P<h>\d{1,2})$")
MIN_OFFSET, MAX_OFFSET = -12 * 60, 14 * 60  # the offsets in use on Earth


@dataclass(frozen=True)
class Offset:
    """A typed UTC offset (`GMT+1`, `UTC+05:30`) and what we can make of it."""

    minutes: int
    zone: str | None  # the fixed zone for a whole-hour offset in use
    place: str | None  # a place keeping this part-hour offset, to suggest


def parse_offset(text: str) -> Offset | None:
    """`UTC+1`, `GMT-3`, `UTC+05:30`, `+0530` → the offset; None when it isn't one.

    `GMT+1` means UTC+1 as people write it; the inverted `Etc/GMT-1` is only the zone we store.
    """
    match = _OFFSET_RE.match(" ".join(text.strip().lower().split()))
    if not match:
        return None
    hours, minutes = int(match["h"]), int(match["m"] or 0)
    if minutes > 59:
        return None
    total = (hours * 60 + minutes) * (1 if match["sign"] == "+" else -1)
    if not MIN_OFFSET <= total <= MAX_OFFSET:
        return Offset(total, None, None)
    if minutes:
        return Offset(total, None, PART_HOUR_PLACES.get(total))
    return Offset(total, fixed_zone(total), None)


def fixed_zone(minutes: int) -> str:
    """The IANA zone with this fixed whole-hour offset; Etc/GMT signs are inverted."""
    hours = minutes // 60
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


def fixed_offset(zone: str) -> int | None:
    """`Etc/GMT-1` → +60 minutes (the sign turned back round), `UTC` → 0; None for places."""
    if zone == "UTC":
        return 0
    fixed = _FIXED_RE.match(zone)
    if fixed is None:
        return None
    return int(fixed["h"]) * 60 * (-1 if fixed["sign"] == "+" else 1)


def format_offset(minutes: int) -> str:
    """+330 → `UTC+05:30`."""
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def abbreviation(text: str) -> tuple[int, str] | None:
    """A zone abbreviation (`CET`, `PST`, `IST`) → (its offset, a city zone using it)."""
    return ABBREVIATIONS.get(text.strip().lower())


def has_daylight_saving(zone: str) -> bool:
    """Whether the zone's clocks change over a year (its January and July offsets differ)."""
    info = ZoneInfo(zone)
    january, july = (datetime(2026, month, 1, 12, tzinfo=info) for month in (1, 7))
    return january.utcoffset() != july.utcoffset()


def resolve_timezone(text: str) -> str | None:
    """An exact IANA zone (`Europe/Berlin`) or a city (`new york`) → zone name, else None."""
    value = text.strip()
    if not value or len(value) > 64:
        return None
    index = _zone_index()
    return index.get(value.lower()) or index.get(_key(value))


def suggest_timezone(text: str) -> str | None:
    """The closest city or zone for a near miss (`Berln` → Europe/Berlin), if one is close."""
    value = _key(text)
    if len(value) < 3 or len(value) > 64:
        return None
    best = process.extractOne(value, _zone_index().keys(), scorer=fuzz.ratio, score_cutoff=80)
    return _zone_index()[best[0]] if best else None


def is_valid_zone(name: str) -> bool:
    """True for names zoneinfo knows."""
    return name in available_timezones()


@lru_cache(maxsize=1)
def _finder() -> object:
    from timezonefinder import TimezoneFinder  # loaded on first use: ~30 MB of polygons

    return TimezoneFinder()


def _zone_at_sync(latitude: float, longitude: float) -> str | None:
    finder = _finder()
    zone = finder.timezone_at(lat=latitude, lng=longitude)  # type: ignore[attr-defined]
    if zone and is_valid_zone(zone):
        ZoneInfo(zone)
        return str(zone)
    return None


async def zone_at(latitude: float, longitude: float) -> str | None:
    """The zone at a shared location, looked up offline in a worker thread."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return await asyncio.to_thread(_zone_at_sync, latitude, longitude)
