"""What each reminder says: the renderer's text, buttons and stored content per kind."""

import shutil
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.chooser import Load
from bot.content.library import Library, load_library
from bot.devkit.localapi.html_entities import parse_html, utf16_len
from bot.services.reminder_content import ReminderRenderer
from db.models import Activity, Reminder, User
from db.session import make_engine, make_sessionmaker
from scheduler.dispatch import DueItem, Rendered

DUE = datetime(2026, 11, 23, 17, 30, tzinfo=UTC)  # 18:30 in Berlin
DELIVERY = 4711
SHOUTY_NAME = "<b>Eve & Co</b>"
MESSAGE_LIMIT = 4096


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="module")
def renderer(library: Library) -> ReminderRenderer:
    return ReminderRenderer(library)


def make_user(roles: str = "desk", unit: str = "km", **fields: Any) -> User:
    profile: dict[str, Any] = {
        "id": 1, "telegram_id": 1001, "chat_id": 1001, "first_name": SHOUTY_NAME,
        "roles": roles, "timezone": "Europe/Berlin", "work_days": "mon,tue,wed,thu,fri",
        "work_start": time(9), "work_end": time(17), "break_every": 45, "routine_at": time(18, 30),
        "ride_km_week": 100.0, "run_km_week": 30.0, "distance_unit": unit, "dialog_data": {},
    }  # fmt: skip
    return User(**{**profile, **fields})


def item(
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    user: User | None = None,
    due: datetime = DUE,
    late: bool = False,
) -> DueItem:
    reminder = Reminder(id=9, user_id=1, kind=kind, next_due=due, payload=payload or {})
    return DueItem(reminder, user or make_user(), due, late, DELIVERY)


def buttons(done: str) -> list[list[tuple[str, str]]]:
    return [[(done, f"r:done:{DELIVERY}"), ("⏰ Snooze", f"r:snooze:{DELIVERY}"),
             ("⏭ Skip", f"r:skip:{DELIVERY}")]]  # fmt: skip


def shown(message: Rendered) -> str:
    """The text as the user reads it; fails like Telegram on invalid HTML or a long text."""
    text = parse_html(message.html).text
    assert utf16_len(text) < MESSAGE_LIMIT
    assert len(message.html) < MESSAGE_LIMIT
    return text


def exercise_ids(library: Library) -> set[str]:
    return {exercise.id for exercise in library.exercise_list}


def test_daily_routine(renderer: ReminderRenderer, library: Library) -> None:
    message = renderer.render(item("routine"), Load(), frozenset())
    text = shown(message)
    assert text.startswith("🧘 Your daily mobility routine\n")
    assert "1. " in text and "min in total" in text
    assert 3 <= len(message.content["exercises"]) <= 6
    assert set(message.content["exercises"]) <= exercise_ids(library)
    assert message.buttons == buttons("✅ Done")
    assert "sorry it's late" not in text


def test_the_daily_routine_changes_from_day_to_day(renderer: ReminderRenderer) -> None:
    week = [
        tuple(renderer.render(item("routine", due=DUE + timedelta(days=d)), Load(), frozenset())
              .content["exercises"])
        for d in range(7)
    ]  # fmt: skip
    assert len(set(week)) >= 3
    again = renderer.render(item("routine"), Load(), frozenset())
    assert again == renderer.render(item("routine"), Load(), frozenset()), "stable per day"


def test_a_big_week_is_named_in_the_routine(renderer: ReminderRenderer) -> None:
    load = Load(ride_km_this_week=150, usual_ride_km_week=100)
    text = shown(renderer.render(item("routine", user=make_user("cyclist")), load, frozenset()))
    assert "You rode 150 km this week (since Monday), 50 % above your usual" in text


@pytest.mark.parametrize("kind", ["break", "sit"])
def test_sitting_nudges(renderer: ReminderRenderer, library: Library, kind: str) -> None:
    message = renderer.render(item(kind), Load(), frozenset())
    text = shown(message)
    assert text.startswith("🪑 You've been sitting for about 45 min — time for a quick move.")
    [move] = message.content["exercises"]
    assert move in exercise_ids(library)
    assert library.exercise(move).name in text
    assert message.buttons == buttons("✅ I'm up")


def test_post_ride_stretches(renderer: ReminderRenderer) -> None:
    payload = {"activity": "ride", "distance_km": 42.0}
    message = renderer.render(item("post_activity", payload), Load(), frozenset())
    text = shown(message)
    assert "Good ride: 42 km." in text
    assert message.buttons == buttons("✅ Done") and message.content["exercises"]


def test_post_run_stretches_grow_with_the_distance(renderer: ReminderRenderer) -> None:
    def moves(km: float) -> int:
        payload = {"activity": "run", "distance_km": km}
        rendered = renderer.render(item("post_activity", payload), Load(), frozenset())
        return len(rendered.content["exercises"])

    assert moves(21) >= moves(3)


