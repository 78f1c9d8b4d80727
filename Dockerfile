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

# Exec form: the bot is PID 1 and gets docker stop's SIGTERM itself (no shell in between to
# swallow it). It stops claiming reminders, finishes the sends in flight, gives back its
# leases and exits within a few seconds, well inside the 10 s before docker's SIGKILL.
# `run` migrates the database first; `docker compose run --rm bot migrate` does only that.
STOPSIGNAL SIGTERM
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
