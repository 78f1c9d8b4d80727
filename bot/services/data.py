"""A user's own data: everything we store about them as a zip, and forgetting them entirely.

Both work from the table metadata, not from a hand-kept list: every table with a foreign key
to `users.id` is exported and emptied of the user's rows, so a table added later is covered
without touching this module.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Column, Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.texts import data as t
from db.models import Base, User
from db.repo.users import get_user

EXPORT_FORMAT = "limber-export/1"


@dataclass(frozen=True)
class Export:
    """The zip to send, and how many rows each table contributed."""

    content: bytes
    file_name: str
    rows: dict[str, int]


def user_columns() -> Iterator[tuple[Table, Column[Any]]]:
    """(table, column) for every column that points at users.id, in dependency order."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == User.__tablename__ for fk in column.foreign_keys):
                yield table, column


def _plain(value: Any) -> Any:
    """A JSON-friendly value: instants, days and wall-clock times as ISO 8601 text."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


async def _rows(session: AsyncSession, table: Table, column: Column[Any], user_id: int) -> list[
    dict[str, Any]
]:  # fmt: skip
    order = list(table.primary_key.columns)
    result = await session.execute(select(table).where(column == user_id).order_by(*order))
    return [{key: _plain(value) for key, value in row.items()} for row in result.mappings()]


def _csv(rows: list[dict[str, Any]], names: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: json.dumps(value) if isinstance(value, dict | list) else value
                for key, value in row.items()
            }
        )
    return buffer.getvalue()


async def export_user(session: AsyncSession, user: User, now: datetime) -> Export:
    """A zip of JSON and CSV with every row about the user, readable without Limber."""
    users = Base.metadata.tables[User.__tablename__]
    tables: dict[str, list[dict[str, Any]]] = {
        users.name: await _rows(session, users, users.c.id, user.id)
    }
    columns: dict[str, list[str]] = {users.name: [c.name for c in users.columns]}
    for table, column in user_columns():
        tables.setdefault(table.name, []).extend(await _rows(session, table, column, user.id))
        columns[table.name] = [c.name for c in table.columns]
    document = {"format": EXPORT_FORMAT, "exported_at": now.isoformat(), "tables": tables}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", t.export_readme(now.isoformat(), list(tables)))
        archive.writestr(
            "limber-export.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        )
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv(rows, columns[name]))
    return Export(
        content=buffer.getvalue(),
        file_name=f"limber-export-{now.date().isoformat()}.zip",
        rows={name: len(rows) for name, rows in tables.items()},
    )


async def delete_user(session: AsyncSession, user: User) -> int:
    """Remove every row about the user, dependants first, then the user; the row count.

    Explicit deletes rather than ON DELETE CASCADE alone, so a table whose foreign key was
    declared without a cascade is still emptied of the user.
    """
    removed = 0
    for table, column in reversed(list(user_columns())):
        result = await session.execute(delete(table).where(column == user.id))
        removed += int(result.rowcount)  # type: ignore[attr-defined]
    await session.delete(user)
    await session.flush()
    return removed + 1


def account_mark(user: User) -> int:
    """The account's creation instant in microseconds: names it on the delete button (row ids
    are reused on SQLite), so an old button cannot erase an account made after it."""
    return int(user.created_at.timestamp() * 1_000_000)


async def delete_account(session: AsyncSession, telegram_id: int, mark: int) -> int | None:
    """Erase the account the delete button names; the rows removed, or None when nothing stored
    matches (already erased, or a newer account than the button's). Looks the user up without
    registering them, so a second tap after the erasure leaves nothing behind."""
    user = await get_user(session, telegram_id)
    if user is None or mark != account_mark(user):
        return None
    return await delete_user(session, user)