@pytest.mark.parametrize(
    ("payload", "distance"),
    [
        ({"activity": "ride", "milestone_km": 500}, "500 km"),  # a row from before units
        ({"activity": "ride", "milestone": 500, "unit": "km"}, "500 km"),
        ({"activity": "ride", "milestone": 300, "unit": "mi"}, "300 mi"),
    ],
)
def test_milestone(renderer: ReminderRenderer, payload: dict[str, Any], distance: str) -> None:
    user = make_user("cyclist", payload.get("unit", "km"))
    message = renderer.render(item("milestone", payload, user=user), Load(), frozenset())
    text = shown(message)
    assert text.startswith(f"🏅 Milestone: {distance} ridden with Limber! Here's a longer session.")
    assert f"You've ridden {distance}" in text
    assert message.buttons == buttons("✅ Done")


@pytest.mark.parametrize(("of", "done"), [("break", "✅ I'm up"), ("routine", "✅ Done")])
def test_snoozed_reminder(renderer: ReminderRenderer, of: str, done: str) -> None:
    body = "<b>Half-kneeling hip flexor</b> — 30 s a side"
    payload = {"html": body, "of": of, "exercises": ["hip_flexor"]}
    message = renderer.render(item("snooze", payload), Load(), frozenset())
    assert shown(message) == "⏰ Snoozed reminder\nHalf-kneeling hip flexor — 30 s a side"
    assert message.buttons == buttons(done)
    assert message.content == {"exercises": ["hip_flexor"], "body": body}


@pytest.mark.parametrize(
    ("kind", "payload"),
    [("routine", {}), ("break", {}), ("sit", {}),
     ("post_activity", {"activity": "run", "distance_km": 10.0}),
     ("milestone", {"activity": "run", "milestone_km": 100})],
)  # fmt: skip
def test_late_note_in_local_time(
    renderer: ReminderRenderer, kind: str, payload: dict[str, Any]
) -> None:
    user = make_user("desk,runner")
    text = shown(renderer.render(item(kind, payload, user=user, late=True), Load(), frozenset()))
    assert "(This was due at 18:30 — sorry it's late, I was briefly offline.)" in text


def test_unknown_kind_is_an_error(renderer: ReminderRenderer) -> None:
    with pytest.raises(ValueError, match="unknown reminder kind"):
        renderer.render(item("mystery"), Load(), frozenset())


@pytest.mark.parametrize("roles", ["desk", "cyclist", "runner", "desk,cyclist,runner"])
def test_every_kind_stays_short_valid_and_free_of_user_text(
    renderer: ReminderRenderer, roles: str
) -> None:
    user = make_user(roles)
    heavy = Load(ride_km_this_week=900, run_km_this_week=200, usual_ride_km_week=100,
                 usual_run_km_week=20,
                 sitting_minutes_today=600, usual_sitting_minutes=480)  # fmt: skip
    cases = [("routine", {}), ("break", {}), ("sit", {}),
             ("post_activity", {"activity": "ride", "distance_km": 1000.0}),
             ("milestone", {"activity": "ride", "milestone_km": 5000})]  # fmt: skip
    for kind, payload in cases:
        message = renderer.render(item(kind, payload, user=user, late=True), heavy, frozenset())
        text = shown(message)
        assert "Eve" not in text and "Eve" not in message.html
        for label, data in (pair for row in message.buttons for pair in row):
            assert label and 0 < len(data.encode()) <= 64


@pytest.fixture
async def sessionmaker(
    tmp_path: Path, sqlite_template: Path
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    path = tmp_path / "render.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    yield make_sessionmaker(engine)
    await engine.dispose()


async def test_a_batch_reads_the_recent_load_from_the_database(
    renderer: ReminderRenderer, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with sessionmaker() as session:
        rider = make_user("cyclist", id=None, onboarded_at=DUE - timedelta(days=3))
        sitter = make_user("desk", id=None, telegram_id=1002, chat_id=1002)
        session.add_all([rider, sitter])
        await session.flush()
        # DUE is a Monday: Sunday's 500 km belong to last week, as /week counts them.
        rides = [(80, date(2026, 11, 23)), (70, date(2026, 11, 23)), (500, date(2026, 11, 22))]
        session.add_all(
            Activity(user_id=rider.id, kind="ride", distance_km=km, day=day, logged_at=DUE)
            for km, day in rides
        )
        await session.commit()
        items = [
            DueItem(Reminder(id=n, user_id=u.id, kind="routine", payload={}), u, DUE, False, n)
            for n, u in ((1, rider), (2, sitter))
        ]
        rider_msg, sitter_msg = await renderer(session, items)
    assert "You rode 150 km this week (since Monday), 50 % above your usual" in shown(rider_msg)
    assert "above your usual" not in shown(sitter_msg)
    assert [label for label, _ in rider_msg.buttons[0]] == ["✅ Done", "⏰ Snooze", "⏭ Skip"]
    assert sitter_msg.buttons[0][0][1] == "r:done:2"
