"""The first conversation: welcome, question headers, resuming, the closing summary."""

from collections.abc import Collection
from datetime import time
from html import escape

CONTINUE_SETUP = "Continue ▶️"
RESTART_SETUP = "Start over 🔄"
SEND_LOCATION = "📍 Send my location"


def welcome(first_name: str) -> str:
    name = escape(first_name) if first_name else "there"
    return (
        f"Hi {name}! I'm <b>Limber</b>. I'll nudge you to move when you sit too long, send a short"
        " mobility routine every day, and help you stretch after rides and runs.\n"
        "A few quick questions first (about a minute). You can /cancel at any time."
    )


def step_prefix(position: int, total: int) -> str:
    return f"<i>Question {position} of {total}</i>\n"


def resume_prompt(step_title: str) -> str:
    return (
        "Welcome back! Your setup isn't finished yet — we stopped at"
        f" <b>{escape(step_title)}</b>. Continue where you left off, or start over?"
    )


def share_location_prompt() -> str:
    return "Tap <b>📍 Send my location</b> below. I only use it to find your time zone."


def location_not_placed() -> str:
    return "I couldn't place that location."


def location_not_needed() -> str:
    return "Thanks! I only use a location to set your time zone — change it with /settings."


def cancelled_onboarding() -> str:
    return "Setup cancelled — nothing was saved. Send /start whenever you're ready."


def paused_onboarding() -> str:
    return (
        "Setup paused — I kept your answers so far. Send /start to continue where you left off"
        " (or to start over)."
    )


def onboarding_done(
    summary: str, roles: Collection[str], routine_at: time, break_every: int
) -> str:
    """The closing message: the profile summary, then what happens next."""
    return (
        f"✅ <b>All set!</b> Here's what I saved:\n{summary}\n\n<b>What happens next:</b>"
        f" {what_happens_next(roles, routine_at, break_every)}\nChange anything with /settings."
    )


def what_happens_next(roles: Collection[str], routine_at: time, break_every: int) -> str:
    parts = [f"your mobility routine arrives every day at {routine_at:%H:%M} your time"]
    if "desk" in roles:
        parts.append(f"on work days I'll nudge you to stand up every {break_every} min")
    if {"cyclist", "runner"} & set(roles):
        parts.append("log training with /ride 42 or /run 10 and stretches follow")
    return "; ".join(parts) + "."
