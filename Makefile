# The two commands of the README: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench-dispatch bench-pain clean

# Progress lines instead of a silent minute: each step is announced and pip lists what it
# fetches (pyproject's package-dir keeps setuptools from printing its editable-install box).
PIP := $(PY) -m pip --disable-pip-version-check
$(STAMP): pyproject.toml
	@echo "[1/3] Creating $(VENV) with $(PYTHON)…"
	@$(PYTHON) -m venv $(VENV)
	@echo "[2/3] Updating pip…"
	@$(PIP) install --quiet --upgrade pip
	@echo "[3/3] Installing Limber, its libraries and its tools (about a minute on a fresh clone)…"
	@$(PIP) install --progress-bar off -e '.[dev]'
	@touch $(STAMP)
	@echo "Ready: $(VENV) is set up."

# Polls Telegram when TELEGRAM_BOT_TOKEN is set, otherwise opens the offline console.
run: $(STAMP)
	$(PY) -m bot

# Every test, on SQLite and on PostgreSQL (TEST_POSTGRES_URL, default local server).
test: $(STAMP)
	$(PY) -m pytest -n auto -m "not timing" --cov --cov-report=
	$(PY) -m pytest -m timing --cov --cov-append --cov-report=term

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
