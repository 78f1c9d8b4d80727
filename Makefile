# The two commands of the README: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench-dispatch bench-pain clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@echo "Setting up $(VENV): installing Limber and its tools (about a minute on a fresh clone)…"
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@echo "Ready."
	touch $(STAMP)

# Polls Telegram when TELEGRAM_BOT_TOKEN is set, otherwise opens the offline console.
run: $(STAMP)
	$(PY) -m bot

# Every test, on SQLite and on PostgreSQL (TEST_POSTGRES_URL, default local server).
test: $(STAMP)
	$(PY) -m pytest -n auto --cov --cov-report=term

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
