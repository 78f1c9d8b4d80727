"""`python -m bot console` lets a person register and chat with no token and no network."""

import asyncio
import os
import sys
from pathlib import Path

STEPS = [
    ("Question 1 of", "desk"),
    ("Which time zone", "Berlin"),
    ("Which days", "1"),  # a number presses that button: Mon–Fri
    ("work hours", "9-17"),
    ("How often", "45"),
    ("daily mobility routine arrive", "18:30"),
    ("All set", "/pain lower back"),
    ("General information, not a diagnosis", ":quit"),
]


async def _read_until(stream: asyncio.StreamReader, marker: str, seen: list[str]) -> None:
    while not any(marker in line for line in seen[-40:]):
        line = await asyncio.wait_for(stream.readline(), timeout=20)
        if not line:
            raise AssertionError(f"console ended before {marker!r}:\n" + "".join(seen[-30:]))
        seen.append(line.decode())


async def test_console_onboarding_and_a_pain_question(tmp_path: Path) -> None:
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
        for marker, answer in STEPS:
            await _read_until(process.stdout, marker, seen)
            process.stdin.write(answer.encode() + b"\n")
            await process.stdin.drain()
        assert await asyncio.wait_for(process.wait(), timeout=20) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    output = "".join(seen)
    assert "[1] Mon–Fri" in output
    assert "Work: Mon–Fri, 09:00–17:00" in output
    assert "Traceback" not in output
    assert (tmp_path / "console.db").exists()
