"""The user's own data through the real bot: /export, /delete and /privacy."""

import csv
import io
import json
import zipfile
from typing import Any

from sqlalchemy import func, select

from bot.devkit.localapi import LocalBotApi
from bot.services.data import user_columns
from db.models import Base, User
from tests.e2e.conftest import Harness
from tests.e2e.flows import onboard_cyclist, stored


async def _seed_everything(harness: Harness) -> None:
    """A cyclist with a ride (so stretches were sent), a pain report and a pause."""
    user = harness.user()
    await onboard_cyclist(user)
    await user.ask("/ride 42")
    await user.next(timeout=3)  # the stretches, a delivery
    await user.ask("/pain sore knee")
    await user.drain()
    await user.ask("/pause 2h")


async def _rows_by_table(harness: Harness, telegram_id: int) -> dict[str, int]:
    """How many rows of each table point at the user (users itself by telegram id)."""
    assert harness.app is not None
    async with harness.app.bot_data["services"].sessionmaker() as session:
        users = Base.metadata.tables["users"]
        counts = {
            "users": await session.scalar(
                select(func.count()).select_from(users).where(users.c.telegram_id == telegram_id)
            )
        }
        user = await stored(harness, telegram_id)
        for table, column in user_columns():
            counts[table.name] = (
                0
                if user is None
                else await session.scalar(
                    select(func.count()).select_from(table).where(column == user.id)
                )
            )
        return {name: int(count or 0) for name, count in counts.items()}


async def test_export_holds_every_stored_row_as_json_and_csv(harness: Harness) -> None:
    await _seed_everything(harness)
    user = harness.user()
    message = await user.ask("/export")
    assert message.kind == "document"
    assert message.file_name == "limber-export-2026-11-23.zip"
    assert message.document is not None
    archive = zipfile.ZipFile(io.BytesIO(message.document))
    document: dict[str, Any] = json.loads(archive.read("limber-export.json"))
    tables: dict[str, list[dict[str, Any]]] = document["tables"]
    counts = await _rows_by_table(harness, user.user_id)
    assert {name: len(rows) for name, rows in tables.items()} == counts
    assert counts["activities"] == 1 and counts["pain_reports"] == 1 and counts["pauses"] == 1
    assert counts["deliveries"] >= 1 and counts["reminders"] >= 2
    [profile] = tables["users"]
    row = await stored(harness, user.user_id)
    assert row is not None
    assert (profile["telegram_id"], profile["timezone"], profile["roles"]) == (
        user.user_id,
        "Europe/Berlin",
        "cyclist",
    )
    assert profile["routine_at"] == "19:00:00"
    [ride] = tables["activities"]
    assert (ride["kind"], ride["distance_km"], ride["day"]) == ("ride", 42.0, "2026-11-23")
    assert tables["pain_reports"][0]["area"] == "knee"
    for name, rows in tables.items():
        read = list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode())))
        assert [r["id"] for r in read] == [str(r["id"]) for r in rows]
    assert "rows per table" in message.text
    assert "README.txt" in archive.namelist()


async def test_delete_asks_then_leaves_no_row_in_any_table(
    harness: Harness, api: LocalBotApi
) -> None:
    await _seed_everything(harness)
    user = harness.user()
    other = harness.user(2002, "Sam")
    await onboard_cyclist(other)
    question = await user.ask("/delete")
    assert "can't be undone" in question.text
    assert question.labels == ["🗑 Yes, delete everything", "Keep my data"]
    kept = await user.click("Keep my data")
    assert "Nothing was deleted" in kept.text
    assert (await _rows_by_table(harness, user.user_id))["activities"] == 1

    before = await stored(harness, user.user_id)
    assert before is not None
    await user.ask("/delete")
    done = await user.click("🗑 Yes, delete everything")
    assert done.text.startswith("Done — I deleted all your data")
    assert done.buttons == []
    assert harness.app is not None
    async with harness.app.bot_data["services"].sessionmaker() as session:
        for table in Base.metadata.sorted_tables:  # tables added later are covered too
            for column in table.columns:
                if table.name == "users" and column.name in ("id", "telegram_id"):
                    wanted = before.id if column.name == "id" else user.user_id
                elif any(fk.column.table.name == "users" for fk in column.foreign_keys):
                    wanted = before.id
                else:
                    continue
                left = await session.scalar(
                    select(func.count()).select_from(table).where(column == wanted)
                )
                assert left == 0, f"{table.name}.{column.name} still has the user"
    assert (await _rows_by_table(harness, other.user_id))["users"] == 1, "others are untouched"

    welcome = await user.ask("/start")
    assert "A few quick questions first" in welcome.text, "a later /start is a new user"
    again = await stored(harness, user.user_id)
    assert again is not None and again.onboarded_at is None


async def test_an_old_delete_button_cannot_erase_a_new_account(harness: Harness) -> None:
    user = harness.user()
    await onboard_cyclist(user)
    question = await user.ask("/delete")
    await user.click("🗑 Yes, delete everything")
    await onboard_cyclist(user)
    [[(_, old_data), _]] = question.buttons
    await user.press_data(old_data, question.message_id)  # a stale copy of the button
    assert await user.wait_toast() == "There's nothing stored about you any more."
    assert isinstance(await stored(harness, user.user_id), User)


async def test_privacy_says_what_is_kept_and_how_to_remove_it(harness: Harness) -> None:
    user = harness.user()
    reply = await user.ask("/privacy")
    assert "What Limber stores, and why" in reply.text
    assert "/export" in reply.text and "/delete" in reply.text
    assert "until you delete it" in reply.text
    help_text = (await user.ask("/help")).text
    for command in ("/privacy", "/export", "/delete"):
        assert command in help_text
