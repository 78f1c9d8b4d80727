"""Telegram's overall send limit, enforced strictly so tests catch a bot that exceeds it."""

import time
from collections import deque

# Methods that put a message in a chat or change one: what the overall limit counts.
LIMITED_PREFIXES = ("send", "edit", "copy", "forward")


class SendWindow:
    """At most `limit` accepted sends in any rolling `seconds`; the rest get a 429.

    Stricter than Telegram, which tolerates short bursts: a bot that passes here never relies
    on that tolerance.
    """

    def __init__(self, limit: int, seconds: float = 1.0, retry_after: int = 1) -> None:
        if limit < 1 or seconds <= 0:
            raise ValueError("limit and seconds must be positive")
        self.limit = limit
        self.seconds = seconds
        self.retry_after = retry_after
        self.accepted: deque[float] = deque()
        self.rejected = 0
        self.busiest = 0  # the most sends seen in one window

    def admit(self, method: str) -> bool:
        """Count a call; False means it must be refused with 429 (and has no effect)."""
        if not method.lower().startswith(LIMITED_PREFIXES):
            return True
        now = time.monotonic()
        window = self.accepted
        while window and window[0] <= now - self.seconds:
            window.popleft()
        if len(window) >= self.limit:
            self.rejected += 1
            return False
        window.append(now)
        self.busiest = max(self.busiest, len(window))
        return True
