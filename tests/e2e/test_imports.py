"""Activity files through the real bot: GPX, FIT and TCX read, logged once, bad files answered.

The cyclist of `flows` lives in Berlin; the clock starts on Monday 2026-11-23 at 09:00 there.
Files are made by bot.devkit.tracks: a steady track north of Berlin, one point a second.
"""

from datetime import UTC, datetime

import pytest

from bot.devkit import tracks
from bot.devkit.localapi import LocalBotApi
from db.models import Activity, Reminder
from tests.e2e.conftest import Harness
from tests.e2e.flows import onboard_cyclist, rows_of

SUNDAY_RIDE = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
# A point every ten seconds keeps the files small: 14.4 km in 30 min, and 3.6 km in 20 min.
RIDE = tracks.Sample(SUNDAY_RIDE, points=181, speed_ms=8.0, climb_m=120, interval_s=10)
MONDAY_RUN = tracks.Sample(
    datetime(2026, 11, 23, 7, 0, tzinfo=UTC), points=121, speed_ms=3.0, interval_s=10
)
READ = 20.0  # seconds to wait for the answer to a file: parsing shares a busy machine in CI


async def _reminder_kinds(harness: Harness, telegram_id: int) -> list[str]:
    return [r.kind for r in await rows_of(harness, Reminder, telegram_id)]


