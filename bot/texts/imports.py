"""Texts for activity files sent to the chat (GPX, FIT, TCX)."""

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.parsing.distance import format_distance
from bot.parsing.tracks import TrackError
from bot.texts.common import duration

LOG_IT = "✅ Log it"
CHANGE_SPORT = "🔁 Change sport"
CANCEL = "✖️ Cancel"
RIDE = "🚴 Ride"
RUN = "🏃 Run"
_FEET_PER_M = 3.28084
_NOUNS = {"ride": "ride", "run": "run"}
_NOTHING = " Nothing was saved."


def _climb(metres: int, unit: str) -> str:
    return f"{round(metres * _FEET_PER_M)} ft" if unit == "mi" else f"{metres} m"


def summary(
    fmt: str, sport: str | None, distance_km: float, moving_s: int, started_at: datetime,
    climb_m: int | None, unit: str, zone: str,
) -> str:  # fmt: skip
    """The file read back to the user, in their unit and zone."""
    local = started_at.astimezone(ZoneInfo(zone))
    what = f"{_NOUNS[sport].capitalize()}" if sport else "Activity"
    lines = [
        f"📄 <b>{what} from your {fmt.upper()} file</b>",
        f"Distance: {format_distance(distance_km, unit)}",
        f"Moving time: {duration(moving_s)}",
        f"Started: {local:%a %d %b %Y, %H:%M}",
    ]
    if climb_m is not None:
        lines.append(f"Climb: {_climb(climb_m, unit)}")
    lines.append("Log it?" if sport else "Was it a ride or a run?")
    return "\n".join(lines)


def logged_note(summary_html: str, logged_html: str) -> str:
    body = summary_html.rsplit("\n", 1)[0]  # the question is answered
    return f"{body}\n\n{logged_html}"


def cancelled(summary_html: str) -> str:
    return summary_html.rsplit("\n", 1)[0] + "\n\nNot logged."


def duplicate(kind: str, distance_km: float, day: datetime | None, unit: str, zone: str) -> str:
    when = f" from {day.astimezone(ZoneInfo(zone)):%a %d %b, %H:%M}" if day else ""
    return (
        f"You've already logged this one: your {format_distance(distance_km, unit)}"
        f" {_NOUNS.get(kind, kind)}{when}. Nothing was changed."
    )


def too_big(megabytes: float) -> str:
    return (
        f"That file is {megabytes:.0f} MB — Telegram lets bots download at most 20 MB."
        " Export the activity as a .fit file (much smaller) and send that." + _NOTHING
    )


def download_failed() -> str:
    return "I couldn't fetch that file from Telegram. Please send it again." + _NOTHING


def not_a_track(name: str) -> str:
    return (
        f"I can read activity files ending in .gpx, .fit or .tcx; “{escape(name[:60])}”"
        " isn't one. Export the ride or run from your app or device and send the file."
    )


def unreadable(error: TrackError, sport: str | None = None) -> str:
    """A specific answer for each way a file can fail."""
    fmt = error.detail.upper()
    reasons = {
        "too_big": "That file is over 20 MB, more than Telegram lets bots download.",
        "wrong_type": f"That file is named .{error.detail} but it isn't a {fmt} file inside."
        " Send the file exactly as your app exported it.",
        "corrupt": f"I couldn't read that {fmt} file: it looks damaged or cut short."
        " Try exporting it again.",
        "empty": f"That {fmt} file has no track in it (no distance covered).",
        "no_times": f"That {fmt} file has no timestamps (a planned route?), so I can't tell"
        " when you went or for how long.",
        "absurd_speed": f"That works out at {error.detail} km/h on average — too fast for a"
        f" {_NOUNS.get(sport or '', 'ride or run')}. Was it recorded in a car or a train?",
        "too_far": f"That's {error.detail} km — more than one "
        f"{_NOUNS.get(sport or '', 'ride or run')} can cover. Is it several activities in one?",
        "unknown_type": "I can read .gpx, .fit and .tcx files.",
    }
    return "🤔 " + reasons[error.reason] + _NOTHING


def stale() -> str:
    return "That file was already dealt with."
