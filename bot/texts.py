"""Every user-facing text of the bot's core, as Telegram HTML; user input is always escaped."""

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.parsing import format_distance
from bot.profile import ROLE_NAMES
from bot.timezones import zone_label
from db.models import User

# (command, one-line description) in the order /help shows them; also sent to setMyCommands.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Set up Limber or see your profile"),
    ("settings", "Change one setting"),
    ("help", "What Limber can do"),
    ("cancel", "Stop the current question"),
    ("stop", "Switch all reminders off"),
)

_DAY_LABELS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri",
               "sat": "Sat", "sun": "Sun"}  # fmt: skip


def help_text() -> str:
    lines = [f"/{name} — {escape(description)}" for name, description in COMMANDS]
    return (
        "<b>Limber keeps you moving</b>: break nudges while you sit, a daily mobility routine,"
        " and stretches that follow your training.\n\n" + "\n".join(lines)
    )


def welcome(first_name: str) -> str:
    name = escape(first_name) if first_name else "there"
    return (
        f"Hi {name}! I'm <b>Limber</b>. I'll nudge you to move when you sit too long, send a short"
        " mobility routine every day, and help you stretch after rides and runs.\n"
        "A few quick questions first (about a minute). You can /cancel at any time."
    )


def step_prefix(position: int, total: int) -> str:
    return f"<i>Question {position} of {total}</i>\n"


def invalid_answer(message: str) -> str:
    return f"🤔 {message}"


def answered(title: str, value: str) -> str:
    return f"{escape(title)}: <b>{escape(value)}</b> ✓"


def resume_prompt(step_title: str) -> str:
    return (
        "Welcome back! Your setup isn't finished yet — we stopped at"
        f" <b>{escape(step_title)}</b>. Continue where you left off, or start over?"
    )


def in_dialog_command(command: str) -> str:
    return (
        f"/{escape(command)} has to wait until we're done here. Answer the question below,"
        " or send /cancel to stop."
    )


def unknown_command(command: str) -> str:
    return f"I don't know /{escape(command[:40])}. Send /help to see what I can do."


def share_location_prompt() -> str:
    return "Tap <b>📍 Send my location</b> below. I only use it to find your time zone."


def location_not_needed() -> str:
    return "Thanks! I only use a location to set your time zone — change it with /settings."


def not_understood() -> str:
    return "I didn't catch that. Send /help to see what I can do."


def unsupported_message() -> str:
    return "I can only read text messages here. Send /help to see what I can do."


def cancelled_onboarding() -> str:
    return "Setup cancelled — nothing was saved. Send /start whenever you're ready."


def cancelled_edit() -> str:
    return "No changes made."


def nothing_to_cancel() -> str:
    return "There's nothing to cancel right now."


def not_registered() -> str:
    return "You haven't set up Limber yet. Send /start — it takes about a minute."


def stopped() -> str:
    return (
        "All reminders are off. I'll stay quiet until you send /start and turn them back on."
        " Your settings are kept."
    )


def already_stopped() -> str:
    return "Your reminders are already off. Send /start to turn them back on."


def reminders_back_on() -> str:
    return "Reminders are back on. 💪"


def stale_button() -> str:
    return "That question has already been answered."


def saved_setting(title: str) -> str:
    return f"Saved: {escape(title)}."


def settings_intro() -> str:
    return "<b>What would you like to change?</b>"


def error_reply() -> str:
    return "Sorry, something went wrong on my side. Please try again in a moment."


def group_chat() -> str:
    return "I work in private chats only — message me directly to get started."


def local_now(zone: str, now: datetime) -> str:
    return now.astimezone(ZoneInfo(zone)).strftime("%H:%M")


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


def onboarding_done(user: User, now: datetime) -> str:
    return (
        "✅ <b>All set!</b> Here's what I saved:\n"
        + profile_summary(user, now)
        + "\n\n<b>What happens next:</b> "
        + what_happens_next(user)
        + "\nChange anything with /settings."
    )


def what_happens_next(user: User) -> str:
    roles = user.role_set
    parts = [f"your first mobility routine arrives at {user.routine_at:%H:%M} your time"]
    if "desk" in roles:
        parts.append(f"on work days I'll nudge you to stand up every {user.break_every} min")
    return "; ".join(parts) + "."


def profile_view(user: User, now: datetime) -> str:
    return "<b>Your Limber profile</b>\n" + profile_summary(user, now)
