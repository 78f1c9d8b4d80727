"""The profile as the user sees it (/start, /settings), and the labels of its choices."""

from datetime import datetime
from html import escape

from bot.parsing.distance import format_distance
from bot.parsing.zones import zone_label
from bot.texts.common import local_now
from db.models import User
from db.vocab import WEEKDAYS, WORK_WEEK

# Labels of the stored day codes (db.vocab.WEEKDAYS), in the same order.
_DAY_LABELS = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))


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
        hours = user_work_hours(user)
        lines.append(
            f"<b>Work:</b> {escape(hours)}, a break nudge every {user.break_every} min of sitting"
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


def user_work_hours(user: User) -> str:
    """The saved work days and hours in words (plain text)."""
    lunch = (
        (f"{user.lunch_start:%H:%M}", f"{user.lunch_end:%H:%M}")
        if user.lunch_start and user.lunch_end
        else None
    )
    return work_hours_label(
        [d for d in user.work_days.split(",") if d],
        (f"{user.work_start:%H:%M}", f"{user.work_end:%H:%M}"),
        user.work_hours_by_day or {},
        lunch,
    )


def work_hours_question() -> str:
    return (
        "<b>What are your usual work hours?</b> Tap one or type e.g. <i>08:30-16:30</i>,"
        " a night shift like <i>22:00-06:00</i>, or hours per day like"
        " <i>Mon-Thu 9-17, Fri 9-13</i>. Add a lunch break without nudges:"
        " <i>9-17, lunch 12:30-13:15</i>."
    )


def work_hours_expected() -> str:
    return (
        "I expected a start and an end like <i>09:00-17:00</i> or <i>8-16</i>, a night shift"
        " like <i>22:00-06:00</i> (up to 14 hours), or days and hours like"
        " <i>Mon-Thu 9-17, Fri 9-13</i>; a lunch break goes after a comma:"
        " <i>lunch 12:30-13:15</i>."
    )


def work_hours_label(
    days: list[str],
    usual: tuple[str, str],
    by_day: dict[str, list[str]],
    lunch: tuple[str, str] | None,
) -> str:
    """`Mon–Fri, 09:00–17:00` or `Mon–Thu 09:00–17:00, Fri 09:00–13:00`, then any lunch break.

    Plain text (the caller escapes it); a night shift is marked as running into the next day.
    """
    hours_of = {day: tuple(by_day.get(day, usual)) for day in days}
    if len(set(hours_of.values())) <= 1:
        parts = [_days_label(",".join(days)) + ", " + _range(usual)]
    else:
        groups: list[tuple[list[str], tuple[str, ...]]] = []
        for day in days:
            if groups and groups[-1][1] == hours_of[day] and _follows(groups[-1][0][-1], day):
                groups[-1][0].append(day)
            else:
                groups.append(([day], hours_of[day]))
        parts = [f"{_day_span(group)} {_range(hours)}" for group, hours in groups]
    if lunch is not None:
        parts.append(f"lunch {lunch[0]}–{lunch[1]}")
    return ", ".join(parts)


def _range(hours: tuple[str, ...]) -> str:
    start, end = hours
    return f"{start}–{end}" + (" (into the next day)" if end <= start else "")


def _follows(before: str, day: str) -> bool:
    order = list(_DAY_LABELS)
    return order.index(day) == order.index(before) + 1


def _day_span(days: list[str]) -> str:
    first, last = _DAY_LABELS[days[0]], _DAY_LABELS[days[-1]]
    return first if len(days) == 1 else f"{first}–{last}"


def _days_label(work_days: str) -> str:
    days = [d for d in work_days.split(",") if d]
    if tuple(days) == WORK_WEEK:
        return "Mon–Fri"
    if len(days) == len(WEEKDAYS):
        return "every day"
    return ", ".join(_DAY_LABELS[d] for d in days) or "no work days"


def profile_view(user: User, now: datetime) -> str:
    return "<b>Your Limber profile</b>\n" + profile_summary(user, now)
