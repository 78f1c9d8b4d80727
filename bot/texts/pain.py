"""The /pain conversation and the notes about sparing a sore area."""

from html import escape

SAFETY_CHECK = "Safety check"  # the title of an answered safety question
WHERE = "Where"  # the title of an answered area question
YES, NO = "Yes", "No"  # the answers to a safety question
PAIN_AREA_LABELS = {
    "low_back": "Low back", "hip_front": "Front of hip", "hip_side": "Hip side / buttock",
    "groin": "Groin", "knee": "Knee", "neck_shoulders": "Neck & shoulders",
    "calf_achilles": "Calf / Achilles", "other": "Somewhere else",
}  # fmt: skip


PAIN_AREA_NAMES = {
    "low_back": "low back", "hip_front": "front of the hip", "hip_side": "hip side",
    "groin": "groin", "knee": "knee", "neck_shoulders": "neck and shoulders",
    "calf_achilles": "calf and Achilles", "other": "sore spot",
}  # fmt: skip


def pain_area_question() -> str:
    return (
        "<b>Where does it hurt?</b> Tap an area, or describe it in your own words"
        " (e.g. <i>front of my hip is tight after long rides</i>)."
    )


def pain_safety_question(question: str, number: int, total: int) -> str:
    return f"<i>Safety check {number} of {total}</i>\n<b>{escape(question)}</b>"


def pain_describe_prompt() -> str:
    return (
        "Tell me in a few words what hurts and when, e.g. <i>sharp pain on the outside of my"
        " knee when running</i>."
    )


def pain_yes_no() -> str:
    return "Please answer <b>yes</b> or <b>no</b> (or tap a button)."


def pain_sparing(area: str) -> str:
    return (
        f"\n\n🩹 For the next few days your reminders will skip moves that load your"
        f" {PAIN_AREA_NAMES.get(area, 'sore spot')}. I'll ask before adding them back."
    )


def pain_feels_better_label(area: str) -> str:
    return f"🙂 My {PAIN_AREA_NAMES.get(area, 'sore spot')} feels better"


def pain_resolved(area: str) -> str:
    return f"Glad to hear it! Moves for your {PAIN_AREA_NAMES.get(area, 'sore spot')} are back."
