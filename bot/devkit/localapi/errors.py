"""Bot API errors in Telegram's own shape, so clients classify them as they would in production."""

from typing import Any

BLOCKED = "Forbidden: bot was blocked by the user"

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: BLOCKED,
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class ApiError(Exception):
    """An answer `{"ok": false, ...}` with the same HTTP status; raised by method handlers."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON object Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body

    @classmethod
    def of_status(
        cls, status: int, *, retry_after: int | None = None, description: str | None = None
    ) -> "ApiError":
        """The error Telegram would answer with for `status`; `description` overrides the text."""
        if status == 429:
            seconds = 1 if retry_after is None else retry_after
            text = description or f"Too Many Requests: retry after {seconds}"
            return cls(429, text, {"retry_after": seconds})
        return cls(status, description or _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}"))


def bad_request(reason: str) -> ApiError:
    """A 400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {reason}")
