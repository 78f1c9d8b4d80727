"""Reminder messages, the answers to their buttons, and /reminders."""

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from html import escape
from zoneinfo import ZoneInfo

from db.vocab import SITTING, ReminderKind


def routine_header() -> str:
    return "🧘 <b>Your daily mobility routine</b>\n"


TAKE_NOW = "▶️ Take it now"
BACK = "↩️ Back"
SNOOZE = "⏰ Snooze"
SKIP = "⏭ Skip"


def done_label(sitting: bool) -> str:
    """Done, or for a sitting nudge, up."""
    return "✅ I'm up" if sitting else "✅ Done"


# A sitting count longer than this (a snooze until tomorrow) says nothing useful.
LONGEST_SITTING_SHOWN = 240


def break_header(minutes: int) -> str:
    if minutes > LONGEST_SITTING_SHOWN:
        return "🪑 Time for a quick move.\n\n"
    return f"🪑 You've been sitting for about {minutes} min — time for a quick move.\n\n"


def milestone_header(activity: str, milestone: int, unit: str) -> str:
    """Milestones are round numbers in the user's own unit (300 mi, not 482.8 km)."""
    verb = "ridden" if activity == "ride" else "run"
    return (
        f"🏅 <b>Milestone: {milestone:,} {unit} {verb} with Limber!</b>"
        " Here's a longer session.\n\n"
    )


def snoozed_header() -> str:
    return "⏰ <b>Snoozed reminder</b>\n"


def late_note(due: datetime, zone: str | None) -> str:
    local = due.astimezone(ZoneInfo(zone or "UTC"))
    return f"<i>(This was due at {local:%H:%M} — sorry it's late, I was briefly offline.)</i>\n"


def snooze_label(code: str) -> str:
    """`sz10` → 10 min, `sz60` → 1 h, `sztm` → Tomorrow."""
    if code == "sztm":
        return "Tomorrow"
    minutes = int(code[2:])
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h"


def not_your_reminder() -> str:
    return "That reminder isn't yours, so I can't change it."


def already_answered(status: str) -> str:
    return f"Already answered: {status}."


def reminder_still_sending() -> str:
    return "One moment — that reminder is still arriving. Tap again in a second."


def reminder_expired() -> str:
    return "This reminder has expired — the next one will come on schedule."


def marked_done(kind: ReminderKind) -> str:
    if kind in SITTING:
        return "✅ Up and moving — I'll restart your sitting clock."
    return "✅ Done — nice work!"


def marked_skipped(can_take_later: bool = False) -> str:
    if can_take_later:
        return "⏭ Skipped. Changed your mind? Take it within the hour."
    return "⏭ Skipped. No worries — see you at the next one."


def marked_snoozed(due: datetime, zone: str, now: datetime) -> str:
    local, today = due.astimezone(ZoneInfo(zone)), now.astimezone(ZoneInfo(zone)).date()
    if local.date() == today:
        return f"⏰ Snoozed until {local:%H:%M}."
    if local.date() == today + timedelta(days=1):
        return f"⏰ Snoozed until tomorrow {local:%H:%M}."
    return f"⏰ Snoozed until {local:%a %H:%M}."


def taking_it_now() -> str:
    return "▶️ Here it comes."


def taken_now(body: str) -> str:
    return "▶️ <b>Your skipped break, now</b>\n" + body + "\n✅ I've restarted your sitting clock."


def already_taken() -> str:
    return "You've already taken that one — it's in the chat above."


def take_too_late() -> str:
    return "That break was skipped over an hour ago. The next nudge comes on schedule."


def reminders_are_off() -> str:
    return "Your reminders are off. Send /resume (or /start) to turn them back on."


def unknown_reminder_button() -> str:
    return "I don't know that button. Use the ones on the reminder itself."


_KIND_LABELS = {
    ReminderKind.ROUTINE: "Daily routine",
    ReminderKind.BREAK: "Break nudge",
    ReminderKind.SIT: "Sitting-session nudge",
    ReminderKind.POST_ACTIVITY: "Post-training stretches",
    ReminderKind.MILESTONE: "Milestone session",
    ReminderKind.SNOOZE: "Snoozed reminder",
    ReminderKind.WEEKLY: "Weekly summary",
}


def _when(at: datetime, zone: ZoneInfo, now: datetime) -> str:
    local, today = at.astimezone(zone), now.astimezone(zone).date()
    if local.date() == today:
        return f"today {local:%H:%M}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {local:%H:%M}"
    return f"{local:%a %d %b, %H:%M}"


def upcoming(
    zone: str,
    coming: Sequence[tuple[ReminderKind, datetime]],
    now: datetime,
    *,
    break_every: int,
    work_hours: str,
    paused_until: datetime | None = None,
    quiet_hours: tuple[time, time] | None = None,
) -> str:
    """/reminders: what comes next (soonest first), in the user's zone."""
    local = ZoneInfo(zone)
    lines = [f"<b>Coming up</b> (your time, {escape(zone)}):"]
    for kind, due in coming:
        lines.append(_coming_line(kind, _when(due, local, now), break_every, work_hours))
    if not coming:
        lines.append("Nothing scheduled right now.")
    if paused_until is not None:
        lines.append(f"\n⏸ Paused until {_when(paused_until, local, now)}. /resume ends it.")
    if quiet_hours is not None:
        lines.append(f"🌙 Quiet hours {quiet_hours[0]:%H:%M}–{quiet_hours[1]:%H:%M}.")
    return "\n".join(lines)


def _coming_line(kind: ReminderKind, when: str, break_every: int, work_hours: str) -> str:
    label = _KIND_LABELS.get(kind, kind)
    if kind == ReminderKind.BREAK:
        return (
            f"• {label} — {when}, then every {break_every} min"
            f" during work hours ({escape(work_hours)})"
        )
    if kind in SITTING:
        return f"• {label} — {when}, then every {break_every} min"
    return f"• {label} — {when}"
