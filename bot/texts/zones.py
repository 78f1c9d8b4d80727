"""What the time-zone question says about offsets, abbreviations and near misses."""

from html import escape

from bot.parsing.zones import fixed_offset, format_offset, has_daylight_saving

TRY = (
    " Try a city like <i>Berlin</i> or <i>New York</i>, a zone like <i>Europe/Berlin</i>,"
    " or share your location."
)


def timezone_question() -> str:
    return (
        "<b>Which time zone are you in?</b> Tap one, type a city or a zone name"
        " (<i>Lisbon</i>, <i>America/Denver</i>), or share your location."
    )


# The zone buttons' labels (the zones themselves are in bot/parsing/zones.py).
_COMMON_ZONE_LABELS = {
    "Europe/London": "London", "Europe/Berlin": "Berlin / Paris",
    "America/New_York": "New York", "America/Chicago": "Chicago",
    "America/Los_Angeles": "Los Angeles", "Asia/Kolkata": "India",
    "Australia/Sydney": "Sydney", "UTC": "UTC",
}  # fmt: skip


def common_zone_button(zone: str) -> str:
    return _COMMON_ZONE_LABELS[zone]


def share_location_button() -> str:
    return "📍 Share my location"


def zone_label(name: str) -> str:
    """`America/New_York` → `New York (America/New_York)`; `Etc/GMT-1` → `UTC+01:00 (fixed…)`.

    Plain text (the caller escapes it).
    """
    minutes = fixed_offset(name)
    if minutes is not None and name != "UTC":
        return f"{format_offset(minutes)} (fixed, no daylight saving)"
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return name if city == name else f"{city} ({name})"


def unknown_zone() -> str:
    return "I don't know that time zone." + TRY


def did_you_mean(zone: str) -> str:
    return f"I don't know that time zone. Did you mean <b>{escape(zone_label(zone))}</b>?" + _yes()


def part_hour_place(minutes: int, zone: str) -> str:
    return (
        f"{format_offset(minutes)} is the time in <b>{escape(zone_label(zone))}</b>."
        " A place follows its clock changes, a bare offset doesn't. Is that where you are?" + _yes()
    )


def impossible_offset(minutes: int) -> str:
    return f"No place keeps {format_offset(minutes)}, as far as I know." + TRY


def abbreviation(name: str, minutes: int, zone: str, whole_hour: bool) -> str:
    """CET, PST, IST…: an offset, not a place; suggest the city and say why."""
    why = (
        "it ignores daylight saving where you really are, so reminders could come an hour off"
        " for half the year."
        if has_daylight_saving(zone)
        else "it says nothing of where you really are, and the same letters mean other places."
    )
    keep = (
        f" Or keep <b>{format_offset(minutes)}</b> fixed all year ({_keep_button(minutes)})."
        if whole_hour
        else ""
    )
    return (
        f"<b>{escape(name.upper())}</b> is {format_offset(minutes)}, an offset, not a place: {why}"
        f" Are you in <b>{escape(zone_label(zone))}</b>?" + _yes() + keep + " Or type your city."
    )


def keep_label(minutes: int) -> str:
    return f"Keep {format_offset(minutes)} (fixed)"


def yes_label(zone: str) -> str:
    return f"✅ Yes, {zone_label(zone)}"


def not_that_one() -> str:
    return "No problem." + TRY


def _keep_button(minutes: int) -> str:
    return f"tap <i>{escape(keep_label(minutes))}</i>"


def _yes() -> str:
    return " Type <i>yes</i> or tap the button to confirm."
