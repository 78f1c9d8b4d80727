"""A new user registers by buttons or by typing; what they see and what is stored agree."""

from datetime import time

from bot.devkit.localapi import LocalBotApi
from bot.texts import help as t
from tests.e2e.conftest import Harness
from tests.e2e.flows import finish_desk_worker, stored


async def test_onboarding_by_buttons(harness: Harness, api: LocalBotApi) -> None:
    user = harness.user(1001, "Ada")
    welcome = await user.ask("/start")
    assert "Hi Ada" in welcome.text
    assert "Question 1 of" in welcome.text
    assert welcome.labels[:3] == ["💻 Desk worker", "🚴 Cyclist", "🏃 Runner"]

    ticked = await user.click("💻 Desk worker")
    assert ticked.edited and "✓ 💻 Desk worker" in ticked.labels

    summary = await finish_desk_worker(user)
    assert "All set" in summary.text
    assert "Europe/Berlin" in summary.text
    assert "Mon–Fri, 09:00–17:00" in summary.text
    assert "every 45 min" in summary.text
    assert "18:30" in summary.text

    saved = await stored(harness, 1001)
    assert saved is not None and saved.is_onboarded
    assert saved.role_set == {"desk"}
    assert saved.timezone == "Europe/Berlin"
    assert (saved.work_start, saved.work_end) == (time(9), time(17))
    assert saved.break_every == 45
    assert saved.routine_at == time(18, 30)
    assert saved.dialog is None
    assert [(c["command"], c["description"]) for c in api.commands] == list(t.COMMANDS)


async def test_onboarding_by_typing_in_miles(harness: Harness) -> None:
    user = harness.user(1002)
    await user.ask("/start")
    assert "Who you are: cyclist, runner" in (await user.ask("runner and cyclist")).text
    await user.next()
    assert "New York (America/New_York)" in (await user.ask("new york")).text
    await user.next()
    await user.ask("miles")
    assert "ride" in (await user.next()).text
    await user.ask("100")
    assert "run in a week" in (await user.next()).text
    await user.ask("20 mi")
    await user.next()
    await user.ask("7am")
    summary = await user.next()
    assert "about 100 mi a week" in summary.text
    assert "about 20 mi a week" in summary.text
    saved = await stored(harness, 1002)
    assert saved is not None
    assert saved.role_set == {"cyclist", "runner"}
    assert saved.distance_unit == "mi"
    assert round(saved.ride_km_week, 1) == 160.9
    assert saved.routine_at == time(7)


async def test_shared_location_sets_the_zone(harness: Harness) -> None:
    user = harness.user(1003)
    await user.ask("/start")
    await user.ask("desk")
    await user.next()
    prompt = await user.click("📍 Share my location")
    assert "Send my location" in prompt.text
    await user.share_location(-33.87, 151.21)
    confirmation = await user.next()
    assert "Australia/Sydney" in confirmation.text
    assert "Which days" in (await user.next()).text


async def test_every_bad_answer_is_explained_and_changes_nothing(harness: Harness) -> None:
    user = harness.user(1004)
    await user.ask("/start")
    await user.ask("desk, runner")
    await user.next()
    bad_zones = ["Mars/Olympus", "x" * 5000, "🙂🙂", "<b>Berlin</b>"]
    for text in bad_zones:
        reply = await user.ask(text)
        assert not reply.edited
        assert "time zone" in reply.text.lower() or "longer than any answer" in reply.text
        assert reply.has_button("Berlin / Paris"), "the question is shown again"
    near = await user.ask("Berln")
    assert "Did you mean Berlin (Europe/Berlin)" in near.text
    await user.ask("Europe/Berlin")
    await user.next()
    await user.ask("mon-fri")
    await user.next()
    for text in ("25:99-17", "17-9", "all day", "9-17, lunch 13-12"):
        assert "night shift" in (await user.ask(text)).text
    await user.ask("9-17")
    await user.next()
    assert "between 15 and 180" in (await user.ask("5")).text
    await user.ask("60")
    await user.next()
    await user.ask("km")
    await user.next()
    for text in ("-5", "10000", "ten"):
        assert "from 0 to 2,000 km" in (await user.ask(text)).text
    html = await user.ask("<b>40</b>")
    assert "<b>40</b>" not in html.html, "user input is never echoed as markup"
    await user.ask("40")
    await user.next()
    assert "time of day" in (await user.ask("25:99")).text
    middle = await user.ask("/settings")
    assert "has to wait" in middle.text and middle.has_button("18:30")
    unknown = await user.ask("/dance")
    assert "I don't know /dance" in unknown.text
    saved = await stored(harness, 1004)
    assert saved is not None and not saved.is_onboarded
    assert saved.timezone is None and saved.role_set == frozenset()
    assert saved.dialog == "onboard:routine_at"
    await user.ask("18:30")
    assert "All set" in (await user.next()).text
    saved = await stored(harness, 1004)
    assert saved is not None and saved.break_every == 60 and saved.run_km_week == 40


