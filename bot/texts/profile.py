"""The profile as the user sees it (/start, /settings), and the labels of its choices."""

from datetime import datetime
from html import escape

from bot.parsing.answers import format_distance
from bot.parsing.zones import zone_label
from bot.texts.common import local_now
from db.models import User

_DAY_LABELS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri",
               "sat": "Sat", "sun": "Sun"}  # fmt: skip


ROLE_LABELS = {"desk": "💻 Desk worker", "cyclist": "🚴 Cyclist", "runner": "🏃 Runner"}


ROLE_NAMES = {"desk": "desk worker", "cyclist": "cyclist", "runner": "runner"}


def cancelled_edit() -> str:
    return "No changes made."


def saved_setting(title: str) -> str:
    return f"Saved: {escape(title)}."


def settings_intro() -> str:
    return "<b>What would you like to change?</b>"


def profile_summary(user: User, now: datetime) -> str:
    """What we know about the user and what happens next, in a few short lines."""
    roles = user.role_set
    lines = [f"<b>Who:</b> {', '.join(ROLE_NAMES[r] for r in sorted(roles))}"]
    if user.timezone:
        lines.append(
            f"<b>Time zone:</b> {escape(zone_label(user.timezone))},"
            f" local time now {local_now(user.timezone, now)}"
        )
    if "desk" in roles:
        days = _days_label(user.work_days)
        lines.append(
            f"<b>Work:</b> {days}, {user.work_start:%H:%M}–{user.work_end:%H:%M},"
            f" a break nudge every {user.break_every} min of sitting"
        )
    if "cyclist" in roles:
        ride = format_distance(user.ride_km_week, user.distance_unit)
        lines.append(f"<b>Riding:</b> about {ride} a week")
    if "runner" in roles:
        run = format_distance(user.run_km_week, user.distance_unit)
        lines.append(f"<b>Running:</b> about {run} a week")
    lines.append(f"<b>Daily routine:</b> {user.routine_at:%H:%M}")
    if user.quiet_start and user.quiet_end:
        lines.append(f"<b>Quiet hours:</b> {user.quiet_start:%H:%M}–{user.quiet_end:%H:%M}")
    if not user.reminders_on:
        lines.append("<b>Reminders:</b> off")
    return "\n".join(lines)


def _days_label(work_days: str) -> str:
    days = [d for d in work_days.split(",") if d]
    if days == ["mon", "tue", "wed", "thu", "fri"]:
        return "Mon–Fri"
    if len(days) == 7:
        return "every day"
    return ", ".join(_DAY_LABELS[d] for d in days) or "no work days"


def profile_view(user: User, now: datetime) -> str:
    return "<b>Your Limber profile</b>\n" + profile_summary(user, now)
