"""Structured logs, one event per line: key=value in a console, JSON with LOG_FORMAT=json.

`log_event` is how our code logs; everything else (PTB, SQLAlchemy, aiohttp) goes through the
same structlog formatter. Context bound with `bind` (the update id, the user's internal id, the
dispatch pass) is added to every line of the task that bound it. The bot token and the webhook
secret are blanked out of every line, tracebacks included; message texts are never logged.
"""

import logging
from collections.abc import Iterable
from typing import Any

import structlog
from structlog.types import EventDict, Processor, WrappedLogger

_FIELDS = "limber_fields"  # the LogRecord attribute carrying log_event's structured fields
_REDACTED = "[redacted]"


class _Redact:
    """Replaces each secret in every string value of the event."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self.secrets = [secret for secret in secrets if secret]

    def __call__(self, _logger: WrappedLogger, _name: str, event: EventDict) -> EventDict:
        if not self.secrets:
            return event
        for key, value in event.items():
            if isinstance(value, str):
                for secret in self.secrets:
                    value = value.replace(secret, _REDACTED)
                event[key] = value
        return event


def _our_fields(_logger: WrappedLogger, _name: str, event: EventDict) -> EventDict:
    """A record from log_event: its event name and fields instead of the formatted message."""
    fields = getattr(event.get("_record"), _FIELDS, None)
    if fields is not None:
        event.update(fields)
    return event


def setup_logging(level: str, log_format: str = "console", secrets: Iterable[str] = ()) -> None:
    """Route every logger through structlog's formatter at `level`."""
    before: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _our_fields,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        else structlog.processors.LogfmtRenderer(
            key_order=["timestamp", "level", "logger", "event"], drop_missing=True
        )
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=before,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            _Redact(secrets),
            renderer,
        ],
    )
    handler = logging.StreamHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and with it the bot token; PTB's debug lines show whole
    # updates, message texts included.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("telegram").setLevel(max(logging.INFO, root.level))
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def bind(**context: Any) -> None:
    """Add these keys to every following line of the current task (and tasks it starts)."""
    structlog.contextvars.bind_contextvars(**context)


def log_event(
    logger: logging.Logger,
    event: str,
    level: int = logging.INFO,
    *,
    exc_info: BaseException | None = None,
    **fields: Any,
) -> None:
    """Log `event` with its fields (and a traceback when given one).

    The plain message reads `event=<event> key=value …`, so a bare logging handler shows it
    as well; the formatter renders the fields themselves, as key=value or JSON.
    """
    if not logger.isEnabledFor(level):  # a filtered line costs no formatting
        return
    parts = " ".join(f"{key}={value}" for key, value in sorted(fields.items()))
    logger.log(
        level,
        "event=%s %s",
        event,
        parts,
        exc_info=exc_info,
        extra={_FIELDS: {"event": event, **fields}},
    )
