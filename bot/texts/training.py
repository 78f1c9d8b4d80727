"""Logging rides and runs (/ride, /run, /log) and the week's totals (/week)."""

from collections.abc import Collection
from datetime import date, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from bot.content.chooser import MILEAGE_BOOST_RATIO
from bot.parsing.activity import ActivityError, LoggedActivity, Problem
from bot.parsing.distance import format_distance
from bot.texts.common import duration

UNDO = "↩️ Undo"


def log_usage(kind: str | None) -> str:
    if kind == "ride":
        return "How far did you ride? e.g. <i>/ride 42</i> or <i>/ride 26 mi 1h30</i>."
    if kind == "run":
        return "How far did you run? e.g. <i>/run 10.5</i> or <i>/run 5 mi yesterday</i>."
    return "Log it like <i>/log ride 42km 1h35 yesterday</i> or <i>/log run 10</i>."


def log_invalid(problem: str, kind: str | None) -> str:
    return f"🤔 {problem} {log_usage(kind)} Nothing was saved."


def activity_problem(error: ActivityError, unit: str) -> str:
    """Why a typed ride or run was refused, in one sentence."""
    word = escape(error.word)
    if error.problem == Problem.UNKNOWN_WORD:
        return f"I didn't understand “{word}”."
    if error.problem == Problem.NO_KIND:
        return "Say whether it was a ride or a run."
    if error.problem == Problem.NO_DISTANCE:
        return "Add the distance, like <i>42</i> or <i>10.5 km</i>."
    if error.problem == Problem.TOO_FAR:
        return f"That's more than {error.limit:.0f} km in one {error.kind} — typo?"
    if error.problem == Problem.DAY_OUT_OF_RANGE:
        return f"The day must be within the last {error.limit:.0f} days."
    distance = format_distance(error.distance_km, unit)
    return f"{distance} in “{word}” can't be right for a {error.kind}."


_ACTIVITY = {"ride": ("🚴", "ride", "rides", "riding"), "run": ("🏃", "run", "runs", "running")}


def activity_logged(
    activity: LoggedActivity,
    week: dict[str, tuple[float, int]],
    today: date,
    follow_up: datetime | None,
    now: datetime,
    *,
    unit: str,
    usual_km: float,
    zone: str,
) -> str:
    """The answer to a logged ride or run: what, the week so far, and what follows.
    `usual_km` is the user's usual weekly distance of that kind."""
    icon, noun, _plural, _ = _ACTIVITY[activity.kind]
    when = "today" if activity.day == today else f"on {activity.day:%a %d %b}"
    line = f"{icon} Logged your {format_distance(activity.distance_km, unit)} {noun} {when}"
    if activity.duration_s:
        line += f" in {activity_time(activity.duration_s)}"
    km, _count = week.get(activity.kind, (0.0, 0))
    lines = [line + ".", _week_line(unit, activity.kind, week)]
    if usual_km > 0 and km >= usual_km * MILEAGE_BOOST_RATIO:  # where routines start to grow
        lines.append(f"That's above your usual {format_distance(usual_km, unit)} — "
                     "your routines will add some flexibility work.")  # fmt: skip
    if follow_up is not None:
        soon = follow_up - now < timedelta(minutes=1)
        lines.append(
            "Stretches are on their way."
            if soon
            else f"Stretches follow at {follow_up.astimezone(ZoneInfo(zone)):%H:%M}."
        )
    return "\n".join(lines)


def activity_time(seconds: int) -> str:
    """An activity's length as a watch would give it: seconds count under an hour (22 min 30 s)."""
    if seconds < 3600 and seconds % 60:
        return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"
    return duration(seconds)


def _week_line(unit: str, kind: str, week: dict[str, tuple[float, int]]) -> str:
    _icon, noun, plural, _verb = _ACTIVITY[kind]
    km, count = week.get(kind, (0.0, 0))
    return f"This week: {format_distance(km, unit)} over {count} {noun if count == 1 else plural}."


def undone(
    activity: LoggedActivity, week: dict[str, tuple[float, int]], today: date, cancelled: int,
    unit: str,
) -> str:  # fmt: skip
    _icon, noun, _plural, _verb = _ACTIVITY[activity.kind]
    when = "today" if activity.day == today else f"on {activity.day:%a %d %b}"
    distance = format_distance(activity.distance_km, unit)
    lines = [f"↩️ Undone: your {distance} {noun} {when} is no longer logged."]
    lines.append(_week_line(unit, activity.kind, week))
    if cancelled:
        lines.append("The stretches that were to follow it are called off.")
    return "\n".join(lines)


def undo_usage() -> str:
    return "Send /undo on its own to take back the ride or run you logged last. Nothing changed."


def nothing_to_undo() -> str:
    return "There's nothing to undo: you haven't logged a ride or run yet."


def already_undone() -> str:
    return "Already undone — nothing changed."


def too_old_to_undo() -> str:
    return "That was logged more than a day ago, so I've left it as it is."


def not_your_log() -> str:
    return "That button belongs to someone else's log, so it does nothing."


def week_summary(
    totals: dict[str, tuple[float, int]],
    monday: date,
    today: date,
    *,
    unit: str,
    usual_km: dict[str, float],
    roles: Collection[str],
) -> str:
    """/week: each sport's distance and sessions so far, against the usual weekly volume.
    A sport shows when the user has its role or logged some of it."""
    lines = [f"<b>This week</b> ({monday:%a %d %b} – {today:%a %d %b}):"]
    for kind, (_icon, noun, plural, verb) in _ACTIVITY.items():
        km, count = totals.get(kind, (0.0, 0))
        usual = usual_km.get(kind, 0.0)
        role = "cyclist" if kind == "ride" else "runner"
        if count == 0 and role not in roles:
            continue
        line = f"{_icon} {verb.capitalize()}: {format_distance(km, unit)} in {count} "
        line += noun if count == 1 else plural
        if usual > 0:
            line += f" (usual {format_distance(usual, unit)} a week, {km / usual:.0%})"
        lines.append(line)
    if len(lines) == 1:
        lines.append("Nothing logged yet. Try /ride 42 or /run 10.")
    return "\n".join(lines)
