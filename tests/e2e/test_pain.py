"""/pain through the real bot: typed questions, the button dialog, red flags, honest no-match,
and reminders that spare a sore area."""

from datetime import timedelta

from sqlalchemy import select

from bot.content.pain_render import DISCLAIMER
from db.models import PainReport
from tests.e2e.conftest import Harness
from tests.e2e.flows import onboard_cyclist, onboard_desk_worker

URGENT = "Please get urgent care now"


async def reports(harness: Harness) -> list[PainReport]:
    assert harness.app is not None
    async with harness.app.bot_data["services"].sessionmaker() as session:
        return list((await session.execute(select(PainReport))).scalars())


async def test_typed_question_gets_guidance_stretches_and_when_to_see_someone(
    harness: Harness,
) -> None:
    user = harness.user()
    reply = await user.ask("/pain lower back")
    assert "low back" in reply.text.lower()
    assert DISCLAIMER in reply.text
    assert "physio" in reply.text.lower() or "doctor" in reply.text.lower() or "GP" in reply.text
    assert "skip moves that load your low back" in reply.text
    assert len(reply.text) < 4096
    [report] = await reports(harness)
    assert (report.area, report.rule_id, report.red_flag) == ("low_back", "low_back_ache", False)


async def test_red_flag_sends_to_urgent_care_with_the_local_number_and_no_exercises(
    harness: Harness,
) -> None:
    user = harness.user()
    await onboard_desk_worker(user, zone_button="New York")
    reply = await user.ask("/pain fell off my bike and my back really hurts")
    assert URGENT in reply.text and "911" in reply.text
    assert "Stretch" not in reply.text and "reps" not in reply.text and not reply.labels
    [report] = await reports(harness)
    assert report.red_flag and report.rule_id == "red_trauma"


async def test_emergency_number_defaults_to_112_without_a_zone(harness: Harness) -> None:
    reply = await harness.user().ask("/pain I can't control my bladder and my back hurts")
    assert "112" in reply.text and "urgent" in reply.text.lower()


async def test_button_dialog_asks_safety_questions_then_answers(harness: Harness) -> None:
    user = harness.user()
    areas = await user.ask("/pain")
    assert areas.labels == [
        "Low back", "Front of hip", "Hip side / buttock", "Groin", "Knee", "Neck & shoulders",
        "Calf / Achilles", "Somewhere else",
    ]  # fmt: skip
    await user.click("Knee")
    first = await user.next()
    assert "Safety check 1 of 3" in first.text and first.labels == ["Yes", "No"]
    await user.click("No")
    await user.next()
    await user.click("No")
    assert "Safety check 3 of 3" in (await user.next()).text
    await user.click("No")
    answer = await user.next()
    assert "knee" in answer.text.lower() and DISCLAIMER in answer.text
    [report] = await reports(harness)
    assert report.area == "knee"


async def test_yes_to_a_safety_question_ends_in_a_red_flag(harness: Harness) -> None:
    user = harness.user()
    await user.ask("/pain")
    await user.click("Low back")
    await user.next()
    await user.click("No")
    await user.next()
    await user.click("Yes")  # numbness, weakness or bladder/bowel changes
    reply = await user.next()
    assert URGENT in reply.text and not reply.labels
    assert "didn't catch that" in (await user.ask("hello")).text, "the dialog is over"


async def test_typed_answers_work_in_the_dialog(harness: Harness) -> None:
    user = harness.user()
    await user.ask("/pain")
    await user.click("Neck & shoulders")
    await user.next()
    assert "yes" in (await user.ask("maybe")).text.lower()
    for _ in range(2):
        assert "Safety check" in (await user.ask("no")).text
    answer = await user.ask("No")
    assert "neck" in answer.text.lower() and DISCLAIMER in answer.text


async def test_red_flag_typed_mid_dialog_wins(harness: Harness) -> None:
    user = harness.user()
    await user.ask("/pain")
    await user.click("Hip side / buttock")
    await user.next()
    reply = await user.ask("I crashed my bike and can't put weight on my leg")
    assert URGENT in reply.text or "doctor today" in reply.text


async def test_somewhere_else_asks_for_a_description(harness: Harness) -> None:
    user = harness.user()
    await user.ask("/pain")
    await user.click("Somewhere else")
    await user.next()
    for _ in range(2):
        await user.click("No")
        await user.next()
    await user.click("No")
    assert "Tell me in a few words" in (await user.next()).text
    answer = await user.ask("my wrists ache from typing")
    assert "wrist" in answer.text.lower()


async def test_no_match_is_honest_and_offers_the_areas(harness: Harness) -> None:
    user = harness.user()
    reply = await user.ask("/pain my phone battery is dead")
    assert reply.has_button("Knee") and reply.has_button("Low back")
    assert "physiotherapist" in reply.text and "rather not guess" in reply.text
    assert await reports(harness) == []


async def test_html_and_huge_queries_are_safe(harness: Harness) -> None:
    user = harness.user()
    reply = await user.ask("/pain <b>knee</b> hurts <script>alert(1)</script>")
    assert "<script>" not in reply.html and "knee" in reply.text.lower()
    huge = await user.ask("/pain " + "my lower back hurts a lot " * 200)
    assert len(huge.text) < 4096 and DISCLAIMER in huge.text


