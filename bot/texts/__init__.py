"""Every user-facing text of the bot's core, as Telegram HTML; user input is always escaped."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from bot.content.chooser import MILEAGE_BOOST_RATIO
from bot.parsing.activity import LoggedActivity
from bot.parsing.answers import KM_PER_MILE, format_distance
from bot.parsing.zones import zone_label
from db.models import Reminder, User

# (command, one-line description) in the order /help shows them; also sent to setMyCommands.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Set up Limber or see your profile"),
    ("ride", "Log a ride: /ride 42"),
    ("run", "Log a run: /run 10.5"),
    ("log", "Log with details: /log ride 42km 1h35 yesterday"),
    ("week", "This week's distance and sessions"),
    ("sit", "Start a sitting session with break nudges"),
    ("stand", "End the sitting session"),
    ("pain", "Ask about an ache: /pain lower back"),
    ("reminders", "What comes next"),
    ("pause", "Pause reminders: /pause 3d, /pause until monday"),
    ("resume", "End a pause"),
    ("settings", "Change one setting"),
    ("help", "What Limber can do"),
    ("cancel", "Stop the current question"),
    ("stop", "Switch all reminders off"),
)

_DAY_LABELS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri",
               "sat": "Sat", "sun": "Sun"}  # fmt: skip


ROLE_LABELS = {"desk": "💻 Desk worker", "cyclist": "🚴 Cyclist", "runner": "🏃 Runner"}
ROLE_NAMES = {"desk": "desk worker", "cyclist": "cyclist", "runner": "runner"}


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


def edited_message() -> str:
    return "I only read new messages — please send that again as a new one."


def unknown_button() -> str:
    return "That button no longer works. Send /help to see what I can do."


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
    parts = [f"your mobility routine arrives every day at {user.routine_at:%H:%M} your time"]
    if "desk" in roles:
        parts.append(f"on work days I'll nudge you to stand up every {user.break_every} min")
    if roles & {"cyclist", "runner"}:
        parts.append("log training with /ride 42 or /run 10 and stretches follow")
    return "; ".join(parts) + "."


def profile_view(user: User, now: datetime) -> str:
    return "<b>Your Limber profile</b>\n" + profile_summary(user, now)


# --- reminders -----------------------------------------------------------------------------


def routine_header() -> str:
    return "🧘 <b>Your daily mobility routine</b>\n"


def break_header(minutes: int) -> str:
    return f"🪑 You've been sitting for about {minutes} min — time for a quick move.\n\n"


def milestone_header(activity: str, milestone_km: int, user: User) -> str:
    verb = "ridden" if activity == "ride" else "run"
    distance = f"{milestone_km:,} km"  # milestones are round in km, so say it in km first
    if user.distance_unit == "mi":
        distance += f" (about {milestone_km / KM_PER_MILE:,.0f} mi)"
    return f"🏅 <b>Milestone: {distance} {verb} with Limber!</b> Here's a longer session.\n\n"


def snoozed_header() -> str:
    return "⏰ <b>Snoozed reminder</b>\n"


def late_note(due: datetime, zone: str | None) -> str:
    local = due.astimezone(ZoneInfo(zone or "UTC"))
    return f"<i>(This was due at {local:%H:%M} — sorry it's late, I was briefly offline.)</i>\n"


def snooze_label(minutes: int) -> str:
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h"


def not_your_reminder() -> str:
    return "That reminder isn't yours, so I can't change it."


def already_answered(status: str) -> str:
    return f"Already answered: {status}."


def reminder_expired() -> str:
    return "This reminder has expired — the next one will come on schedule."


def marked_done(kind: str) -> str:
    if kind in ("break", "sit"):
        return "✅ Up and moving — I'll restart your sitting clock."
    return "✅ Done — nice work!"


def marked_skipped() -> str:
    return "⏭ Skipped. No worries — see you at the next one."


def marked_snoozed(due: datetime, zone: str) -> str:
    return f"⏰ Snoozed until {due.astimezone(ZoneInfo(zone)):%H:%M}."


def reminders_are_off() -> str:
    return "Your reminders are off. Send /resume (or /start) to turn them back on."


def unknown_reminder_button() -> str:
    return "I don't know that button. Use the ones on the reminder itself."


_KIND_LABELS = {
    "routine": "Daily routine", "break": "Break nudge", "sit": "Sitting-session nudge",
    "post_activity": "Post-training stretches", "milestone": "Milestone session",
    "snooze": "Snoozed reminder",
}  # fmt: skip


def _when(at: datetime, zone: ZoneInfo, now: datetime) -> str:
    local, today = at.astimezone(zone), now.astimezone(zone).date()
    if local.date() == today:
        return f"today {local:%H:%M}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {local:%H:%M}"
    return f"{local:%a %d %b, %H:%M}"


def upcoming(user: User, pending: Sequence[Reminder], now: datetime) -> str:
    zone = ZoneInfo(user.timezone or "UTC")
    lines = [f"<b>Coming up</b> (your time, {escape(user.timezone or 'UTC')}):"]
    for reminder in sorted(pending, key=lambda r: r.next_due or now):
        assert reminder.next_due is not None
        line = f"• {_KIND_LABELS.get(reminder.kind, reminder.kind)} — "
        line += _when(reminder.next_due, zone, now)
        if reminder.kind in ("break", "sit"):
            line += f", then every {user.break_every} min"
            if reminder.kind == "break":
                line += f" until {user.work_end:%H:%M} on work days"
        lines.append(line)
    if len(lines) == 1:
        lines.append("Nothing scheduled right now.")
    if user.paused_until and user.paused_until > now:
        lines.append(f"\n⏸ Paused until {_when(user.paused_until, zone, now)}. /resume ends it.")
    if user.quiet_start and user.quiet_end:
        lines.append(f"🌙 Quiet hours {user.quiet_start:%H:%M}–{user.quiet_end:%H:%M}.")
    return "\n".join(lines)


def pause_question() -> str:
    return "<b>Pause reminders for how long?</b> Or type e.g. <i>/pause until friday</i>."


def pause_not_understood() -> str:
    return (
        "I couldn't read that pause. Try <i>/pause 3d</i>, <i>/pause 2h</i>,"
        " <i>/pause until monday</i> or <i>/pause until 2026-12-24</i> (up to 90 days)."
    )


def paused(local_until: datetime) -> str:
    return (
        f"⏸ Paused until {local_until:%a %d %b, %H:%M} (your time)."
        " Send /resume to start again earlier."
    )


def not_paused() -> str:
    return "Your reminders weren't paused — they're running."


def already_sitting() -> str:
    return "You're already in a sitting session. /stand ends it."


def sitting_started(user: User, first: datetime | None) -> str:
    zone = ZoneInfo(user.timezone or "UTC")
    if first is None:
        return "🪑 Sitting session started — no nudges fit before it ends. /stand ends it."
    return (
        f"🪑 Sitting session started. I'll nudge you every {user.break_every} min"
        f" (first at {first.astimezone(zone):%H:%M}) until you send /stand."
    )


def not_sitting() -> str:
    return "There's no sitting session running. /sit starts one."


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


def sitting_ended(started_iso: str, now: datetime) -> str:
    sat = (now - datetime.fromisoformat(started_iso)).total_seconds()
    return f"🚶 Session over — you sat for {_duration(sat)}. Nice work getting up!"


def log_usage(kind: str | None) -> str:
    if kind == "ride":
        return "How far did you ride? e.g. <i>/ride 42</i> or <i>/ride 26 mi 1h30</i>."
    if kind == "run":
        return "How far did you run? e.g. <i>/run 10.5</i> or <i>/run 5 mi yesterday</i>."
    return "Log it like <i>/log ride 42km 1h35 yesterday</i> or <i>/log run 10</i>."


def log_invalid(problem: str, kind: str | None) -> str:
    return f"🤔 {problem} {log_usage(kind)} Nothing was saved."


_ACTIVITY = {"ride": ("🚴", "ride", "rides", "riding"), "run": ("🏃", "run", "runs", "running")}


def activity_logged(
    user: User,
    activity: LoggedActivity,
    week: dict[str, tuple[float, int]],
    today: date,
    follow_up: datetime | None,
    now: datetime,
) -> str:
    icon, noun, plural, _ = _ACTIVITY[activity.kind]
    unit = user.distance_unit
    when = "today" if activity.day == today else f"on {activity.day:%a %d %b}"
    line = f"{icon} Logged your {format_distance(activity.distance_km, unit)} {noun} {when}"
    if activity.duration_s:
        line += f" in {_duration(activity.duration_s)}"
    km, count = week.get(activity.kind, (0.0, 0))
    lines = [line + ".", f"This week: {format_distance(km, unit)} over {count} "
             f"{noun if count == 1 else plural}."]  # fmt: skip
    usual = user.ride_km_week if activity.kind == "ride" else user.run_km_week
    if usual > 0 and km >= usual * MILEAGE_BOOST_RATIO:  # where routines start to grow
        lines.append(f"That's above your usual {format_distance(usual, unit)} — "
                     "your routines will add some flexibility work.")  # fmt: skip
    if follow_up is not None:
        soon = follow_up - now < timedelta(minutes=1)
        zone = ZoneInfo(user.timezone or "UTC")
        lines.append(
            "Stretches are on their way."
            if soon
            else f"Stretches follow at {follow_up.astimezone(zone):%H:%M}."
        )
    return "\n".join(lines)


def week_summary(user: User, totals: dict[str, tuple[float, int]], monday: date,
                 today: date) -> str:  # fmt: skip
    unit = user.distance_unit
    lines = [f"<b>This week</b> ({monday:%a %d %b} – {today:%a %d %b}):"]
    for kind, (_icon, noun, plural, verb) in _ACTIVITY.items():
        km, count = totals.get(kind, (0.0, 0))
        usual = user.ride_km_week if kind == "ride" else user.run_km_week
        role = "cyclist" if kind == "ride" else "runner"
        if count == 0 and role not in user.role_set:
            continue
        line = f"{_icon} {verb.capitalize()}: {format_distance(km, unit)} in {count} "
        line += noun if count == 1 else plural
        if usual > 0:
            line += f" (usual {format_distance(usual, unit)} a week, {km / usual:.0%})"
        lines.append(line)
    if len(lines) == 1:
        lines.append("Nothing logged yet. Try /ride 42 or /run 10.")
    return "\n".join(lines)


# --- /pain ---------------------------------------------------------------------------------

PAIN_AREA_LABELS = {
    "low_back": "Low back", "hip_front": "Front of hip", "hip_side": "Hip side / buttock",
    "groin": "Groin", "knee": "Knee", "neck_shoulders": "Neck & shoulders",
    "calf_achilles": "Calf / Achilles", "other": "Somewhere else",
}  # fmt: skip
PAIN_AREA_NAMES = {
    "low_back": "low back", "hip_front": "front of the hip", "hip_side": "hip side",
    "groin": "groin", "knee": "knee", "neck_shoulders": "neck and shoulders",
    "calf_achilles": "calf and Achilles", "other": "sore spot",
}  # fmt: skip


def pain_area_question() -> str:
    return (
        "<b>Where does it hurt?</b> Tap an area, or describe it in your own words"
        " (e.g. <i>front of my hip is tight after long rides</i>)."
    )


def pain_safety_question(question: str, number: int, total: int) -> str:
    return f"<i>Safety check {number} of {total}</i>\n<b>{escape(question)}</b>"


def pain_describe_prompt() -> str:
    return (
        "Tell me in a few words what hurts and when, e.g. <i>sharp pain on the outside of my"
        " knee when running</i>."
    )


def pain_yes_no() -> str:
    return "Please answer <b>yes</b> or <b>no</b> (or tap a button)."


def pain_sparing(area: str) -> str:
    return (
        f"\n\n🩹 For the next few days your reminders will skip moves that load your"
        f" {PAIN_AREA_NAMES.get(area, 'sore spot')}. I'll ask before adding them back."
    )


def pain_feels_better_label(area: str) -> str:
    return f"🙂 My {PAIN_AREA_NAMES.get(area, 'sore spot')} feels better"


def pain_resolved(area: str) -> str:
    return f"Glad to hear it! Moves for your {PAIN_AREA_NAMES.get(area, 'sore spot')} are back."
