"""The /pain use cases on both backends: what to show, how the dialog moves, what is stored."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.pain import (
    CONFIRM,
    PainReply,
    Step,
    answer_question,
    answer_typed,
    ask_about_pain,
    choose_area,
    feels_better,
    other_topic,
    rules,
    yes_or_no,
)
from db.models import PainReport, User
from db.repo.users import get_or_create_user

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


async def _user(session: AsyncSession, zone: str | None = None) -> User:
    user = await get_or_create_user(session, 1, 1, "Ada", "en")
    user.timezone = zone
    return user


async def _reports(session: AsyncSession) -> list[tuple[str, str | None, bool]]:
    await session.flush()
    rows = (await session.execute(select(PainReport).order_by(PainReport.id))).scalars()
    return [(r.area, r.rule_id, r.red_flag) for r in rows]


async def test_a_typed_topic_answers_with_moves_and_spares_the_area(session: AsyncSession) -> None:
    user = await _user(session)
    reply = await ask_about_pain(session, user, "lower back", NOW)
    assert reply.step == Step.ANSWER and reply.rule is not None
    assert (reply.rule.id, reply.level, reply.moves) == ("low_back_ache", "self_care", True)
    assert (reply.spared, reply.recorded) == ("low_back", True)
    assert await _reports(session) == [("low_back", "low_back_ache", False)]
    assert user.dialog is None


async def test_a_red_flag_names_the_local_number_and_is_recorded(session: AsyncSession) -> None:
    user = await _user(session, "America/New_York")
    reply = await ask_about_pain(session, user, "fell off my bike and my back really hurts", NOW)
    assert reply.step == Step.RED_FLAG and reply.rule is not None
    assert (reply.rule.id, reply.emergency_number, reply.recorded) == ("red_trauma", "911", True)
    assert reply.level == reply.rule.level and reply.area == "low_back"
    assert await _reports(session) == [("low_back", "red_trauma", True)]


async def test_the_button_dialog_asks_every_safety_question_then_answers_for_the_area(
    session: AsyncSession,
) -> None:
    user = await _user(session)
    assert await ask_about_pain(session, user, "  ", NOW) == PainReply(Step.AREAS)
    assert user.dialog == "pain:area"
    ids = [q.id for q in rules().safety_questions]
    first = choose_area(user, "knee")
    assert (first.step, first.number, first.total) == (Step.SAFETY_QUESTION, 1, len(ids))
    assert first.question is not None and first.question.id == ids[0]
    assert user.dialog == f"pain:{ids[0]}"
    stale = await answer_question(session, user, ids[1], False, NOW)
    assert stale == PainReply(Step.STALE) and user.dialog == f"pain:{ids[0]}"
    for number, question_id in enumerate(ids[:-1], start=2):
        reply = await answer_question(session, user, question_id, False, NOW)
        assert (reply.step, reply.number) == (Step.SAFETY_QUESTION, number)
    answer = await answer_question(session, user, ids[-1], False, NOW)
    assert answer.step == Step.ANSWER and answer.spared == "knee"
    assert user.dialog is None and user.dialog_data == {}
    assert [area for area, _rule, _red in await _reports(session)] == ["knee"]


async def test_a_yes_to_a_safety_question_is_a_red_flag_at_once(session: AsyncSession) -> None:
    user = await _user(session)
    await ask_about_pain(session, user, "", NOW)
    question = choose_area(user, "low_back").question
    assert question is not None
    reply = await answer_typed(session, user, "Yes!", NOW)
    assert reply.step == Step.RED_FLAG and reply.recorded and user.dialog is None
    assert await _reports(session) == [("low_back", question.red_flag_rule, True)]


async def test_somewhere_else_asks_for_a_description(session: AsyncSession) -> None:
    user = await _user(session)
    await ask_about_pain(session, user, "", NOW)
    choose_area(user, "other")
    assert await answer_typed(session, user, "maybe", NOW) == PainReply(Step.YES_OR_NO)
    replies = [await answer_typed(session, user, "no", NOW) for _ in rules().safety_questions]
    assert replies[-1] == PainReply(Step.DESCRIBE) and user.dialog == "pain:describe"
    answer = await answer_typed(session, user, "my wrists ache from typing", NOW)
    assert answer.step == Step.ANSWER and answer.rule is not None and "wrist" in answer.rule.id
    assert user.dialog is None


async def test_a_doubtful_warning_sign_is_confirmed_before_anything_is_stored(
    session: AsyncSession,
) -> None:
    user = await _user(session)
    ask = await ask_about_pain(session, user, "not sure if I hit my head, my neck is sore", NOW)
    assert ask.step == Step.CONFIRM and ask.rule is not None and ask.rule.ask is not None
    assert user.dialog == f"pain:{CONFIRM}" and await _reports(session) == []
    answer = await answer_question(session, user, CONFIRM, False, NOW)
    assert answer.step == Step.ANSWER and answer.rule is not None
    assert await _reports(session) == [("neck_shoulders", answer.rule.id, False)]


async def test_a_confirmation_whose_rule_is_gone_is_lost(session: AsyncSession) -> None:
    user = await _user(session)
    user.dialog, user.dialog_data = f"pain:{CONFIRM}", {"warning": "retired", "then": None}
    assert await answer_question(session, user, CONFIRM, True, NOW) == PainReply(Step.LOST)
    assert user.dialog is None and await _reports(session) == []


async def test_no_match_offers_the_areas_and_keeps_a_setup_in_progress(
    session: AsyncSession,
) -> None:
    user = await _user(session)
    text = "my phone battery is dead"
    assert await ask_about_pain(session, user, text, NOW) == PainReply(Step.NO_MATCH, query=text)
    assert user.dialog == "pain:area" and await _reports(session) == []
    user.dialog = "onboard:timezone"
    assert await ask_about_pain(session, user, text, NOW) == PainReply(Step.NO_MATCH, query=text)
    assert await ask_about_pain(session, user, "", NOW) == PainReply(Step.SETUP_PENDING)
    assert choose_area(user, "knee") == PainReply(Step.STALE)
    assert user.dialog == "onboard:timezone"


async def test_a_hypothetical_warning_sign_explains_when_to_get_help(
    session: AsyncSession,
) -> None:
    user = await _user(session)
    reply = await ask_about_pain(session, user, "what if my legs go numb?", NOW)
    assert reply.step == Step.INFO and reply.emergency_number == "112" and not reply.recorded
    assert await _reports(session) == []


async def test_other_topics_answer_without_red_flags_and_feeling_better_resolves(
    session: AsyncSession,
) -> None:
    user = await _user(session)
    assert await other_topic(session, user, "red_trauma", NOW) == PainReply(Step.STALE)
    assert await other_topic(session, user, "no_such_rule", NOW) == PainReply(Step.STALE)
    reply = await other_topic(session, user, "low_back_ache", NOW)
    assert reply.step == Step.ANSWER and reply.alternatives == () and reply.recorded
    assert await feels_better(session, user, "elbow", NOW) == PainReply(Step.STALE)
    later = NOW + timedelta(days=2)
    assert await feels_better(session, user, "low_back", later) == PainReply(
        Step.RESOLVED, area="low_back"
    )
    report = (await session.execute(select(PainReport))).scalar_one()
    assert report.resolved_at is not None and report.resolved_at.replace(tzinfo=UTC) == later


def test_typed_yes_and_no() -> None:
    assert [yes_or_no(w) for w in ("Yes.", " nope ", "👍", "maybe")] == [True, False, True, None]
