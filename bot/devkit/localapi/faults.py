"""Injected failures and slow answers, to test how the bot copes with a misbehaving Telegram."""

from dataclasses import dataclass

from bot.devkit.localapi.errors import ApiError


@dataclass(slots=True)
class _Failure:
    status: int
    remaining: int
    retry_after: int | None
    description: str | None
    chat_id: int | None


@dataclass(slots=True)
class _Delay:
    seconds: float
    remaining: int
    after: bool  # carried out first, answered late (a "slow" answer), or held before


class Faults:
    """Rules consumed by the next matching calls; a failed call has no side effect."""

    def __init__(self) -> None:
        self._failures: dict[str, list[_Failure]] = {}
        self._delays: dict[str, list[_Delay]] = {}
        self.injected = 0

    @property
    def armed(self) -> bool:
        """Whether any rule is waiting; lets the server skip all checks otherwise."""
        return bool(self._failures or self._delays)

    def fail(
        self,
        method: str,
        *,
        status: int = 500,
        count: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
        chat_id: int | None = None,
    ) -> None:
        """The next `count` calls of `method` (to `chat_id` only, if given) get this error.

        Descriptions default to Telegram's: 500 "Internal Server Error", 502 "Bad Gateway",
        429 "Too Many Requests: retry after N" with parameters.retry_after (N defaults to 1),
        403 "Forbidden: bot was blocked by the user"; `description` replaces them verbatim.
        """
        if count < 1:
            raise ValueError("count must be at least 1")
        rule = _Failure(status, count, retry_after, description, chat_id)
        self._failures.setdefault(method.lower(), []).append(rule)

    def delay(self, method: str, seconds: float, *, count: int = 1) -> None:
        """The next `count` calls of `method` are answered `seconds` late (and then carried out)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        self._delays.setdefault(method.lower(), []).append(_Delay(seconds, count, after=False))

    def slow(self, method: str, seconds: float, *, count: int = 1) -> None:
        """The next `count` calls of `method` are carried out at once and answered `seconds`
        later: held past the client's read timeout, the client gives up on a call that did
        happen (Telegram delivered the message; the bot only never heard back)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        self._delays.setdefault(method.lower(), []).append(_Delay(seconds, count, after=True))

    def clear(self) -> None:
        """Drop every rule that has not been used up."""
        self._failures.clear()
        self._delays.clear()

    def take_delay(self, method: str) -> float:
        """Seconds to hold this call of `method` (lower-case name) before carrying it out."""
        return self._take(method, after=False)

    def take_slow(self, method: str) -> float:
        """Seconds to hold the answer of this call of `method` after carrying it out."""
        return self._take(method, after=True)

    def _take(self, method: str, *, after: bool) -> float:
        """Use up one delay of this kind (the first one waiting for `method`)."""
        delays = self._delays.get(method)
        if not delays or delays[0].after != after:
            return 0.0
        delay = delays[0]
        delay.remaining -= 1
        if delay.remaining == 0:
            delays.pop(0)
            if not delays:
                del self._delays[method]
        return delay.seconds

    def take_failure(self, method: str, chat_id: int | None) -> ApiError | None:
        """The error for this call of `method` (lower-case name), if a rule matches."""
        failures = self._failures.get(method)
        if not failures:
            return None
        for index, rule in enumerate(failures):
            if rule.chat_id is None or rule.chat_id == chat_id:
                rule.remaining -= 1
                if rule.remaining == 0:
                    failures.pop(index)
                    if not failures:
                        del self._failures[method]
                self.injected += 1
                return ApiError.of_status(
                    rule.status, retry_after=rule.retry_after, description=rule.description
                )
        return None
