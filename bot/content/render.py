"""Telegram HTML for a routine or a single move.

Only <b> and <i> are used and every text from the content files is escaped, so a stray `<` or
`&` in routines.yaml can never make Telegram reject the message; long routines shed cues (and
then moves) rather than going over Telegram's length limit.
"""

import html
from collections.abc import Iterator
from typing import Final

from bot.content.chooser import Routine
from bot.content.library import Exercise
from bot.content.vocabulary import PainArea

MESSAGE_LIMIT: Final = 4096
_SORE_AREA: Final[dict[PainArea, str]] = {
    "low_back": "lower back",
    "hip_front": "hip (front)",
    "hip_side": "hip (side)",
    "groin": "groin",
    "knee": "knee",
    "neck_shoulders": "neck and shoulders",
    "calf_achilles": "calf or Achilles",
    "other": "sore spot",
}


def render_routine_html(routine: Routine) -> str:
    """The routine as one message: title, why, numbered moves with cues, time and pain note."""
    text = ""
    for shown, cues in _shrinking(len(routine.items)):
        text = _compose(routine, shown, cues)
        if len(text) < MESSAGE_LIMIT:
            break
    return text


def render_move_html(exercise: Exercise) -> str:
    """A single move, as sent with a sitting-break nudge."""
    return (
        f"<b>{_escape(exercise.name)}</b> — {_escape(exercise.dose.text)}\n"
        f"{_escape(exercise.cue)}\n"
        f"<i>About {_minutes(exercise.minutes)} min.</i>"
    )


def _compose(routine: Routine, shown: int, cues: int) -> str:
    """The message with the first `shown` moves, of which the first `cues` keep their cue."""
    blocks = [f"<b>{_escape(routine.title)}</b>\n<i>{_escape(routine.why)}</i>"]
    for number, item in enumerate(routine.items[:shown], start=1):
        line = f"{number}. <b>{_escape(item.exercise.name)}</b> — {_escape(item.dose)}"
        blocks.append(f"{line}\n{_escape(item.exercise.cue)}" if number <= cues else line)
    hidden = len(routine.items) - shown
    if hidden:
        blocks.append(f"…and {hidden} more {'move' if hidden == 1 else 'moves'}.")
    footer = f"About {_minutes(routine.minutes)} min in total."
    if routine.skipped_for_pain:
        footer += f"\n{_pain_note(routine)}"
    blocks.append(footer)
    return "\n\n".join(blocks)


def _shrinking(count: int) -> Iterator[tuple[int, int]]:
    """(moves shown, cues shown) from everything down to titles only, one step at a time."""
    for cues in range(count, -1, -1):
        yield count, cues
    for shown in range(count - 1, -1, -1):
        yield shown, 0


def _pain_note(routine: Routine) -> str:
    names = _escape(", ".join(routine.skipped_for_pain))
    if not routine.sore_areas:
        return f"Left out because of the pain you reported: {names}."
    areas = [_SORE_AREA[area] for area in routine.sore_areas]
    joined = areas[0] if len(areas) == 1 else f"{', '.join(areas[:-1])} and {areas[-1]}"
    return f"Left out because of your sore {_escape(joined)}: {names}."


def _escape(text: str) -> str:
    """Escape for Telegram HTML text; quotes stay as they are (they only matter in attributes)."""
    return html.escape(text, quote=False)


def _minutes(minutes: float) -> str:
    """Minutes to the nearest half, without a trailing .0."""
    return f"{round(minutes * 2) / 2:g}"
