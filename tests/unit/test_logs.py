"""Log lines are structured (key=value or JSON), carry the bound context, and never a secret."""

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from bot.logs import bind, log_event, setup_logging

TOKEN = "123456:THE-TOKEN"


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers, root.level = handlers, level
    structlog.contextvars.clear_contextvars()


def test_json_lines_carry_context_and_hide_the_token(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("INFO", "json", [TOKEN])
    bind(update_id=7, user_id=3)
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    log_event(logging.getLogger("bot.test"), "reply_failed", logging.WARNING,
              error="NetworkError", url=url)  # fmt: skip
    line = json.loads(capsys.readouterr().err.strip())
    assert line["event"] == "reply_failed"
    assert line["level"] == "warning"
    assert (line["update_id"], line["user_id"], line["error"]) == (7, 3, "NetworkError")
    assert TOKEN not in json.dumps(line)
    assert line["url"] == "https://api.telegram.org/bot[redacted]/sendMessage"


def test_console_lines_are_key_value_with_tracebacks_redacted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    setup_logging("INFO", "console", [TOKEN])
    try:
        raise RuntimeError(f"boom at {TOKEN}")
    except RuntimeError as error:
        log_event(logging.getLogger("bot.test"), "handler_failed", logging.ERROR,
                  exc_info=error, error="RuntimeError")  # fmt: skip
    logging.getLogger("telegram.ext").info("a library line")
    out = capsys.readouterr().err
    assert "level=error logger=bot.test event=handler_failed" in out
    assert "error=RuntimeError" in out and "boom at [redacted]" in out
    assert 'event="a library line"' in out
    assert TOKEN not in out
