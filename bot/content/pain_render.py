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

ASK_INTRO: Final = "Before I answer, one quick question, because it changes what I'd suggest:"
INFO_LEAD: Final = "If that happens:"


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
    rule: "PainRule",
    lookup: Callable[[str], Exercise],
    *,
    has_alternatives: bool,
    headline: str,
    moves: bool = True,
) -> str:
    """A topic answer: the level's line, what is going on, what to do, moves with cues (for
    self-care only: not when `moves` is False, as for a topic lifted to "soon"), when to get
    help."""
    lines = [f"<b>{_e(rule.title)}</b>", f"<i>{_e(headline)}</i>", "", _e(rule.what)]
    lines += ["", "<b>What to do now</b>"]
    lines += [f"• {_e(point)}" for point in rule.do_now]
    if moves and rule.exercises and rule.level == "self_care":
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


def render_red_flag_html(rule: "PainRule", headline: str, emergency: str) -> str:
    """A warning sign: the level's line with the local number first, then why, no moves."""
    first = headline.format(number=emergency)
    lines = [f"🚨 <b>{_e(first)}</b>", "", f"<b>{_e(rule.title)}</b>"]
    lines += [_e(rule.what), ""]
    lines += [f"• {_e(point)}" for point in rule.do_now]
    lines += ["", _e(rule.see_pro), "", f"<i>{_e(DISCLAIMER)}</i>"]
    return "\n".join(lines)


def render_info_html(rule: "PainRule", if_it_happens: str, emergency: str) -> str:
    """A "what if" about a warning sign: what it can mean and when to get help, no alarm."""
    lines = [f"<b>{_e(rule.title)}: when to get help</b>", _e(rule.what), ""]
    lines += [f"<b>{_e(INFO_LEAD)}</b> {_e(if_it_happens.format(number=emergency))}"]
    lines += ["", _e(rule.see_pro), "", f"<i>{_e(DISCLAIMER)}</i>"]
    return "\n".join(lines)


def render_ask_html(question: str) -> str:
    """The one yes/no follow-up for a warning sign mentioned with doubt."""
    return "\n".join([_e(ASK_INTRO), "", f"<b>{_e(question)}</b>", "", f"<i>{_e(DISCLAIMER)}</i>"])


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