async def test_a_gpx_ride_is_summarised_then_logged_once(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.send_document("morning.gpx", tracks.gpx(RIDE), "application/gpx+xml")
    summary = await user.next(READ)
    assert summary.text.splitlines() == [
        "📄 Ride from your GPX file",
        "Distance: 14.4 km",
        "Moving time: 30 min",
        "Started: Sun 22 Nov 2026, 10:00",
        "Climb: 120 m",
        "Log it?",
    ]
    assert summary.labels == ["✅ Log it", "🔁 Change sport", "✖️ Cancel"]
    assert await rows_of(harness, Activity, user.user_id) == [], "nothing before Log it"
    logged = await user.click("✅ Log it")
    assert logged.buttons == []
    assert "🚴 Logged your 14.4 km ride on Sun 22 Nov in 30 min." in logged.text
    assert "This week: 0 km over 0 rides." in logged.text, "Sunday was last week"
    [activity] = await rows_of(harness, Activity, user.user_id)
    assert (activity.kind, activity.distance_km, activity.duration_s) == ("ride", 14.4, 1800)
    assert activity.started_at == SUNDAY_RIDE
    assert activity.elevation_gain_m == 120
    assert activity.source_hash is not None and len(activity.source_hash) == 16

    await user.send_document("morning.gpx", tracks.gpx(RIDE), "application/gpx+xml")
    again = await user.next(READ)
    assert again.text == (
        "You've already logged this one: your 14.4 km ride from Sun 22 Nov, 10:00."
        " Nothing was changed."
    )
    await user.press_data(summary.buttons[0][0][1], summary.message_id)  # a stale "Log it"
    assert "already logged" in (await user.next()).text
    assert len(await rows_of(harness, Activity, user.user_id)) == 1


async def test_a_fit_run_today_brings_stretches_and_counts_this_week(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.send_document("run.fit", tracks.fit(MONDAY_RUN, "running"))
    summary = await user.next(READ)
    assert summary.text.startswith(
        "📄 Run from your FIT file\nDistance: 3.6 km\nMoving time: 20 min"
    )
    assert "Started: Mon 23 Nov 2026, 08:00" in summary.text
    logged = await user.click("✅ Log it")
    assert "🏃 Logged your 3.6 km run today in 20 min." in logged.text
    assert "This week: 3.6 km over 1 run." in logged.text
    assert "Stretches are on their way." in logged.text
    assert "Good run: 3.6 km" in (await user.next(timeout=3)).text
    assert "post_activity" in await _reminder_kinds(harness, user.user_id)


async def test_a_tcx_file_recorded_by_another_device_is_the_same_activity(
    harness: Harness,
) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.send_document("ride.tcx", tracks.tcx(RIDE, "Biking"))
    assert "Ride from your TCX file" in (await user.next(READ)).text
    await user.click("✅ Log it")
    # The same ride from the watch's FIT file, started a minute later: one activity.
    watch = tracks.Sample(
        datetime(2026, 11, 22, 9, 1, tzinfo=UTC), points=181, speed_ms=8.0, interval_s=10
    )
    await user.send_document("watch.fit", tracks.fit(watch))
    assert "already logged this one" in (await user.next(READ)).text
    assert len(await rows_of(harness, Activity, user.user_id)) == 1


async def test_the_sport_is_asked_when_the_file_does_not_say(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.send_document("track.gpx", tracks.gpx(MONDAY_RUN, sport=None))
    asked = await user.next(READ)
    assert asked.text.splitlines()[0] == "📄 Activity from your GPX file"
    assert asked.text.endswith("Was it a ride or a run?")
    assert asked.labels == ["🚴 Ride", "🏃 Run", "✖️ Cancel"]
    chosen = await user.click("🏃 Run")
    assert chosen.text.splitlines()[0] == "📄 Run from your GPX file"
    changed = await user.click("🔁 Change sport")
    assert changed.labels == ["🚴 Ride", "🏃 Run", "✖️ Cancel"]
    await user.click("🚴 Ride")
    await user.click("✅ Log it")
    [activity] = await rows_of(harness, Activity, user.user_id)
    assert activity.kind == "ride"


async def test_cancel_logs_nothing(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.send_document("ride.fit", tracks.fit(RIDE))
    await user.next(READ)
    cancelled = await user.click("✖️ Cancel")
    assert cancelled.text.endswith("Not logged.") and cancelled.buttons == []
    assert await rows_of(harness, Activity, user.user_id) == []


def _flipped(content: bytes) -> bytes:
    """One byte in the middle changed: the file's CRC no longer matches."""
    damaged = bytearray(content)
    damaged[len(damaged) // 2] ^= 0xFF
    return bytes(damaged)


def _fast() -> bytes:
    car = tracks.Sample(SUNDAY_RIDE, points=61, speed_ms=35.0, interval_s=10)  # 126 km/h
    return tracks.gpx(car)


@pytest.mark.parametrize(
    ("name", "content", "answer"),
    [
        ("ride.gpx", tracks.fit(RIDE), "That file is named .gpx but it isn't a GPX file inside."),
        ("ride.fit", tracks.fit(RIDE)[:-40], "I couldn't read that FIT file"),
        ("ride.fit", _flipped(tracks.fit(RIDE)), "I couldn't read that FIT file"),
        ("ride.tcx", b"<TrainingCenterDatabase><Activities>", "I couldn't read that TCX file"),
        ("ride.gpx", b'<?xml version="1.0"?><gpx version="1.1"></gpx>', "has no track in it"),
        ("ride.gpx", tracks.gpx(tracks.Sample(SUNDAY_RIDE, points=1)), "has no track in it"),
        ("ride.gpx", _fast(), "That works out at 126 km/h on average"),
        (
            "ride.gpx",
            b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<gpx version="1.1"><trk><name>&x;</name></trk></gpx>',
            "I couldn't read that GPX file",
        ),
        (
            "route.gpx",
            b'<?xml version="1.0"?><gpx version="1.1"><rte><rtept lat="52.5" lon="13.4"/>'
            b'<rtept lat="52.6" lon="13.4"/></rte></gpx>',
            "has no timestamps",
        ),
        ("notes.txt", b"hello", "I can read activity files ending in .gpx, .fit or .tcx"),
    ],
)
async def test_bad_files_get_a_specific_answer_and_change_nothing(
    harness: Harness, name: str, content: bytes, answer: str
) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    before = await _reminder_kinds(harness, user.user_id)
    await user.send_document(name, content)
    reply = await user.next(READ)
    assert answer in reply.text
    assert reply.buttons == []
    assert await rows_of(harness, Activity, user.user_id) == []
    assert await _reminder_kinds(harness, user.user_id) == before


async def test_a_run_too_fast_for_running_is_refused_when_the_sport_is_picked(
    harness: Harness,
) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    quick = tracks.Sample(SUNDAY_RIDE, points=181, speed_ms=9.5, interval_s=10)  # 34.2 km/h
    await user.send_document("fast.gpx", tracks.gpx(quick, sport=None))
    await user.next(READ)
    refused = await user.click("🏃 Run")
    assert "That works out at 34 km/h on average — too fast for a run." in refused.text
    assert await rows_of(harness, Activity, user.user_id) == []


async def test_a_file_over_20_mb_is_refused_before_downloading(
    harness: Harness, api: LocalBotApi
) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    await user.send_document("huge.fit", b"x" * 100, declared_size=25 * 1024 * 1024)
    reply = await user.next(READ)
    assert "That file is 25 MB — Telegram lets bots download at most 20 MB." in reply.text
    assert api.method_calls["getFile"] == 0


async def test_a_file_before_setup_is_declined(harness: Harness) -> None:
    user = harness.user()
    await user.send_document("ride.gpx", tracks.gpx(RIDE))
    assert "haven't set up Limber" in (await user.next(READ)).text
