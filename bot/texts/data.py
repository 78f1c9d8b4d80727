"""Texts of /export, /delete and /privacy."""

from collections.abc import Sequence
from html import escape

DELETE_YES = "🗑 Yes, delete everything"
DELETE_NO = "Keep my data"


def export_caption(rows: dict[str, int]) -> str:
    counts = ", ".join(f"{escape(name)}: {count}" for name, count in rows.items())
    return (
        "📦 Everything Limber stores about you, as JSON and CSV files in one zip"
        f" (rows per table — {counts}). README.txt inside explains the columns."
    )


def delete_question() -> str:
    return (
        "This deletes <b>everything</b> Limber stores about you: your profile, reminders, what"
        " was sent and how you answered, your rides and runs, and your pain reports."
        " It can't be undone. Want a copy first? Send /export.\n\nDelete it all?"
    )


def deleted(rows: int) -> str:
    return (
        f"Done — I deleted all your data ({rows} records). I won't write to you again."
        " If you send /start one day, we begin from scratch."
    )


def delete_kept() -> str:
    return "Nothing was deleted. Your data stays as it is."


def nothing_stored() -> str:
    return "There's nothing stored about you any more."


def privacy() -> str:
    return (
        "<b>What Limber stores, and why</b>\n"
        "• <b>Who you are to Telegram</b>: your user id, chat id, first name and app language"
        " — to write to you and greet you.\n"
        "• <b>Your profile</b>: roles, time zone, work days and hours, break interval, routine"
        " time, quiet hours, distance unit, usual weekly distances, reminder switches, and when"
        " you paused"
        " — to time reminders and size routines. While a question is open, your answers so far.\n"
        "• <b>Reminders</b>: when each one is due next.\n"
        "• <b>What was sent</b>: each reminder's time, the exercises in it and whether you did,"
        " snoozed or skipped it — to avoid repeats and show your progress.\n"
        "• <b>Rides and runs</b>: kind, distance, duration and day — for stretches, milestones"
        " and weekly totals. From a GPX, FIT or TCX file only the summary is kept (start time,"
        " climb, and a fingerprint of the file to spot it if sent twice), never the track.\n"
        "• <b>Pain reports</b>: the body area, which guidance matched, whether it was a warning"
        " sign, when you reported it and when it felt better — so routines spare that area."
        " The words you typed are not kept.\n\n"
        "<b>How long</b>: until you delete it. Nothing expires on its own; a sore area simply"
        " stops being spared after two weeks. Logs record events, never what you write.\n\n"
        "<b>Your data is yours</b>: /export sends you all of it as a zip of JSON and CSV files;"
        " /delete removes all of it for good. Limber shares nothing with anyone. Telegram keeps"
        " its own copy of this chat — delete the chat in the app to remove that."
    )


_EXPORT_README = """Limber data export
==================

Everything Limber stored about you on {exported_at} (UTC), one table per file.

- limber-export.json holds all tables in one JSON document: {{"tables": {{name: [rows]}}}}.
- Each <table>.csv holds the same rows as a spreadsheet (nested values are JSON text).

Times are UTC in ISO 8601 (2026-11-23T08:00:00+00:00); `day` columns are your local calendar
day; wall-clock settings such as work hours are your local time. Distances are kilometres.

Tables: {tables}
"""


def export_readme(exported_at: str, tables: Sequence[str]) -> str:
    """README.txt of the export zip (plain text): when it was made and which tables it holds."""
    return _EXPORT_README.format(exported_at=exported_at, tables=", ".join(tables))
