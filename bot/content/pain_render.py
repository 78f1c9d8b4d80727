"""The /pain answers as Telegram HTML: escaped, short, and always under the message limit."""

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Final, Protocol

if TYPE_CHECKING:
    from bot.content.pain_model import PainRule

MAX_MESSAGE_CHARS: Final = 4096
# Exercise texts come from another file; they are clipped (escaped length) so the limit holds.
NAME_MAX: Final = 60
CUE_MAX: Final = 320
QUERY_MAX: Final = 80

DISCLAIMER: Final = "General information, not a diagnosis. Stop anything that makes the pain worse."

_URGENT_FIRST_LINE: Final = {
    "emergency": "Please get urgent care now: call {number} or go to an emergency department.",
    "urgent": (
        "Please get seen by a doctor today: urgent care or a same-day appointment. "
        "If it gets worse quickly, call {number}."
    ),
}


class Exercise(Protocol):
    """What an answer needs from the exercise library."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def cue(self) -> str: ...


def _clip(text: str, limit: int) -> str:
    """Escaped text at most `limit` characters long, cut between entities, with … if cut."""
    text = " ".join(text.split())
    escaped = _e(text)
    if len(escaped) <= limit:
        return escaped
    pieces: list[str] = []
    size = 0
    for char in text:
        piece = _e(char)
        if size + len(piece) > limit - 1:
            break
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces).rstrip() + "…"


def _e(text: str) -> str:
    return escape(text, quote=False)


def render_answer_html(
    rule: "PainRule", lookup: Callable[[str], Exercise], *, has_alternatives: bool
) -> str:
    """A topic answer: what is going on, what to do, moves with cues, when to get help."""
    lines = [f"<b>{_e(rule.title)}</b>", _e(rule.what), "", "<b>What to do now</b>"]
    lines += [f"• {_e(point)}" for point in rule.do_now]
    if rule.exercises:
        lines += ["", "<b>Moves that usually help</b>"]
        for exercise_id in rule.exercises:
            exercise = lookup(exercise_id)
            name, cue = _clip(exercise.name, NAME_MAX), _clip(exercise.cue, CUE_MAX)
            lines.append(f"• <b>{name}</b>: {cue}")
    lines += ["", "<b>When to see a professional</b>", _e(rule.see_pro)]
    if has_alternatives:
        lines += ["", "Not quite it? Pick one of the other topics below."]
    lines += ["", f"<i>{_e(DISCLAIMER)}</i>"]
    return "\n".join(lines)


def render_red_flag_html(rule: "PainRule", emergency: str) -> str:
    """A warning sign: the urgent-care line first, then why, and no exercises at all."""
    first = _URGENT_FIRST_LINE.get(rule.urgency, _URGENT_FIRST_LINE["emergency"])
    lines = [f"🚨 <b>{_e(first.format(number=emergency))}</b>", "", f"<b>{_e(rule.title)}</b>"]
    lines += [_e(rule.what), ""]
    lines += [f"• {_e(point)}" for point in rule.do_now]
    lines += ["", _e(rule.see_pro), "", f"<i>{_e(DISCLAIMER)}</i>"]
    return "\n".join(lines)


def render_no_match_html(query_shown: str) -> str:
    """An honest "I don't know this one": no guessed topic, the area buttons, a professional."""
    shown = _clip(query_shown, QUERY_MAX)
    opening = (
        f"I couldn't match “{shown}” to a topic I know well, and I'd rather not guess."
        if shown
        else "I couldn't match that to a topic I know well, and I'd rather not guess."
    )
    return "\n".join(
        [
            opening,
            "Tap the area that hurts below, or describe it in other words: where it hurts and "
            "what brought it on.",
            "If it's bad, getting worse or not easing within a couple of weeks, a GP or "
            "physiotherapist can take a proper look.",
            "",
            f"<i>{_e(DISCLAIMER)}</i>",
        ]
    )
