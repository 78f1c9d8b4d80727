"""Telegram HTML parsing: text, UTF-16 entity offsets, and Telegram's error texts."""

from typing import Any

import pytest

from bot.devkit.localapi.html_entities import EntityParseError, parse_html, plain, utf16_len


def _entity(kind: str, offset: int, length: int, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "offset": offset, "length": length, **extra}


@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        ("plain words", "plain words", []),
        ("<b>Stand</b> up", "Stand up", [_entity("bold", 0, 5)]),
        (
            "<strong>a</strong><em>b</em><ins>c</ins>",
            "abc",
            [
                _entity("bold", 0, 1),
                _entity("italic", 1, 1),
                _entity("underline", 2, 1),
            ],
        ),
        (
            "<s>a</s><strike>b</strike><del>c</del>",
            "abc",
            [
                _entity("strikethrough", 0, 1),
                _entity("strikethrough", 1, 1),
                _entity("strikethrough", 2, 1),
            ],
        ),
        ("🏟 <i>a<b>🏟</b></i>", "🏟 a🏟", [_entity("italic", 3, 3), _entity("bold", 4, 2)]),
        ("&lt;&gt;&amp;&quot;&#39;&#x1F3DF;", "<>&\"'🏟", []),
        (
            '<a href="https://e.org/?a=1&amp;b=2">link</a>',
            "link",
            [
                _entity("text_link", 0, 4, url="https://e.org/?a=1&b=2"),
            ],
        ),
        ("<a href='https://e.org'>x</a>", "x", [_entity("text_link", 0, 1, url="https://e.org")]),
        ("<code>x = 1</code>", "x = 1", [_entity("code", 0, 5)]),
        (
            '<pre><code class="language-python">pass</code></pre>',
            "pass",
            [
                _entity("pre", 0, 4, language="python"),
            ],
        ),
        ("<pre><code>pass</code></pre>", "pass", [_entity("pre", 0, 4), _entity("code", 0, 4)]),
        (
            '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>',
            "st",
            [
                _entity("spoiler", 0, 1),
                _entity("spoiler", 1, 1),
            ],
        ),
        ("<blockquote>q</blockquote>", "q", [_entity("blockquote", 0, 1)]),
        ("<blockquote expandable>q</blockquote>", "q", [_entity("expandable_blockquote", 0, 1)]),
        (
            '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
            "👍",
            [
                _entity("custom_emoji", 0, 2, custom_emoji_id="5368324170671202286"),
            ],
        ),
        ("<B>x</B>", "x", [_entity("bold", 0, 1)]),
        ("<i>a</>", "a", [_entity("italic", 0, 1)]),
        ("<i    aba  =  190azAz-.   >a</i   >", "a", [_entity("italic", 0, 1)]),
        ("<b></b>x", "x", []),
        ("\n  <b> hi</b>  \n", "hi", [_entity("bold", 0, 2)]),
        ("a\n\nb", "a\n\nb", []),
    ],
)
def test_valid_html_gives_text_and_entities(
    source: str, text: str, entities: list[dict[str, Any]]
) -> None:
    parsed = parse_html(source)
    assert parsed.text == text
    assert parsed.entities == entities


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("🏟 🏟&lt;<abac>", 'Unsupported start tag "abac" at byte offset 13'),
        ("x <b", "Unclosed start tag at byte offset 2"),
        ("<a href", 'Unclosed start tag "a" at byte offset 0'),
        ('<a href="x"', "Unclosed start tag at byte offset 0"),
        ('<a ="x">y</a>', 'Empty attribute name in the tag "a" at byte offset 0'),
        (
            "<i aba>",
            'Expected equal sign in declaration of an attribute of the tag "i" at byte offset 0',
        ),
        ("<a href=x/>y</a>", "Unexpected end of name token at byte offset 8"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        (
            "🏟 🏟&lt;<i>a</em   >",
            'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"',
        ),
        ("<b><i>x</i>", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("salt & pepper", 'Unescaped "&" (write it as "&amp;") at byte offset 5'),
        ("&laquo;", 'Unescaped "&" (write it as "&amp;") at byte offset 0'),
        ("&lt", 'Unescaped "&" (write it as "&amp;") at byte offset 0'),
        (
            "&#57311;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
    ],
)
def test_invalid_html_is_refused_with_telegrams_reason(source: str, error: str) -> None:
    with pytest.raises(EntityParseError) as raised:
        parse_html(source)
    assert str(raised.value) == error


def test_utf16_length_counts_astral_characters_twice() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("é") == 1
    assert utf16_len("🏟🏟") == 4


def test_plain_text_keeps_markup_characters_and_given_entities() -> None:
    parsed = plain("  <b>x</b> ", [{"type": "bold", "offset": 2, "length": 8}])
    assert parsed.text == "<b>x</b>"
    assert parsed.entities == [{"type": "bold", "offset": 0, "length": 8}]
