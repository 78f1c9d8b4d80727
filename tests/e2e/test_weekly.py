"""The Sunday summary through the real bot: at the routine time in the user's zone, across the
end of summer time, with the chart and an idea drawn from the week; switched in /settings."""

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PIL import Image

from bot.devkit.localapi import BotMessage
from db.models import Delivery, Reminder
from tests.e2e.conftest import Harness
from tests.e2e.flows import next_due, onboard_desk_worker, rows_of, stored

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def _summary(messages: list[BotMessage]) -> BotMessage:
    [summary] = [m for m in messages if m.kind == "photo"]
    return summary


async def test_the_weekly_summary_arrives_on_sunday_evening_across_a_dst_change(
    harness: Harness,
) -> None:
    harness.clock.set(berlin(10, 15, 9))  # Thursday, summer time
    user = harness.user()
    await onboard_desk_worker(user)  # routine at 18:30
    first = berlin(10, 18, 18, 30)
    assert first == datetime(2026, 10, 18, 16, 30, tzinfo=UTC)
    assert await next_due(harness, user.user_id, "weekly") == first
    harness.clock.set(first)
    await harness.dispatch()
    summary = _summary(await user.drain())
    lines = summary.text.splitlines()
    assert lines[0] == "🗓 Your week"
    assert lines[1] == "✅ 0 of 0 reminders done, 0 min of mobility."
    assert lines[-1].startswith("💡 Next week, try to say ✅ to one nudge a day")
    assert summary.document is not None
    assert Image.open(io.BytesIO(summary.document)).format == "PNG"
    assert summary.labels == ["• 4 weeks •", "12 weeks", "A year"]

    # Clocks go back on Sunday 25 October at 03:00: 18:30 is now 17:30 UTC, not 16:30.
    second = berlin(10, 25, 18, 30)
    assert second == datetime(2026, 10, 25, 17, 30, tzinfo=UTC)
    assert await next_due(harness, user.user_id, "weekly") == second
    saved = await stored(harness, user.user_id)
    assert saved is not None
    brk = next(r for r in await rows_of(harness, Reminder, user.user_id) if r.kind == "break")
    assert harness.app is not None
    async with harness.app.bot_data["services"].sessionmaker() as session:
        session.add_all(
            Delivery(reminder_id=brk.id, user_id=saved.id, kind="break", status="skipped",
                     due_at=berlin(10, day, 15), sent_at=berlin(10, day, 15), content={})
            for day in (20, 21, 22)
        )  # fmt: skip
        await session.commit()
    harness.clock.set(berlin(10, 25, 18, 29))
    await harness.dispatch()
    assert not [m for m in await user.drain() if m.kind == "photo"], "not an hour early"
    harness.clock.set(second)
    await harness.dispatch()
    summary = _summary(await user.drain())
    assert "✅ 0 of 3 reminders done" in summary.text
    assert "💡 You skipped most afternoon break nudges" in summary.text
    assert await next_due(harness, user.user_id, "weekly") == datetime(
        2026, 11, 1, 17, 30, tzinfo=UTC
    )


async def test_the_weekly_summary_is_switched_in_settings(harness: Harness) -> None:
    user = harness.user()
    await onboard_desk_worker(user)
    assert await next_due(harness, user.user_id, "weekly") == berlin(11, 29, 18, 30)
    menu = await user.ask("/settings")
    assert "🗓 Weekly summary: on" in menu.labels
    off = await user.click("🗓 Weekly summary: on")
    assert "Weekly summary off" in off.text
    assert await next_due(harness, user.user_id, "weekly") is None
    saved = await stored(harness, user.user_id)
    assert saved is not None and saved.weekly_summary is False
    menu = await user.ask("/settings")
    on = await user.click("🗓 Weekly summary: off")
    assert "Weekly summary on" in on.text
    assert await next_due(harness, user.user_id, "weekly") == berlin(11, 29, 18, 30)
