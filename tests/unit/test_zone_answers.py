"""What people type for a time zone: offsets, abbreviations, near misses and a confirming yes."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.parsing.zones import fixed_offset, fixed_zone, format_offset, parse_offset
from bot.services.profile import STEP_BY_KEY, Draft, Invalid, answer
from bot.texts.zones import zone_label

STEP = STEP_BY_KEY["timezone"]


@pytest.mark.parametrize(
    ("text", "minutes", "zone"),
    [
        ("GMT+1", 60, "Etc/GMT-1"),
        ("utc-3", -180, "Etc/GMT+3"),
        ("UTC +2", 120, "Etc/GMT-2"),
        ("gmt−8", -480, "Etc/GMT+8"),  # a typographic minus
        ("UTC+14", 840, "Etc/GMT-14"),
        ("UTC-12", -720, "Etc/GMT+12"),
        ("utc+0", 0, "UTC"),
        ("+01:00", 60, "Etc/GMT-1"),
    ],
)
def test_whole_hour_offsets_become_fixed_zones(text: str, minutes: int, zone: str) -> None:
    offset = parse_offset(text)
    assert offset is not None and (offset.minutes, offset.zone) == (minutes, zone)
    probe = datetime(2026, 7, 1, 12, tzinfo=UTC).astimezone(ZoneInfo(zone))
    assert probe.utcoffset() is not None
    assert probe.utcoffset().total_seconds() == minutes * 60  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "place"),
    [("UTC+05:30", "Asia/Kolkata"), ("+0545", "Asia/Kathmandu"), ("UTC-3:30", "America/St_Johns")],
)
def test_part_hour_offsets_point_to_a_place(text: str, place: str) -> None:
    offset = parse_offset(text)
    assert offset is not None and offset.zone is None and offset.place == place


@pytest.mark.parametrize("text", ["UTC+5:17", "GMT+15", "UTC-13", "utc+02:45"])
def test_offsets_no_place_keeps_have_neither_zone_nor_place(text: str) -> None:
    offset = parse_offset(text)
    assert offset is not None and offset.zone is None and offset.place is None


@pytest.mark.parametrize("text", ["Berlin", "UTC", "5", "utc+5:99", "gmt+", "+1:2"])
def test_other_text_is_no_offset(text: str) -> None:
    assert parse_offset(text) is None


def test_fixed_zones_read_as_offsets() -> None:
    assert zone_label("Etc/GMT-1") == "UTC+01:00 (fixed, no daylight saving)"
    assert zone_label("Etc/GMT+8") == "UTC-08:00 (fixed, no daylight saving)"
    assert zone_label("UTC") == "UTC"
    assert zone_label("Europe/Berlin") == "Berlin (Europe/Berlin)"
    assert fixed_offset("Etc/GMT-5") == 300 and fixed_offset("Europe/Berlin") is None
    assert fixed_zone(-300) == "Etc/GMT+5" and format_offset(-570) == "UTC-09:30"


def _run(*texts: str) -> tuple[Draft | Invalid, Draft]:
    """Answer the zone question several times, keeping what a refusal remembers."""
    draft: Draft = {}
    result: Draft | Invalid = {}
    for text in texts:
        result = answer(STEP, text, draft)
        draft = {**draft, **result.remember} if isinstance(result, Invalid) else result
    return result, draft


@pytest.mark.parametrize(
    ("texts", "zone"),
    [
        (("CET", "yes"), "Europe/Berlin"),
        (("cet", "keep"), "Etc/GMT-1"),
        (("PST", "Keep UTC-08:00 (fixed)"), "Etc/GMT+8"),
        (("Berln", "Yes!"), "Europe/Berlin"),
        (("UTC+05:30", "ok"), "Asia/Kolkata"),
        (("IST", "yes"), "Asia/Kolkata"),
        (("CET", "Lisbon"), "Europe/Lisbon"),
        (("EST", "New York"), "America/New_York"),
    ],
)
def test_suggestions_are_confirmed_by_a_typed_answer(texts: tuple[str, ...], zone: str) -> None:
    result, _ = _run(*texts)
    assert not isinstance(result, Invalid) and result["timezone"] == zone


@pytest.mark.parametrize(
    "texts",
    [("yes",), ("CET", "no", "yes"), ("Berln", "Mars/Olympus", "yes"), ("IST", "keep")],
)
def test_a_yes_without_a_standing_suggestion_is_refused(texts: tuple[str, ...]) -> None:
    result, draft = _run(*texts)
    assert isinstance(result, Invalid) and "timezone" not in draft


@pytest.mark.parametrize("name", ["CET", "EST", "MST", "HST", "WET", "EET"])
def test_abbreviations_that_are_also_zone_names_are_never_taken_silently(name: str) -> None:
    result, draft = _run(name)
    assert isinstance(result, Invalid) and "an offset, not a place" in result.message
    assert draft["_suggested_zone"]
