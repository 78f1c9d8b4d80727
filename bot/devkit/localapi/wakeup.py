"""A wake-up call for waiters (long polls, simulated users) that must not poll in a loop."""

import asyncio


class Wakeup:
    """Any number of tasks wait; one `fire()` wakes them all; firing unobserved costs nothing."""

    __slots__ = ("_future",)

    def __init__(self) -> None:
        self._future: asyncio.Future[None] | None = None

    def fire(self) -> None:
        """Wake every current waiter."""
        future, self._future = self._future, None
        if future is not None and not future.done():
            future.set_result(None)

    async def wait(self, within: float) -> bool:
        """Sleep until the next fire or for `within` seconds; True when woken."""
        if self._future is None:
            self._future = asyncio.get_running_loop().create_future()
        done, _ = await asyncio.wait({self._future}, timeout=max(within, 0.0))
        return bool(done)