async def test_other_topics_are_offered_as_buttons(harness: Harness) -> None:
    user = harness.user()
    reply = await user.ask("/pain front of my hip is tight after long rides")
    assert reply.labels, "a close second topic is offered"
    other = await user.click(reply.labels[0])
    assert DISCLAIMER in other.text and other.text != reply.text


async def test_reminders_spare_a_sore_knee_and_ask_before_adding_it_back(
    harness: Harness,
) -> None:
    user = harness.user()
    await onboard_cyclist(user)  # daily routine at 19:00 Berlin = 18:00 UTC, no desk nudges
    await user.ask("/pain my knee hurts")
    for day in range(4):
        harness.clock.set(harness.clock.now().replace(hour=18, minute=0))
        await harness.dispatch()
        routine = await user.next()
        assert "daily mobility routine" in routine.text
        assert "knee" in routine.text.lower()  # "Left out because of your sore knee"
        asks = routine.has_button("🙂 My knee feels better")
        assert asks == (day >= 3)
        harness.clock.set(harness.clock.now().replace(hour=8, minute=0) + timedelta(days=1))
    assert "Moves for your knee are back" in (await user.click("🙂 My knee feels better")).text
    [report] = await reports(harness)
    assert report.resolved_at is not None


async def test_pain_mid_setup_answers_without_losing_the_setup(harness: Harness) -> None:
    user = harness.user()
    await user.ask("/start")
    await user.ask("runner")
    await user.next()
    no_match = await user.ask("/pain my phone battery is dead")
    assert "rather not guess" in no_match.text
    await user.press("Knee", message=no_match)
    assert await user.wait_toast() == "That question has already been answered."
    assert DISCLAIMER in (await user.ask("/pain knee hurts")).text
    assert "has to wait" in (await user.ask("/pain")).text
    assert "Time zone: Berlin" in (await user.ask("Berlin")).text


async def test_a_doubtful_warning_sign_asks_one_question_with_buttons(harness: Harness) -> None:
    user = harness.user()
    question = await user.ask("/pain not sure if I hit my head, my neck is sore")
    assert "Did you hit your head" in question.text and question.labels == ["Yes", "No"]
    assert DISCLAIMER in question.text
    assert await reports(harness) == [], "nothing is stored before the answer"
    await user.click("No")
    answer = await user.next()
    assert "neck" in answer.text.lower() and URGENT not in answer.text
    assert "Moves that usually help" in answer.text

    await user.ask("/pain maybe I fell, my hip hurts")
    await user.click("Yes")
    reply = await user.next()
    assert URGENT in reply.text and not reply.labels
    assert [r.rule_id for r in await reports(harness)] == ["neck_shoulder_desk", "red_trauma"]


async def test_typed_yes_answers_the_follow_up(harness: Harness) -> None:
    user = harness.user()
    await user.ask("/pain I think I might have lost some feeling down there, low back ache")
    assert URGENT in (await user.ask("yes")).text


async def test_a_hypothetical_gets_when_to_seek_care_not_an_alarm(harness: Harness) -> None:
    user = harness.user()
    reply = await user.ask("/pain what if my legs go numb?")
    assert "when to get help" in reply.text and "If that happens" in reply.text
    assert "112" in reply.text and "🚨" not in reply.text
    assert "Moves that usually help" not in reply.text and DISCLAIMER in reply.text
    assert await reports(harness) == []


async def test_a_new_line_ends_a_negation_and_late_signs_are_read(harness: Harness) -> None:
    user = harness.user()
    reply = await user.ask("/pain lower back ache\nNo fever\nlegs are numb")
    assert URGENT in reply.text
    long = "/pain my lower back aches. " + "It started at work. " * 150 + "Now I wet myself."
    assert URGENT in (await user.ask(long)).text
    calm = await user.ask("/pain back pain, bladder is fine, no tingling")
    assert URGENT not in calm.text and "Moves that usually help" in calm.text


async def test_a_warning_sign_the_rules_have_no_words_for_reaches_the_safety_net(
    harness: Harness,
) -> None:
    """No rule reads "a numb cushion" as numbness where one sits; the net reads it as urgent."""
    user = harness.user()
    await onboard_desk_worker(user, zone_button="New York")
    reply = await user.ask(
        "/pain my back is sore and sitting feels like a numb cushion all the time now"
    )
    assert URGENT in reply.text and "911" in reply.text
    assert "couldn't match your words to one warning sign" in reply.text
    assert DISCLAIMER in reply.text
    assert "Stretch" not in reply.text and "reps" not in reply.text and not reply.labels
    [report] = await reports(harness)
    assert report.red_flag and report.rule_id == "red_unnamed_urgent"


async def test_a_description_the_rules_send_to_the_wrong_topic_gets_the_right_one(
    harness: Harness,
) -> None:
    """The rules read "sit bones ache" as an outer hip and buttock ache; the topic re-picker
    reads saddle soreness, answers with it and keeps the rules' pick one tap away."""
    user = harness.user()
    reply = await user.ask("/pain the sit bones ache after a couple of hours in the saddle")
    assert "Numb or sore from the saddle" in reply.text and DISCLAIMER in reply.text
    assert URGENT not in reply.text and "Moves that usually help" in reply.text
    assert await reports(harness) == [], "saddle soreness spares no area, so nothing is stored"
    assert reply.labels, "the rules' own pick is offered as another topic"
    other = await user.click(reply.labels[0])
    assert "Outer hip and buttock ache" in other.text
