"""The time-zone question: offsets, abbreviations and near misses, as a new user types them."""

from bot.devkit.localapi import SimulatedUser
from tests.e2e.conftest import Harness
from tests.e2e.flows import onboard_desk_worker, stored


async def at_zone_question(harness: Harness, user_id: int) -> SimulatedUser:
    user = harness.user(user_id)
    await user.ask("/start")
    await user.ask("cyclist")
    assert "Which time zone" in (await user.next()).text
    return user


async def test_gmt_plus_one_is_a_fixed_utc_plus_one(harness: Harness) -> None:
    user = await at_zone_question(harness, 2001)
    answer = await user.ask("GMT+1")
    assert "GMT+0" not in answer.text
    assert "Time zone: UTC+01:00 (fixed, no daylight saving) ✓" in answer.text
    saved = await stored(harness, 2001)
    assert saved is not None and saved.dialog_data["timezone"] == "Etc/GMT-1"  # Etc signs invert
    await user.next()
    await user.ask("km")
    await user.next()
    await user.ask("100")
    await user.next()
    await user.ask("19:00")
    summary = await user.next()
    assert "UTC+01:00 (fixed, no daylight saving), local time now 09:00" in summary.text


async def test_an_abbreviation_is_explained_and_yes_takes_the_city(harness: Harness) -> None:
    user = await at_zone_question(harness, 2002)
    explained = await user.ask("CET")
    assert "daylight saving" in explained.text and "Berlin (Europe/Berlin)" in explained.text
    assert explained.has_button("✅ Yes, Berlin (Europe/Berlin)")
    assert explained.has_button("Keep UTC+01:00 (fixed)")
    saved = await stored(harness, 2002)
    assert saved is not None and "timezone" not in saved.dialog_data, "not taken silently"
    assert "Time zone: Berlin (Europe/Berlin) ✓" in (await user.ask("yes")).text
    assert "Kilometres or miles" in (await user.next()).text


async def test_an_abbreviation_can_be_kept_as_a_fixed_offset(harness: Harness) -> None:
    user = await at_zone_question(harness, 2003)
    await user.ask("PST")
    kept = await user.click("Keep UTC-08:00 (fixed)")
    assert "UTC-08:00 (fixed, no daylight saving) ✓" in kept.text
    saved = await stored(harness, 2003)
    assert saved is not None and saved.dialog_data["timezone"] == "Etc/GMT+8"


async def test_ist_points_to_india_without_an_hour_off_claim(harness: Harness) -> None:
    user = await at_zone_question(harness, 2004)
    explained = await user.ask("IST")
    assert "Kolkata (Asia/Kolkata)" in explained.text and "hour off" not in explained.text
    assert "Asia/Kolkata" in (await user.ask("Yes.")).text


async def test_a_near_miss_is_confirmed_by_a_typed_yes(harness: Harness) -> None:
    user = await at_zone_question(harness, 2005)
    near = await user.ask("Berln")
    assert "Did you mean Berlin (Europe/Berlin)?" in near.text
    assert "Time zone: Berlin (Europe/Berlin) ✓" in (await user.ask("Yes")).text


async def test_a_part_hour_offset_points_to_its_place(harness: Harness) -> None:
    user = await at_zone_question(harness, 2006)
    place = await user.ask("UTC+05:30")
    assert "UTC+05:30 is the time in" in place.text and "Asia/Kolkata" in place.text
    confirmed = await user.click("✅ Yes, Kolkata (Asia/Kolkata)")
    assert "Time zone: Kolkata (Asia/Kolkata) ✓" in confirmed.text


async def test_impossible_offsets_and_a_lone_yes_are_refused_kindly(harness: Harness) -> None:
    user = await at_zone_question(harness, 2007)
    for text in ("UTC+5:17", "GMT+15", "yes"):
        refusal = await user.ask(text)
        assert "time zone" in refusal.text.lower() or "No place keeps" in refusal.text
        assert refusal.has_button("Berlin / Paris"), "the question is shown again"
    saved = await stored(harness, 2007)
    assert saved is not None and saved.dialog == "onboard:timezone"
    assert "timezone" not in saved.dialog_data


async def test_settings_take_an_offset_too(harness: Harness) -> None:
    user = harness.user(2008)
    await onboard_desk_worker(user)
    await user.ask("/settings")
    await user.click("Time zone")
    assert "UTC-03:00 (fixed, no daylight saving) ✓" in (await user.ask("utc-3")).text
    assert "Saved: Time zone" in (await user.next()).text
    saved = await stored(harness, 2008)
    assert saved is not None and saved.timezone == "Etc/GMT+3"
