"""One line per event, `event=name key=value …`; never tokens or message texts."""

import logging
from typing import Any


def setup_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    # httpx logs every request URL, and with it the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def log_event(
    logger: logging.Logger,
    event: str,
    level: int = logging.INFO,
    *,
    exc_info: BaseException | None = None,
    **fields: Any,
) -> None:
    """Log `event=<event>` with sorted key=value pairs (and a traceback when given one)."""
    parts = " ".join(f"{key}={value}" for key, value in sorted(fields.items()))
    logger.log(level, "event=%s %s", event, parts, exc_info=exc_info)
