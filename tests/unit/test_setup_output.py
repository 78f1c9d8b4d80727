"""`make run` on a fresh clone says what it does, not a silent minute and a warning box."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setup_recipe() -> list[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("$(STAMP): pyproject.toml\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in recipe.splitlines()]


def test_every_setup_step_is_announced() -> None:
    steps = [line for line in _setup_recipe() if re.match(r'@echo "\[\d/\d\]', line)]
    assert len(steps) == 3


def test_the_long_install_shows_progress() -> None:
    [install] = [line for line in _setup_recipe() if "-e '.[dev]'" in line]
    assert "--quiet" not in install and "-q " not in install


def test_editable_install_needs_no_meta_path_finder() -> None:
    """With package-dir set, setuptools uses a plain .pth file and prints no warning box."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["setuptools"]["package-dir"] == {"": "."}
