"""Finding a user's time zone from a zone name, a city or a shared location, all offline."""

import asyncio
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from rapidfuzz import fuzz, process

# Buttons shown first: (label, zone).
COMMON_ZONES: tuple[tuple[str, str], ...] = (
    ("London", "Europe/London"),
    ("Berlin / Paris", "Europe/Berlin"),
    ("New York", "America/New_York"),
    ("Chicago", "America/Chicago"),
    ("Los Angeles", "America/Los_Angeles"),
    ("India", "Asia/Kolkata"),
    ("Sydney", "Australia/Sydney"),
    ("UTC", "UTC"),
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


def zone_label(name: str) -> str:
    """`America/New_York` → `New York (America/New_York)` for summaries."""
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return name if city == name else f"{city} ({name})"


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
