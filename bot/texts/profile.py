"""The profile as the user sees it (/start, /settings), and its questions field by field."""

from collections.abc import Sequence
from datetime import datetime
from html import escape

from bot.parsing.distance import format_distance
from bot.texts.common import local_now
from bot.texts.zones import zone_label
from db.vocab import WEEKDAYS, WORK_WEEK

# Labels of the stored day codes (db.vocab.WEEKDAYS), in the same order.
_DAY_LABELS = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))


ROLE_LABELS = {"desk": "💻 Desk worker", "cyclist": "🚴 Cyclist", "runner": "🏃 Runner"}


ROLE_NAMES = {"desk": "desk worker", "cyclist": "cyclist", "runner": "runner"}


CHANGE_SETTINGS = "⚙️ Change settings"
TURN_REMINDERS_ON = "🔔 Turn reminders on"


def pick_a_role_first() -> str:
    return "Pick at least one first."


def cancelled_edit() -> str:
    return "No changes made."


def saved_setting(title: str) -> str:
    return f"Saved: {escape(title)}."


def settings_intro() -> str:
    return "<b>What would you like to change?</b>"


def answer_too_long() -> str:
    return "That's much longer than any answer I expect here."


# --- the fields: a title (the /settings button, the ✓ line), the question, its buttons, what a
# --- refused answer hears, and the value in words. The time-zone question is in texts/zones.

ROLES_TITLE = "Who you are"
TIMEZONE_TITLE = "Time zone"
WORK_DAYS_TITLE = "Work days"
WORK_HOURS_TITLE = "Work hours"
BREAK_EVERY_TITLE = "Break nudges"
UNIT_TITLE = "Units"
RIDE_TITLE = "Weekly riding"
RUN_TITLE = "Weekly running"
ROUTINE_TITLE = "Daily routine"
QUIET_TITLE = "Quiet hours"
POST_DELAY_TITLE = "Stretch after training"


def roles_question(roles: Sequence[str]) -> str:
    chosen = roles_value(roles) or "nothing yet"
    return f"<b>Who are you?</b> Pick everything that fits, then tap <b>Next</b>.\nChosen: {chosen}"


def role_button(role: str, chosen: bool) -> str:
    return f"✓ {ROLE_LABELS[role]}" if chosen else ROLE_LABELS[role]


def next_button() -> str:
    return "Next ➡️"


def roles_expected() -> str:
    return "Tap one or more of the buttons, or type e.g. <i>desk, cyclist</i>."


def roles_value(roles: Sequence[str]) -> str:
    return ", ".join(ROLE_NAMES[role] for role in roles)


def work_days_question() -> str:
    return "<b>Which days do you work at a desk?</b> Or type e.g. <i>mon-thu</i>."


_WORK_DAY_BUTTONS = {"mon-fri": "Mon–Fri", "mon-sat": "Mon–Sat", "every day": "Every day"}


def work_days_button(preset: str) -> str:
    return _WORK_DAY_BUTTONS[preset]


def work_days_expected() -> str:
    return "I expected days like <i>mon-fri</i>, <i>mon, wed, fri</i> or <i>every day</i>."


def work_days_value(days: Sequence[str]) -> str:
    return ", ".join(_DAY_LABELS[day] for day in days) or "none"


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


def time_range(start: str, end: str) -> str:
    """`22:00–07:00`: a window of wall-clock times, as a button or a value reads."""
    return f"{start}–{end}"


def break_every_question() -> str:
    return (
        "<b>How often should I nudge you to get up?</b> Every … minutes of sitting"
        " (type any number from 15 to 180)."
    )


def break_every_expected() -> str:
    return "Send a number of minutes between 15 and 180, like <i>45</i>."


def break_every_value(minutes: int) -> str:
    return f"every {minutes} min"


def unit_question() -> str:
    return "<b>Kilometres or miles?</b>"


def unit_name(unit: str) -> str:
    """The unit as a button and an answer read: `km` or `miles`."""
    return "miles" if unit == "mi" else "km"


def unit_expected() -> str:
    return "Tap <i>km</i> or <i>miles</i>."


def ride_question(unit: str) -> str:
    return f"<b>How far do you usually ride in a week?</b> In {unit_name(unit)}."


def run_question(unit: str) -> str:
    return f"<b>How far do you usually run in a week?</b> In {unit_name(unit)}."


def distance_expected() -> str:
    return (
        "Send your usual weekly distance as a number from 0 to 2,000 km (1,240 miles),"
        " like <i>60</i> or <i>40 mi</i>."
    )


def weekly_distance(km: float, unit: str) -> str:
    return f"{format_distance(km, unit)} a week"


def routine_question() -> str:
    return (
        "<b>When should your daily mobility routine arrive?</b> Your local time;"
        " type any time like <i>19:15</i>."
    )


def routine_expected() -> str:
    return "I expected a time of day like <i>18:30</i> or <i>7am</i>."


def quiet_question() -> str:
    return (
        "<b>Quiet hours:</b> no nudges in this window, e.g. <i>22:00-07:00</i>."
        " Type <i>off</i> to turn them off."
    )


def quiet_off_button() -> str:
    return "Off"


def quiet_expected() -> str:
    return "I expected a range like <i>22:00-07:00</i>, or <i>off</i>."


def quiet_value(start: str | None, end: str | None) -> str:
    return time_range(start, end or "") if start else "off"


def post_delay_question() -> str:
    return (
        "<b>When should the post-ride / post-run stretches come?</b>"
        " Minutes after you log the activity (0 = right away)."
    )


def post_delay_button(minutes: int) -> str:
    return "Right away" if minutes == 0 else f"After {minutes} min"


def post_delay_expected() -> str:
    return "Send a delay in minutes from 0 to 240, like <i>0</i> or <i>30</i>."


def post_delay_value(minutes: int) -> str:
    return "right away" if minutes == 0 else f"{minutes} min after"


# --- the summary: one line per field worth showing -----------------------------------------


def who_line(roles: Sequence[str]) -> str:
    return f"<b>Who:</b> {roles_value(roles)}"


def zone_line(zone: str, now: datetime) -> str:
    return f"<b>Time zone:</b> {escape(zone_label(zone))}, local time now {local_now(zone, now)}"


def work_line(hours: str, break_every: int) -> str:
    return f"<b>Work:</b> {escape(hours)}, a break nudge every {break_every} min of sitting"


def riding_line(km: float, unit: str) -> str:
    return f"<b>Riding:</b> about {format_distance(km, unit)} a week"


def running_line(km: float, unit: str) -> str:
    return f"<b>Running:</b> about {format_distance(km, unit)} a week"


def routine_line(at: str) -> str:
    return f"<b>Daily routine:</b> {at}"


def quiet_line(start: str, end: str) -> str:
    return f"<b>Quiet hours:</b> {time_range(start, end)}"


def profile_summary(lines: Sequence[str], reminders_on: bool) -> str:
    """What we know about the user (a line per field) and whether reminders are off."""
    off = ["<b>Reminders:</b> off"] if not reminders_on else []
    return "\n".join([*lines, *off])


def profile_view(summary: str) -> str:
    return f"<b>Your Limber profile</b>\n{summary}"


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
