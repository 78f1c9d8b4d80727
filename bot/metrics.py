"""Prometheus metrics of one process: updates, handlers, reminders, dispatch lag, Telegram errors.

Each Application gets its own registry, so several bots in one test process don't collide.
"""

import functools
import time
from collections.abc import Callable, Coroutine
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from telegram.error import TelegramError
from telegram.ext import BaseHandler
from telegram.request import HTTPXRequest

from scheduler.metrics import Outcome

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_LAG_BUCKETS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 1800.0)


class Metrics:
    """The counters; also the dispatcher's `scheduler.metrics.DeliveryMetrics`."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.updates = Counter(
            "limber_updates", "Updates by handler and outcome", ["handler", "outcome"],
            registry=registry,
        )  # fmt: skip
        self.handler_seconds = Histogram(
            "limber_handler_seconds", "Time spent in a handler", ["handler"],
            buckets=_LATENCY_BUCKETS, registry=registry,
        )  # fmt: skip
        self.reminders = Counter(
            "limber_reminders", "Reminders by kind and outcome", ["kind", "outcome"],
            registry=registry,
        )  # fmt: skip
        self.lag = Histogram(
            "limber_dispatch_lag_seconds", "Delay between a reminder's due time and its send",
            buckets=_LAG_BUCKETS, registry=registry,
        )  # fmt: skip
        self.backlog = Gauge(
            "limber_due_backlog", "Reminders due and not yet sent", registry=registry
        )
        self.telegram_errors = Counter(
            "limber_telegram_errors", "Errors from the Bot API by class", ["error"],
            registry=registry,
        )  # fmt: skip
        self.last_pass = Gauge(
            "limber_dispatch_last_pass_timestamp_seconds",
            "When the dispatcher last finished a pass (Unix time)",
            registry=registry,
        )
        self.last_pass_monotonic: float | None = None

    def reminder(self, kind: str, outcome: Outcome) -> None:
        self.reminders.labels(kind=kind, outcome=outcome).inc()

    def dispatch_lag(self, seconds: float) -> None:
        self.lag.observe(max(seconds, 0.0))

    def due_backlog(self, count: int) -> None:
        self.backlog.set(count)

    def dispatch_pass(self) -> None:
        self.last_pass.set_to_current_time()
        self.last_pass_monotonic = time.monotonic()

    def telegram_error(self, error: TelegramError) -> None:
        self.telegram_errors.labels(error=type(error).__name__).inc()

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes."""
        return generate_latest(self.registry)

    def time_handlers(self, handlers: list[BaseHandler[Any, Any, Any]]) -> None:
        """Count and time every handler's callback under its module and function name."""
        for handler in handlers:
            handler.callback = self._timed(handler.callback)

    def _timed(
        self, callback: Callable[..., Coroutine[Any, Any, Any]]
    ) -> Callable[..., Coroutine[Any, Any, Any]]:
        module = callback.__module__.rsplit(".", 1)[-1]
        name = f"{module}.{callback.__name__}"
        seconds = self.handler_seconds.labels(handler=name)
        handled = self.updates.labels(handler=name, outcome="handled")
        failed = self.updates.labels(handler=name, outcome="failed")

        @functools.wraps(callback)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                result = await callback(*args, **kwargs)
            except Exception:
                failed.inc()
                raise
            finally:
                seconds.observe(time.perf_counter() - started)
            handled.inc()
            return result

        return timed


class MeteredRequest(HTTPXRequest):
    """PTB's HTTP transport, counting every error the Bot API answers, by the class PTB raises
    for it (PTB's `post` is final, so the count is taken one level down, from the status)."""

    def __init__(self, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._metrics = metrics

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        try:
            status, payload = await super().do_request(*args, **kwargs)
        except TelegramError as error:  # TimedOut, NetworkError
            self._metrics.telegram_errors.labels(error=type(error).__name__).inc()
            raise
        if status >= 300:
            self._metrics.telegram_errors.labels(
                error=_ERROR_CLASSES.get(status, "NetworkError")
            ).inc()
        return status, payload


# How PTB's `_request_wrapper` names the error for each HTTP status.
_ERROR_CLASSES = {
    400: "BadRequest",
    401: "InvalidToken",
    403: "Forbidden",
    404: "InvalidToken",
    409: "Conflict",
    429: "RetryAfter",
}
