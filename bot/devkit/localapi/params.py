"""One view of a Bot API call's parameters, however the client sent them.

Telegram takes parameters as a query string, `application/json`, `x-www-form-urlencoded` or
`multipart/form-data`. In the last two every value is a string: objects arrive as JSON text and
numbers and booleans in their JSON spelling. The accessors accept both spellings.
"""

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.devkit.localapi.errors import bad_request

_FORMS = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
_TRUE = frozenset({"true", "True", "1"})


@dataclass(frozen=True, slots=True)
class Upload:
    """A file that came in a multipart part."""

    file_name: str
    mime_type: str
    content: bytes


class Params:
    """Typed access to the decoded parameters of one call."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def raw(self, name: str) -> Any:
        """The value as decoded, or None when absent."""
        return self._data.get(name)

    def string(self, name: str) -> str | None:
        """A string parameter; JSON numbers are turned into their text like Telegram does."""
        value = self._data.get(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, Upload):
            return None
        return json.dumps(value) if isinstance(value, dict | list | bool) else str(value)

    def integer(self, name: str) -> int | None:
        """An integer parameter, None when absent or not a whole number."""
        value = self._data.get(name)
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError:
                return None
        return None

    def number(self, name: str) -> float | None:
        """A float parameter, None when absent or not a number."""
        value = self._data.get(name)
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return None
        return None

    def flag(self, name: str) -> bool:
        """A boolean parameter; absent means False."""
        value = self._data.get(name)
        return value is True or value == 1 or (isinstance(value, str) and value in _TRUE)

    def json(self, name: str, what: str | None = None) -> Any:
        """An object parameter, parsed from JSON text when it came as a string."""
        value = self._data.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {what or name} JSON object") from None

    def file(self, name: str) -> Upload | str | None:
        """An InputFile: an uploaded part (directly or via `attach://`), or a file_id/URL."""
        value = self._data.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = self._data.get(value.removeprefix("attach://"))
        if isinstance(value, Upload) or value is None:
            return value
        return str(value)


async def read_params(request: web.Request) -> Params:
    """Decode the query string and the body into one Params."""
    data: dict[str, Any] = dict(request.query) if request.query_string else {}
    if not request.body_exists:
        return Params(data)
    content_type = request.content_type
    if content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON object")
        data.update(body)
    elif content_type in _FORMS:
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                data[key] = Upload(value.filename, value.content_type, value.file.read())
            else:
                data[key] = value
    return Params(data)
