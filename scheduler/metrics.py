"""What the dispatcher reports about deliveries, without knowing who collects it.

The bot plugs a Prometheus implementation in (`bot.metrics.Metrics`); tests and benchmarks use
the silent default.
"""

from typing import Literal, Protocol

Outcome = Literal["sent", "late", "missed", "resent", "failed"]


class DeliveryMetrics(Protocol):
    """Counters and gauges the dispatcher updates as it works."""

    def reminder(self, kind: str, outcome: Outcome) -> None:
        """One reminder of `kind` ended this way ("late" is counted besides "sent")."""

    def dispatch_lag(self, seconds: float) -> None:
        """How long after its due time a reminder left (now − due)."""

    def due_backlog(self, count: int) -> None:
        """Reminders due now and not sent yet."""

    def dispatch_pass(self) -> None:
        """A pass of the dispatcher finished (readiness: the dispatcher is ticking)."""


class NoMetrics:
    """Collects nothing."""

    def reminder(self, kind: str, outcome: Outcome) -> None:
        """Nothing to count."""

    def dispatch_lag(self, seconds: float) -> None:
        """Nothing to observe."""

    def due_backlog(self, count: int) -> None:
        """Nothing to set."""

    def dispatch_pass(self) -> None:
        """Nothing to note."""
