"""Export and erase on both backends: every table pointing at users is covered."""

import io
import json
import zipfile
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.data import delete_user, export_user, user_columns
from db.models import Activity, Delivery, PainReport, Pause, Reminder, User
from db.repo.users import get_or_create_user

NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)


async def _seed(session: AsyncSession, telegram_id: int) -> User:
    user = await get_or_create_user(session, telegram_id, telegram_id, "Ada", "en")
    reminder = Reminder(user_id=user.id, kind="routine", next_due=NOW, payload={}, attempts=0)
    session.add(reminder)
    await session.flush()
    session.add_all(
        [
            Delivery(
                reminder_id=reminder.id,
                user_id=user.id,
                kind="routine",
                due_at=NOW,
                status="done",
                content={"exercises": ["cat-cow"]},
            ),
            Activity(user_id=user.id, kind="run", distance_km=5.0, day=date(2026, 11, 22)),
            PainReport(user_id=user.id, area="knee", reported_at=NOW),
            Pause(user_id=user.id, starts_at=NOW, ends_at=NOW),
        ]
    )
    await session.flush()
    return user


async def test_export_then_delete_leaves_other_users_alone(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        ada = await _seed(session, 1)
        await _seed(session, 2)
        await session.commit()
    async with sessionmaker() as session:
        ada = await session.get_one(User, ada.id)
        export = await export_user(session, ada, NOW)
        tables = json.loads(zipfile.ZipFile(io.BytesIO(export.content)).read("limber-export.json"))
        assert export.rows == {
            "users": 1, "activities": 1, "pain_reports": 1, "pauses": 1, "reminders": 1,
            "deliveries": 1,
        }  # fmt: skip
        assert tables["tables"]["deliveries"][0]["content"] == {"exercises": ["cat-cow"]}
        assert await delete_user(session, ada) == 6
        await session.commit()
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1
        for table, column in user_columns():
            rows = await session.scalar(select(func.count()).select_from(table))
            mine = await session.scalar(
                select(func.count()).select_from(table).where(column == ada.id)
            )
            assert (rows, mine) == (1, 0), table.name
