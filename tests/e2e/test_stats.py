"""/stats through the real bot: a chart whose numbers match the text, and a forgiving streak.

Rows are seeded straight into the database (as weeks of use would leave them); the bot then
reads them back through /stats like a user would.
"""

import asyncio
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image

from bot.services.charts import HEIGHT_PX, WIDTH_PX
from bot.services.stats import forgiving_streak
from db.models import Activity, Delivery, PainReport, Pause, Reminder
from tests.e2e.conftest import Harness
from tests.e2e.flows import onboard_cyclist, onboard_desk_worker, rows_of, stored

BERLIN = ZoneInfo("Europe/Berlin")
DRAW = 30.0  # seconds to wait for a chart: matplotlib's first import is slow on a busy machine
# (day in November 2026, status, exercises): a desk worker who works Monday to Friday.
HISTORY: list[tuple[int, str, list[str]]] = [
    (2, "done", ["glute_bridge"]), (2, "snoozed", []), (3, "done", ["glute_bridge"]),
    (4, "done", []), (5, "done", []), (6, "done", ["half_kneeling_hip_flexor"]),
    (7, "sent", []), (8, "sent", []),  # the weekend: rest days, the streak freezes
    (9, "done", []), (10, "sent", []),  # Tuesday 10th is paused
    (11, "done", []), (12, "skipped", []),  # Thursday 12th has an open sore area
    (13, "done", []),  # best streak: 8 days
    (16, "sent", []),  # nothing done on a plain work day: the streak starts again
    (17, "done", ["figure_four_stretch"]), (18, "done", []),
    (18, "missed", []),  # never reached the user: not counted
]  # fmt: skip


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


async def _seed(harness: Harness, rows: list[Any]) -> None:
    assert harness.app is not None
    async with harness.app.bot_data["services"].sessionmaker() as session:
        session.add_all(rows)
        await session.commit()


async def _desk_worker_with_history(harness: Harness) -> int:
    harness.clock.set(berlin(2, 8))
    user = harness.user()
    await onboard_desk_worker(user)
    saved = await stored(harness, user.user_id)
    assert saved is not None
    routine = next(r for r in await rows_of(harness, Reminder, user.user_id) if r.kind == "routine")
    rows: list[Any] = [
        Delivery(
            reminder_id=routine.id,
            user_id=saved.id,
            kind="routine",
            due_at=berlin(day, 12, n),
            sent_at=berlin(day, 12, n),
            status=status,
            content={"exercises": exercises},
        )
        for n, (day, status, exercises) in enumerate(HISTORY)
    ]
    rows.append(Pause(user_id=saved.id, starts_at=berlin(10, 7), ends_at=berlin(10, 20)))
    rows.append(PainReport(user_id=saved.id, area="neck", reported_at=berlin(12, 8),
                           resolved_at=berlin(12, 19)))  # fmt: skip
    rows.append(Activity(user_id=saved.id, kind="ride", distance_km=20.5, day=date(2026, 11, 9)))
    await _seed(harness, rows)
    harness.clock.set(berlin(18, 20))
    return user.user_id


async def test_stats_text_and_chart_show_the_seeded_weeks(harness: Harness) -> None:
    user = harness.api.user(await _desk_worker_with_history(harness))
    message = await user.ask("/stats", timeout=DRAW)
    assert message.kind == "photo", message.text
    lines = message.text.splitlines()
    assert lines[0] == "📊 Your last 4 weeks"
    assert lines[1].startswith("🔥 Streak: 2 days (best 8).")
    assert lines[4:8] == [
        "26 Oct: ✅ 0 ⏰ 0 ⏭ 0 💤 0 · 0 min · 🚴 0 km",
        "02 Nov: ✅ 5 ⏰ 1 ⏭ 0 💤 2 · 5 min · 🚴 0 km",
        "09 Nov: ✅ 3 ⏰ 0 ⏭ 1 💤 1 · 0 min · 🚴 20.5 km",
        "16 Nov: ✅ 2 ⏰ 0 ⏭ 0 💤 1 · 2 min · 🚴 0 km",
    ]
    assert message.document is not None
    image = Image.open(io.BytesIO(message.document))
    image.verify()
    assert (image.format, image.size) == ("PNG", (WIDTH_PX, HEIGHT_PX))
    assert WIDTH_PX <= 1280 and HEIGHT_PX <= 1280 * 2
    assert message.raw["photo"][0]["width"] == WIDTH_PX
    assert message.labels == ["• 4 weeks •", "12 weeks", "A year"]

    longer = await user.click("12 weeks", timeout=DRAW)
    assert longer.edited and longer.kind == "photo"
    assert longer.text.splitlines()[0] == "📊 Your last 12 weeks"
    assert sum(1 for line in longer.text.splitlines() if ": ✅ " in line) == 12
    assert longer.document is not None and longer.document != message.document
    year = await user.click("A year", timeout=DRAW)
    year_lines = [line for line in year.text.splitlines() if ": ✅ " in line]
    assert year_lines[0].startswith("Dec: ") and year_lines[-1].startswith("Nov: ✅ 10 ⏰ 1 ⏭ 1")
    await user.press("• A year •")
    assert await user.wait_toast(DRAW) == "A year"


async def test_milestones_and_usual_volume_for_a_cyclist(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user, weekly="100")
    await user.ask("/log ride 300 yesterday")
    await user.ask("/ride 250")
    assert "Milestone" in (await user.next(timeout=3)).text
    for _ in range(100):  # the dispatcher records the send just after it
        if all(d.status == "sent" for d in await rows_of(harness, Delivery, user.user_id)):
            break
        await asyncio.sleep(0.01)
    message = await user.ask("/stats", timeout=DRAW)
    lines = message.text.splitlines()
    assert "16 Nov: ✅ 0 ⏰ 0 ⏭ 0 💤 0 · 0 min · 🚴 300 km" in lines
    assert "23 Nov: ✅ 0 ⏰ 0 ⏭ 0 💤 1 · 0 min · 🚴 250 km" in lines
    assert "Usual a week: 🚴 100 km" in lines
    assert "🏅 Milestones: 500 km ridden (23 Nov)" in lines


async def test_stats_before_setup_is_declined(harness: Harness) -> None:
    user = harness.user()
    assert "haven't set up Limber" in (await user.ask("/stats", timeout=DRAW)).text


def test_the_streak_forgives_rest_pause_and_sore_days() -> None:
    first, today = date(2026, 11, 2), date(2026, 11, 8)
    days = [first + timedelta(days=n) for n in range(7)]
    active = {days[0], days[1], days[3], days[6]}
    offered = set(days)
    assert forgiving_streak(first, today, active, offered, {days[2]}) == (1, 3)
    assert forgiving_streak(first, today, active, offered, set()) == (1, 2)
    frozen = {days[2], days[4], days[5]}
    assert forgiving_streak(first, today, active - {days[6]}, offered, frozen) == (3, 3)