async def test_cancel_before_any_answer_keeps_nothing(harness: Harness) -> None:
    user = harness.user(1005)
    await user.ask("/start")
    assert "nothing was saved" in (await user.ask("/cancel")).text
    assert "nothing to cancel" in (await user.ask("/cancel")).text
    saved = await stored(harness, 1005)
    assert saved is not None and saved.dialog is None and saved.roles == ""
    assert saved.setup_draft is None
    again = await user.ask("/start")
    assert "Question 1 of" in again.text


async def test_cancel_on_the_last_question_keeps_every_answer(harness: Harness) -> None:
    user = harness.user(1009)
    await user.ask("/start")
    await user.ask("cyclist")
    await user.next()
    await user.ask("Lisbon")
    await user.next()
    await user.ask("km")
    await user.next()
    await user.ask("150")
    assert "routine" in (await user.next()).text
    paused = await user.ask("/cancel")
    assert "kept your answers" in paused.text and "/start" in paused.text
    assert "nothing to cancel" in (await user.ask("/cancel")).text
    assert "didn't catch" in (await user.ask("18:30")).text, "no longer read as an answer"
    saved = await stored(harness, 1009)
    assert saved is not None and saved.dialog is None and not saved.is_onboarded

    offer = await user.ask("/start")
    assert "Daily routine" in offer.text and offer.has_button("Continue ▶️")
    await user.click("Continue ▶️")
    question = await user.next()
    assert "Question 5 of 5" in question.text and "routine" in question.text
    await user.ask("18:30")
    summary = await user.next()
    assert "All set" in summary.text and "about 150 km a week" in summary.text
    saved = await stored(harness, 1009)
    assert saved is not None and saved.is_onboarded and saved.timezone == "Europe/Lisbon"
    assert saved.setup_draft is None


async def test_start_over_after_cancel_forgets_the_answers(harness: Harness) -> None:
    user = harness.user(1010)
    await user.ask("/start")
    await user.ask("runner")
    await user.next()
    await user.ask("/cancel")
    await user.ask("/start")
    await user.click("Start over 🔄")
    first = await user.next()
    assert "Question 1 of" in first.text and "Chosen: nothing yet" in first.text
    saved = await stored(harness, 1010)
    assert saved is not None and saved.setup_draft is None and saved.dialog == "onboard:roles"


async def test_stale_buttons_are_refused_politely(harness: Harness) -> None:
    user = harness.user(1006)
    await user.ask("/start")
    await user.ask("desk")
    zone_question = await user.next()
    await user.ask("Berlin")
    assert "Which days" in (await user.next()).text
    await user.press("London", message=zone_question)
    assert await user.wait_toast() == "That question has already been answered."
    await user.expect_silence()
    saved = await stored(harness, 1006)
    assert saved is not None and saved.dialog_data["timezone"] == "Europe/Berlin"


async def test_other_users_are_independent(harness: Harness) -> None:
    first, second = harness.user(2001, "Bo"), harness.user(2002, "Cy")
    await first.ask("/start")
    await second.ask("/start")
    await first.ask("desk")
    assert "Question 1 of" in (await second.ask("/help")).text
    assert (await stored(harness, 2002)).dialog == "onboard:roles"  # type: ignore[union-attr]


async def test_sticker_and_unknown_text_get_an_answer(harness: Harness) -> None:
    user = harness.user(1007)
    assert "didn't catch that" in (await user.ask("hello?")).text
    await user.send_raw({"sticker": {"file_id": "s1", "file_unique_id": "s1", "type": "regular",
                                     "width": 512, "height": 512, "is_animated": False,
                                     "is_video": False}})  # fmt: skip
    assert "only read text" in (await user.next()).text


async def test_an_edited_message_is_not_taken_as_a_new_answer(harness: Harness) -> None:
    user = harness.user(1008)
    await user.ask("/start")
    await user.ask("desk")
    await user.next()
    await user.ask("Berlin")
    await user.next()
    await user.edit_last("Tokyo")
    assert "only read new messages" in (await user.next()).text
    saved = await stored(harness, 1008)
    assert saved is not None and saved.dialog_data["timezone"] == "Europe/Berlin"
    assert saved.dialog == "onboard:work_days"


async def test_unknown_button_data_is_answered(harness: Harness) -> None:
    user = harness.user(1009)
    welcome = await user.ask("/start")
    await user.press_data("zz:from-an-old-version", welcome.message_id)
    assert (
        await user.wait_toast() == "That button no longer works. Send /help to see what I can do."
    )
