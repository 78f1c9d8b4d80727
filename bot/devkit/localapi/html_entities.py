"""Telegram's HTML parse mode: plain text plus message entities (UTF-16 offsets), or the error.

The rules and error texts follow tdlib's parser, which the Bot API server uses: supported tags,
quoted and bare attribute values, `</>` closing the innermost tag, byte offsets in messages, and
the trim of leading and trailing whitespace afterwards. One deliberate difference: Telegram keeps
an `&` that starts no known entity as a literal, while this parser rejects it, so text that was not
escaped fails in tests before it can misrender in production.
"""

import re
from dataclasses import dataclass
from typing import Any

Entity = dict[str, Any]

_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "blockquote",
        "tg-emoji",
    }
)
_PLAIN_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\n\r\v\f"
_SPECIAL = re.compile(r"[<&]")
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]+)|#[xX]([0-9a-fA-F]+));")
_NAME_END = re.compile(r"[ \t\n\r\v\f>]")
_ATTRIBUTE_END = re.compile(r"[ \t\n\r\v\f=>]")
_TOKEN_END = re.compile(r"[^A-Za-z0-9.\-]")
_SURROGATES = (
    "Text contains invalid Unicode characters after decoding HTML entities, "
    "check for unmatched surrogate code units"
)


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message is Telegram's reason."""


@dataclass(frozen=True, slots=True)
class FormattedText:
    """Text as a Telegram client shows it, with its entities in Bot API form."""

    text: str
    entities: list[Entity]


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's offsets and limits."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def parse_html(source: str) -> FormattedText:
    """Parse `source` in parse_mode HTML; raises EntityParseError as Telegram would refuse it."""
    return _Parser(source).run()


def plain(text: str, entities: list[Entity] | None = None) -> FormattedText:
    """A text sent without parse_mode, with the entities the caller gave explicitly."""
    return trim(text, list(entities or []))


def trim(text: str, entities: list[Entity]) -> FormattedText:
    """Drop leading and trailing whitespace as Telegram does, moving entities along."""
    stripped = text.strip(_SPACES)
    if len(stripped) == len(text):
        return FormattedText(text, _ordered(entities))
    left = len(text) - len(text.lstrip(_SPACES))
    total = utf16_len(stripped)
    fixed = []
    for entity in entities:
        start = max(entity["offset"] - left, 0)
        end = min(entity["offset"] + entity["length"] - left, total)
        if end > start:
            fixed.append({**entity, "offset": start, "length": end - start})
    return FormattedText(stripped, _ordered(fixed))


def _ordered(entities: list[Entity]) -> list[Entity]:
    """By offset, longer first; of equal spans the outer tag, which closed later, first."""
    ranked = sorted(
        enumerate(entities), key=lambda pair: (pair[1]["offset"], -pair[1]["length"], -pair[0])
    )
    return [entity for _, entity in ranked]


def _decode_value(value: str) -> str:
    """Attribute values: known entities decoded, anything else kept, as Telegram does."""
    if "&" not in value:
        return value
    return _ENTITY.sub(lambda match: _entity_text(match) or match.group(0), value)


def _entity_text(match: re.Match[str]) -> str | None:
    name, decimal, hexadecimal = match.groups()
    if name:
        return _NAMED[name]
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if 0xD800 <= code <= 0xDFFF:
        raise EntityParseError(_SURROGATES)
    if code == 0 or code > 0x10FFFF:
        return None
    return chr(code)


@dataclass(slots=True)
class _OpenTag:
    name: str
    start: int
    argument: str


