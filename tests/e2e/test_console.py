"""`python -m bot console` lets a person register and chat with no token and no network."""

import asyncio
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.devkit import tracks

STEPS = [
    ("Question 1 of", "desk"),
    ("Which time zone", "Berlin"),
    ("Which days", "#1"),  # presses button 1: Mon–Fri
    ("work hours", "9-17"),
    ("How often", "45"),
    ("daily mobility routine arrive", "18:30"),
    ("All set", "/pain lower back"),
    ("General information, not a diagnosis", ":quit"),
]


COOL_DOWN_STEPS = [
    ("Question 1 of", "#4"),  # Next with nothing picked
    ("Pick at least one first.", "#2"),
    ("Chosen: cyclist", "#4"),
    ("Which time zone", "Berlin"),
    ("Kilometres or miles", "km"),
    ("How far do you usually ride", "3"),  # typed text, though the question has buttons
    ("daily mobility routine arrive", "18:30"),
    ("All set", "/ride 20"),
    ("Good ride", "/reminders"),
    ("Coming up", "#3"),  # Skip, on the cool-down: the newest message with buttons
    ("│ ⏭ Skipped", "#3"),  # Skip again: the buttons are gone
    ("There is no button 3", ":quit"),
]


async def _read_until(stream: asyncio.StreamReader, marker: str, seen: list[str]) -> None:
    while not any(marker in line for line in seen[-40:]):
        try:
            line = await asyncio.wait_for(stream.readline(), timeout=60)  # a busy CI machine
        except TimeoutError:
            raise AssertionError(f"no {marker!r} within 60 s:\n" + "".join(seen[-30:])) from None
        if not line:
            raise AssertionError(f"console ended before {marker!r}:\n" + "".join(seen[-30:]))
        seen.append(line.decode())


async def _converse(tmp_path: Path, steps: list[tuple[str, str]]) -> str:
    """Answer each marker with its line; the console's whole output once it has quit."""
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.db'}",
           "TELEGRAM_BOT_TOKEN": "", "LOG_LEVEL": "WARNING"}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "console",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    seen: list[str] = []
    try:
        for marker, answer in steps:
            await _read_until(process.stdout, marker, seen)
            process.stdin.write(answer.encode() + b"\n")
            await process.stdin.drain()
        assert await asyncio.wait_for(process.wait(), timeout=20) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return "".join(seen)


async def test_console_onboarding_and_a_pain_question(tmp_path: Path) -> None:
    output = await _converse(tmp_path, STEPS)
    assert "[1] Mon–Fri" in output
    assert "Work: Mon–Fri, 09:00–17:00" in output
    assert "Traceback" not in output
    assert (tmp_path / "console.db").exists()


async def test_console_sends_a_file_and_saves_what_the_bot_sends(tmp_path: Path) -> None:
    """`:file` uploads an activity file; the export Limber sends back lands in a folder."""
    start = datetime(2026, 11, 22, 9, tzinfo=UTC)
    (tmp_path / "ride.gpx").write_bytes(
        tracks.gpx(tracks.Sample(start, points=61, speed_ms=8.0, interval_s=10))
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.db'}",
           "TELEGRAM_BOT_TOKEN": "", "LOG_LEVEL": "WARNING", "TMPDIR": str(tmp_path)}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "console",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    steps = [
        *STEPS[:6],
        ("All set", ":file nowhere.gpx"),
        ("Usage: :file", ":file ride.gpx"),
        ("Ride from your GPX file", "#1"),  # ✅ Log it
        ("Logged your 4.8 km ride", "/export"),
        ("document saved to", ":quit"),
    ]
    seen: list[str] = []
    try:
        for marker, answer in steps:
            await _read_until(process.stdout, marker, seen)
            process.stdin.write(answer.encode() + b"\n")
            await process.stdin.drain()
        assert await asyncio.wait_for(process.wait(), timeout=20) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    [export] = (tmp_path / "limber-console").glob("*limber-export-*.zip")
    assert export.stat().st_size > 0
    assert str(export) in "".join(seen)


async def test_console_shows_alerts_and_survives_pressing_a_used_button(tmp_path: Path) -> None:
    output = await _converse(tmp_path, COOL_DOWN_STEPS)
    assert "┌─ Alert\n│ Pick at least one first." in output
    assert "Riding: about 3 km a week" in output, "a typed 3 is an answer, not button 3"
    assert "(⏭ Skipped. No worries — see you at the next one.)" in output
    assert "Traceback" not in output and "LookupError" not in output
