"""The command line: `run` without a token points to the console; `content check` reports."""

import os
import subprocess
import sys
from pathlib import Path


def limber(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "", "LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_run_without_a_token_points_to_the_console(tmp_path: Path) -> None:
    result = limber("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    assert "python -m bot console" in result.stderr
    assert not (tmp_path / "limber.db").exists(), "nothing is created on the way out"


def test_content_check_passes_for_the_shipped_files(tmp_path: Path) -> None:
    result = limber("content", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "0 problem(s)" in result.stdout and "pain rules" in result.stdout


def test_migrate_creates_the_default_database(tmp_path: Path) -> None:
    result = limber("migrate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "limber.db").exists()


def test_content_check_names_a_rule_pointing_at_a_missing_exercise(tmp_path: Path) -> None:
    from bot.content.check import check_content
    from bot.content.pain_model import RULES_PATH

    broken = tmp_path / "pain_rules.yaml"
    text = RULES_PATH.read_text().replace("knee_to_chest", "knee_to_moon", 1)
    broken.write_text(text)
    problems, _summary = check_content(rules_path=broken)
    assert any("knee_to_moon" in problem for problem in problems)
