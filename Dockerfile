FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY scheduler ./scheduler
COPY db ./db
RUN pip install .

RUN useradd --create-home limber
USER limber

# Waits for the database, migrates, then polls (or serves the configured Bot API URL).
CMD ["sh", "-c", "python -m bot migrate && python -m bot run"]
