"""Answering a reminder's buttons on both backends: what the user is told, which buttons stay,
and what is stored."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks import ReminderAction
from bot.services.reminders import (
    Keyboard,
    ReminderAnswer,
    agenda,
    answer_reminder,
    pause_reminders,
    resume_reminders,
)
from db.models import Delivery, Reminder, User
from db.repo.reminders import recurring_reminder
from db.repo.users import get_or_create_user
from db.vocab import ReminderKind
from scheduler.sync import sync_reminders

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday, 10:00 in Berlin: work hours
BODY = "🪑 Time for a quick move.\n\n<b>Neck rolls</b>"


async def _desk_worker(session: AsyncSession, telegram_id: int = 1) -> User:
    user = await get_or_create_user(session, telegram_id, telegram_id, "Ada", "en")
    user.roles, user.timezone, user.onboarded_at = "desk", "Europe/Berlin", NOW - timedelta(days=9)
    await sync_reminders(session, user, NOW)
    return user


async def _delivery(
    session: AsyncSession,
    user: User,
    kind: ReminderKind = ReminderKind.BREAK,
    status: str = "sent",
    sent: timedelta = timedelta(minutes=5),
) -> Delivery:
    reminder = await recurring_reminder(session, user.id, kind)
    delivery = Delivery(
        reminder_id=reminder.id, user_id=user.id, kind=kind, due_at=NOW - sent,
        sent_at=NOW - sent, status=status, content={"html": BODY, "exercises": ["neck-rolls"]},
    )  # fmt: skip
    session.add(delivery)
    await session.flush()
    return delivery


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


async def test_done_settles_the_break_and_restarts_the_sitting_clock(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    delivery = await _delivery(session, user)
    answer = await answer_reminder(session, user, delivery.id, ReminderAction.DONE, NOW)
    note = "✅ Up and moving — I'll restart your sitting clock."
    assert answer == ReminderAnswer(note, text=BODY + "\n\n" + note, keyboard=Keyboard.NONE)
    assert (delivery.status, delivery.answered_at) == ("done", NOW)
    nudge = await recurring_reminder(session, user.id, ReminderKind.BREAK)
    assert nudge.next_due is not None and nudge.next_due >= NOW + timedelta(minutes=45)


async def test_a_routine_done_says_nice_work(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    delivery = await _delivery(session, user, ReminderKind.ROUTINE)
    answer = await answer_reminder(session, user, delivery.id, ReminderAction.DONE, NOW)
    assert answer.toast == "✅ Done — nice work!" and answer.keyboard == Keyboard.NONE


async def test_a_skipped_break_can_be_taken_within_the_hour_once(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    delivery = await _delivery(session, user)
    skipped = await answer_reminder(session, user, delivery.id, ReminderAction.SKIP, NOW)
    note = "⏭ Skipped. Changed your mind? Take it within the hour."
    assert skipped == ReminderAnswer(note, text=BODY + "\n\n" + note, keyboard=Keyboard.TAKE)
    assert delivery.status == "skipped"

    later = NOW + timedelta(minutes=20)
    taken = await answer_reminder(session, user, delivery.id, ReminderAction.TAKE, later)
    assert taken.toast == "▶️ Here it comes." and taken.keyboard == Keyboard.NONE
    assert taken.message == (
        "▶️ <b>Your skipped break, now</b>\n" + BODY + "\n✅ I've restarted your sitting clock."
    )
    assert delivery.status == "done" and delivery.content["taken_at"] == later.isoformat()

    again = await answer_reminder(session, user, delivery.id, ReminderAction.TAKE, later)
    assert again == ReminderAnswer(
        "You've already taken that one — it's in the chat above.", keyboard=Keyboard.NONE
    )


async def test_a_skip_is_final_after_the_hour(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    delivery = await _delivery(session, user)
    await answer_reminder(session, user, delivery.id, ReminderAction.SKIP, NOW)
    late = NOW + timedelta(minutes=61)
    answer = await answer_reminder(session, user, delivery.id, ReminderAction.TAKE, late)
    assert answer.alert and answer.keyboard == Keyboard.NONE
    assert answer.toast == (
        "That break was skipped over an hour ago. The next nudge comes on schedule."
    )
    assert delivery.status == "skipped"


async def test_a_skipped_routine_offers_nothing_to_take(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    delivery = await _delivery(session, user, ReminderKind.ROUTINE)
    answer = await answer_reminder(session, user, delivery.id, ReminderAction.SKIP, NOW)
    assert answer.toast == "⏭ Skipped. No worries — see you at the next one."
    assert answer.keyboard == Keyboard.NONE
    taken = await answer_reminder(session, user, delivery.id, ReminderAction.TAKE, NOW)
    assert taken.alert and taken.keyboard is None
    assert delivery.status == "skipped"


async def test_snooze_opens_the_options_and_back_closes_them(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    delivery = await _delivery(session, user)
    options = await answer_reminder(session, user, delivery.id, ReminderAction.SNOOZE, NOW)
    assert options == ReminderAnswer(keyboard=Keyboard.SNOOZE)
    back = await answer_reminder(session, user, delivery.id, ReminderAction.BACK, NOW)
    assert back == ReminderAnswer(keyboard=Keyboard.REMINDER, kind=ReminderKind.BREAK)
    assert delivery.status == "sent" and delivery.answered_at is None


async def test_snoozing_stores_a_copy_for_later(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    delivery = await _delivery(session, user)
    answer = await answer_reminder(session, user, delivery.id, ReminderAction.SNOOZE_30, NOW)
    note = "⏰ Snoozed until 10:30."
    assert answer == ReminderAnswer(note, text=BODY + "\n\n" + note, keyboard=Keyboard.NONE)
    assert (delivery.status, delivery.answered_at) == ("snoozed", NOW)
    copy = (
        await session.scalars(select(Reminder).where(Reminder.kind == ReminderKind.SNOOZE))
    ).one()
    assert copy.next_due == NOW + timedelta(minutes=30)
    assert copy.payload["html"] == BODY and copy.payload["of"] == ReminderKind.BREAK
    assert copy.payload["sat_since"] == (NOW - timedelta(minutes=5 + 45)).isoformat()


async def test_no_snooze_while_reminders_are_off(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    delivery = await _delivery(session, user)
    user.reminders_on = False
    answer = await answer_reminder(session, user, delivery.id, ReminderAction.SNOOZE_10, NOW)
    assert answer == ReminderAnswer(
        "Your reminders are off. Send /resume (or /start) to turn them back on.", alert=True
    )
    assert delivery.status == "sent"


async def test_an_answered_reminder_is_answered_once(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    delivery = await _delivery(session, user)
    await answer_reminder(session, user, delivery.id, ReminderAction.DONE, NOW)
    answer = await answer_reminder(session, user, delivery.id, ReminderAction.SKIP, NOW)
    assert answer == ReminderAnswer("Already answered: done.")
    assert delivery.status == "done"


async def test_a_reminder_still_arriving_waits(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    delivery = await _delivery(session, user, status="sending")
    answer = await answer_reminder(session, user, delivery.id, ReminderAction.DONE, NOW)
    assert answer == ReminderAnswer(
        "One moment — that reminder is still arriving. Tap again in a second."
    )
    assert delivery.status == "sending"


async def test_an_expired_reminder_loses_its_buttons(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    delivery = await _delivery(session, user, sent=timedelta(hours=25))
    answer = await answer_reminder(session, user, delivery.id, ReminderAction.DONE, NOW)
    assert answer == ReminderAnswer(
        "This reminder has expired — the next one will come on schedule.",
        alert=True,
        keyboard=Keyboard.NONE,
    )
    assert delivery.status == "sent" and delivery.answered_at is None


async def test_someone_elses_or_a_missing_reminder_is_refused(session: AsyncSession) -> None:
    owner = await _desk_worker(session, 1)
    other = await _desk_worker(session, 2)
    delivery = await _delivery(session, owner)
    refusal = ReminderAnswer("That reminder isn't yours, so I can't change it.", alert=True)
    for delivery_id in (delivery.id, delivery.id + 1000):
        for action in (ReminderAction.DONE, ReminderAction.TAKE):
            assert await answer_reminder(session, other, delivery_id, action, NOW) == refusal
    assert delivery.status == "sent"


async def test_pause_agenda_and_resume(session: AsyncSession) -> None:
    user = await _desk_worker(session)
    assert await pause_reminders(session, user, "for a while, please", NOW) is None
    until = await pause_reminders(session, user, "3d", NOW)
    assert until == NOW + timedelta(days=3) and user.paused_until == until
    paused = await agenda(session, user, NOW)
    assert paused.zone == "Europe/Berlin" and paused.paused_until == until
    assert all(due >= until for _kind, due in paused.coming)
    assert await resume_reminders(session, user, NOW) is True
    assert user.paused_until is None
    assert await resume_reminders(session, user, NOW) is False
    running = await agenda(session, user, NOW)
    assert running.paused_until is None
    assert [due for _kind, due in running.coming] == sorted(due for _kind, due in running.coming)
