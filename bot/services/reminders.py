"""The use cases behind reminder messages: answering their buttons (done, skip, snooze, take it
now, back), what comes next (/reminders), pausing and resuming.

Nothing here knows Telegram: an answer says what to tell the user and which buttons to show,
and the handler turns that into a toast, an edit and a keyboard.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import Enum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import ReminderAction
from bot.parsing.pause import parse_pause
from bot.services.profile import describe_saved
from bot.texts import reminders as t
from db.models import Delivery, Reminder, User
from db.repo.pauses import end_pauses, record_pause
from db.repo.reminders import add_one_shot, reminders_of
from db.vocab import SITTING, ReminderKind
from scheduler.plan import next_snooze, next_snooze_tomorrow
from scheduler.sync import (
    receives_reminders,
    reset_sitting,
    schedule_for,
    snooze_sitting,
    sync_reminders,
)

ANSWERED = ("done", "skipped", "snoozed")
EXPIRES_AFTER = timedelta(hours=24)
# A skipped break can still be taken this long after the skip.
TAKE_WITHIN = timedelta(hours=1)
# The snooze options and their minutes (None: tomorrow, when the day's reminders begin).
SNOOZES: dict[ReminderAction, int | None] = {
    ReminderAction.SNOOZE_10: 10, ReminderAction.SNOOZE_30: 30, ReminderAction.SNOOZE_60: 60,
    ReminderAction.SNOOZE_180: 180, ReminderAction.SNOOZE_TOMORROW: None,
}  # fmt: skip


class Keyboard(Enum):
    """The buttons a reminder shows after an answer."""

    NONE = "none"  # no buttons: the reminder is settled
    REMINDER = "reminder"  # Done / Snooze / Skip, worded for the reminder's kind
    SNOOZE = "snooze"  # the snooze options and a way back
    TAKE = "take"  # "Take it now", under a skipped break


@dataclass(frozen=True)
class ReminderAnswer:
    """What answering a reminder's button comes to, for the user to see.

    `toast` is the short answer to the press (shown as an alert when `alert`), `text` the
    reminder's new text (None: unchanged), `keyboard` its new buttons (None: unchanged; `kind`
    words them), `message` a new message to send after it.
    """

    toast: str | None = None
    alert: bool = False
    text: str | None = None
    keyboard: Keyboard | None = None
    kind: ReminderKind = ReminderKind.ROUTINE
    message: str | None = None


async def answer_reminder(
    session: AsyncSession, user: User, delivery_id: int, action: ReminderAction, now: datetime
) -> ReminderAnswer:
    """Answer a reminder once; old, unfinished or foreign ones are refused, changing nothing."""
    delivery = await session.get(Delivery, delivery_id)
    if delivery is None or delivery.user_id != user.id:
        return ReminderAnswer(t.not_your_reminder(), alert=True)
    if action == ReminderAction.TAKE:
        return await take_skipped(session, user, delivery, now)
    refusal = _refusal(delivery, now)
    if refusal is not None:
        return refusal
    kind = await shown_kind(session, delivery)
    if action == ReminderAction.SNOOZE:
        return ReminderAnswer(keyboard=Keyboard.SNOOZE)
    if action == ReminderAction.BACK:
        return ReminderAnswer(keyboard=Keyboard.REMINDER, kind=kind)
    return await _settle(session, user, delivery, kind, action, now)


def _refusal(delivery: Delivery, now: datetime) -> ReminderAnswer | None:
    """Why the reminder can't be answered now, if it can't."""
    if delivery.status in ANSWERED:
        return ReminderAnswer(t.already_answered(delivery.status))
    if delivery.status == "sending":  # on screen, but the dispatcher has not recorded it yet
        return ReminderAnswer(t.reminder_still_sending())
    if delivery.sent_at is None or now - delivery.sent_at > EXPIRES_AFTER:
        return ReminderAnswer(t.reminder_expired(), alert=True, keyboard=Keyboard.NONE)
    return None


async def _settle(
    session: AsyncSession,
    user: User,
    delivery: Delivery,
    kind: ReminderKind,
    action: ReminderAction,
    now: datetime,
) -> ReminderAnswer:
    """Done, skipped or snoozed: the reminder's text gains a note and loses its buttons."""
    keyboard = Keyboard.NONE
    if action == ReminderAction.DONE:
        delivery.status, note = "done", t.marked_done(kind)
        if kind in SITTING:
            await reset_sitting(session, user, now)
    elif action == ReminderAction.SKIP:
        delivery.status, note = "skipped", t.marked_skipped(kind in SITTING)
        if kind in SITTING:
            keyboard = Keyboard.TAKE
    elif action in SNOOZES and receives_reminders(user):
        due = await _snooze(session, user, delivery, kind, SNOOZES[action], now)
        delivery.status, note = "snoozed", t.marked_snoozed(due, user.timezone or "UTC", now)
    else:
        refusal = t.reminders_are_off() if action in SNOOZES else t.unknown_reminder_button()
        return ReminderAnswer(refusal, alert=True)
    delivery.answered_at = now
    text = delivery.content.get("html", "") + "\n\n" + note
    return ReminderAnswer(note, text=text, keyboard=keyboard)