class _Parser:
    """One pass over the source; `pos` is the UTF-16 length of the text produced so far."""

    __slots__ = ("entities", "language_code", "out", "pos", "source", "stack")

    def __init__(self, source: str) -> None:
        self.source = source
        self.out: list[str] = []
        self.pos = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[Entity] = []
        self.language_code: tuple[Entity, str] | None = None

    def run(self) -> FormattedText:
        source = self.source
        index = 0
        while (match := _SPECIAL.search(source, index)) is not None:
            at = match.start()
            if at > index:
                self._emit(source[index:at])
            if source[at] == "&":
                index = self._entity(at)
            elif source.startswith("</", at):
                index = self._close_tag(at)
            else:
                index = self._open_tag(at)
        self._emit(source[index:])
        if self.stack:
            name = self.stack[-1].name
            raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
        return trim("".join(self.out), self.entities)

    def _emit(self, chunk: str) -> None:
        if chunk:
            self.out.append(chunk)
            self.pos += utf16_len(chunk)

    def _offset(self, index: int) -> int:
        return len(self.source[:index].encode("utf-8", "surrogatepass"))

    def _error(self, reason: str, index: int) -> EntityParseError:
        return EntityParseError(f"{reason} at byte offset {self._offset(index)}")

    def _entity(self, at: int) -> int:
        match = _ENTITY.match(self.source, at)
        decoded = _entity_text(match) if match else None
        if match is None or decoded is None:
            raise self._error('Unescaped "&" (write it as "&amp;")', at)
        self._emit(decoded)
        return match.end()

    def _open_tag(self, at: int) -> int:
        source, size = self.source, len(self.source)
        end = _NAME_END.search(source, at + 1)
        if end is None:
            raise self._error("Unclosed start tag", at)
        name = source[at + 1 : end.start()].lower()
        if name not in _TAGS:
            raise self._error(f'Unsupported start tag "{name}"', at)
        attributes: dict[str, str] = {}
        index = end.start()
        unclosed = f'Unclosed start tag "{name}"'
        while source[index] != ">":
            index = self._skip_spaces(index)
            if index >= size:
                raise self._error(unclosed, at)
            if source[index] == ">":
                break
            attribute_end = _ATTRIBUTE_END.search(source, index)
            if attribute_end is None:
                raise self._error(unclosed, at)
            attribute = source[index : attribute_end.start()].lower()
            if not attribute:
                raise self._error(f'Empty attribute name in the tag "{name}"', at)
            index = self._skip_spaces(attribute_end.start())
            if index >= size:
                raise self._error(unclosed, at)
            if source[index] != "=":
                if name == "blockquote" and attribute == "expandable":
                    attributes[attribute] = ""
                    continue
                raise self._error(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}"', at
                )
            index = self._skip_spaces(index + 1)
            if index >= size:
                raise self._error(unclosed, at)
            attributes[attribute], index = self._attribute_value(index)
            if index >= size:
                raise self._error("Unclosed start tag", at)
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise self._error('Tag "span" must have class "tg-spoiler"', at)
        self.stack.append(_OpenTag(name, self.pos, _argument(name, attributes)))
        return index + 1

    def _attribute_value(self, index: int) -> tuple[str, int]:
        source = self.source
        quote = source[index]
        if quote in "\"'":
            close = source.find(quote, index + 1)
            if close < 0:
                return "", len(source)
            return _decode_value(source[index + 1 : close]), close + 1
        stop = _TOKEN_END.search(source, index)
        token_end = stop.start() if stop else len(source)
        if token_end < len(source) and source[token_end] not in _SPACES + ">":
            raise self._error("Unexpected end of name token", index)
        return source[index:token_end].lower(), token_end

    def _skip_spaces(self, index: int) -> int:
        source, size = self.source, len(self.source)
        while index < size and source[index] in _SPACES:
            index += 1
        return index

    def _close_tag(self, at: int) -> int:
        if not self.stack:
            raise self._error("Unexpected end tag", at)
        source = self.source
        end = _NAME_END.search(source, at + 2)
        if end is None:
            raise self._error("Unclosed end tag", at)
        name = source[at + 2 : end.start()].lower()
        index = self._skip_spaces(end.start())
        if index >= len(source) or source[index] != ">":
            raise self._error("Unclosed end tag", at)
        tag = self.stack[-1]
        if name and name != tag.name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self._offset(at)}, "
                f'expected "</{tag.name}>", found "</{name}>"'
            )
        self.stack.pop()
        self._add_entity(tag)
        return index + 1

    def _add_entity(self, tag: _OpenTag) -> None:
        length = self.pos - tag.start
        if length == 0:
            return
        entity: Entity = {"type": "", "offset": tag.start, "length": length}
        name, argument = tag.name, tag.argument
        if name in _PLAIN_TYPES:
            entity["type"] = _PLAIN_TYPES[name]
        elif name == "a":
            if not argument:
                return
            entity.update(type="text_link", url=argument)
        elif name == "tg-emoji":
            if not argument:
                return
            entity.update(type="custom_emoji", custom_emoji_id=argument)
        elif name == "blockquote":
            entity["type"] = "expandable_blockquote" if argument else "blockquote"
        elif name == "pre":
            entity["type"] = "pre"
            language = self._language_of_last(tag.start, length)
            if language:
                self.entities.pop()
                entity["language"] = language
        else:
            entity["type"] = "code"
            if argument and self._is_last(tag.start, length, "pre"):
                self.entities[-1]["language"] = argument
                return
            if argument:
                self.language_code = (entity, argument)
        self.entities.append(entity)

    def _is_last(self, start: int, length: int, kind: str) -> bool:
        if not self.entities:
            return False
        last = self.entities[-1]
        return (last["type"], last["offset"], last["length"]) == (kind, start, length)

    def _language_of_last(self, start: int, length: int) -> str:
        """A `<code class="language-x">` exactly inside `<pre>` makes one pre entity with x."""
        if self.language_code is None or not self._is_last(start, length, "code"):
            return ""
        code, language = self.language_code
        return language if code is self.entities[-1] else ""


def _argument(name: str, attributes: dict[str, str]) -> str:
    if name == "a":
        return attributes.get("href", "")
    if name == "code":
        css = attributes.get("class", "")
        return css.removeprefix("language-") if css.startswith("language-") else ""
    if name == "tg-emoji":
        return attributes.get("emoji-id", "")
    if name == "blockquote":
        return "expandable" if "expandable" in attributes else ""
    return ""
