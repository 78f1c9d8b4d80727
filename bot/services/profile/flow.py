"""Walking the fields: onboarding's order, validating an answer, the profile as a draft and back.

Onboarding keeps answers in a draft stored with the user, so a restart mid-way loses nothing;
/settings runs a single step on a draft made from the saved profile. A button press and a typed
answer go through the same parser, so both are validated the same way. Nothing here knows a
field by name: everything is derived from the descriptors in `steps`.
"""

from datetime import datetime

from bot.parsing.answers import MAX_ANSWER_LENGTH
from bot.services.profile.fields import Draft, Invalid, Step
from bot.services.profile.steps import ALL_STEPS, STEP_BY_KEY, STEPS
from bot.texts import profile as t
from db.models import User


def next_onboarding_step(draft: Draft, after: str | None) -> Step | None:
    """The next question to ask in onboarding, or None when every applicable one is answered."""
    keys = [step.key for step in STEPS]
    start = keys.index(after) + 1 if after else 0
    for step in STEPS[start:]:
        if step.applies(draft):
            return step
    return None


def onboarding_position(draft: Draft, key: str) -> tuple[int, int]:
    """(number of this question, total questions) for a "2/6" progress hint."""
    applicable = [step.key for step in STEPS if step.applies(draft)]
    return (applicable.index(key) + 1 if key in applicable else 1), len(applicable)


def answer(step: Step, text: str, draft: Draft) -> Draft | Invalid:
    """Validate an answer; returns the new draft (a copy) or why it was refused."""
    if len(text) > MAX_ANSWER_LENGTH:
        return Invalid(t.answer_too_long())
    parsed = step.parse(text, draft)
    if isinstance(parsed, Invalid):
        return parsed
    return {**draft, **parsed}


def draft_from_user(user: User) -> Draft:
    """The saved profile as a draft, for /settings edits and the summary."""
    draft: Draft = {}
    for step in ALL_STEPS:
        draft.update(step.load(user))
    return draft


def apply_draft(user: User, draft: Draft) -> None:
    """Write a validated draft into the profile; fields the draft lacks keep their value."""
    for step in ALL_STEPS:
        step.store(user, draft)


def describe_saved(user: User, key: str) -> str:
    """A saved field in words (plain text), as its ✓ line reads."""
    return STEP_BY_KEY[key].describe(draft_from_user(user))


def profile_summary(user: User, now: datetime) -> str:
    """What we know about the user, a line per field that applies and has one (HTML)."""
    draft = draft_from_user(user)
    lines = [
        line
        for step in ALL_STEPS
        if step.applies(draft) and (line := step.summary(draft, now)) is not None
    ]
    return t.profile_summary(lines, user.reminders_on)