async def _snooze(
    session: AsyncSession,
    user: User,
    delivery: Delivery,
    kind: ReminderKind,
    minutes: int | None,
    now: datetime,
) -> datetime:
    """Send the reminder again later (tomorrow when `minutes` is None); returns when."""
    schedule = schedule_for(user)
    if minutes is None:
        due = next_snooze_tomorrow(now, schedule)
    else:
        due = next_snooze(now, timedelta(minutes=minutes), schedule)
    payload = {
        "html": snoozable_body(delivery, user), "of": kind,
        "exercises": delivery.content.get("exercises", []),
    }  # fmt: skip
    if kind in SITTING:
        payload |= {"sat_since": (await sat_since(session, delivery, user)).isoformat(),
                    "every": user.break_every}  # fmt: skip
        await snooze_sitting(session, user, due)
    await add_one_shot(session, user.id, ReminderKind.SNOOZE, due, payload)
    return due


async def take_skipped(
    session: AsyncSession, user: User, delivery: Delivery, now: datetime
) -> ReminderAnswer:
    """ "Take it now" on a skipped break: the move comes back as a new message within the hour,
    and taking it counts as getting up."""
    if delivery.status == "done" and delivery.content.get("taken_at"):
        return ReminderAnswer(t.already_taken(), keyboard=Keyboard.NONE)
    kind = await shown_kind(session, delivery)
    skipped_at = delivery.answered_at
    if delivery.status != "skipped" or kind not in SITTING or skipped_at is None:
        return ReminderAnswer(t.unknown_reminder_button(), alert=True)
    if now - skipped_at > TAKE_WITHIN:
        return ReminderAnswer(t.take_too_late(), alert=True, keyboard=Keyboard.NONE)
    delivery.status = "done"
    delivery.content = {**delivery.content, "taken_at": now.isoformat()}
    await reset_sitting(session, user, now)
    message = t.taken_now(snoozable_body(delivery, user))
    return ReminderAnswer(t.taking_it_now(), keyboard=Keyboard.NONE, message=message)


async def shown_kind(session: AsyncSession, delivery: Delivery) -> ReminderKind:
    """What the user sees: a snoozed reminder is still the nudge or routine it came from."""
    if delivery.kind != ReminderKind.SNOOZE:
        return delivery.kind
    reminder = await session.get(Reminder, delivery.reminder_id)
    if reminder is None:
        return ReminderKind.SNOOZE
    return ReminderKind(reminder.payload.get("of", ReminderKind.SNOOZE))


def snoozable_body(delivery: Delivery, user: User) -> str:
    """The reminder's text to send again later, without an apology for lateness that the
    snoozed copy will not deserve."""
    body = delivery.content.get("body") or delivery.content.get("html", "")
    if delivery.late:
        body = body.replace(t.late_note(delivery.due_at, user.timezone), "", 1)
    return str(body)


async def sat_since(session: AsyncSession, delivery: Delivery, user: User) -> datetime:
    """Since when the user has sat, as the nudge being snoozed counted it: one interval before
    a nudge, or what an earlier snooze of it carried."""
    if delivery.kind == ReminderKind.SNOOZE:
        reminder = await session.get(Reminder, delivery.reminder_id)
        if reminder is not None and "sat_since" in reminder.payload:
            return datetime.fromisoformat(reminder.payload["sat_since"])
    return delivery.due_at - timedelta(minutes=user.break_every)


@dataclass(frozen=True)
class Agenda:
    """What comes next for a user, in plain values (times are aware, in UTC)."""

    zone: str
    coming: list[tuple[ReminderKind, datetime]]  # soonest first
    break_every: int
    work_hours: str  # as the profile describes them
    paused_until: datetime | None
    quiet_hours: tuple[time, time] | None


async def agenda(session: AsyncSession, user: User, now: datetime) -> Agenda:
    """The reminders still to come, soonest first, with what shapes them (pause, quiet hours)."""
    pending = [(r.kind, r.next_due) for r in await reminders_of(session, user.id)]
    coming = sorted(((kind, due) for kind, due in pending if due is not None), key=lambda i: i[1])
    paused = user.paused_until if user.paused_until and user.paused_until > now else None
    quiet = (user.quiet_start, user.quiet_end) if user.quiet_start and user.quiet_end else None
    work_hours = describe_saved(user, "work_hours")
    return Agenda(user.timezone or "UTC", coming, user.break_every, work_hours, paused, quiet)


async def pause_reminders(
    session: AsyncSession, user: User, words: str, now: datetime
) -> datetime | None:
    """Pause for what `words` say ("3d", "until monday"); None when they say nothing we read.
    A new pause replaces one running."""
    assert user.timezone is not None
    until = parse_pause(words[:100], now, user.timezone)
    if until is None:
        return None
    await end_pauses(session, user.id, now)
    await record_pause(session, user.id, now, until)
    user.paused_until = until
    await sync_reminders(session, user, now)
    return until


async def resume_reminders(session: AsyncSession, user: User, now: datetime) -> bool:
    """End a pause (or a /stop) now; False when reminders were running anyway."""
    was_off = user.paused_until is not None or not user.reminders_on
    await end_pauses(session, user.id, now)
    user.paused_until = None
    user.reminders_on = True
    await sync_reminders(session, user, now)
    return was_off
