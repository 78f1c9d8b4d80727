"""Asking profile questions and taking answers, for onboarding and for single-field edits.

The dialog lives in the user row (`dialog` = "onboard:<step>" or "edit:<step>", `dialog_data` =
the draft), so it survives restarts. Nothing reaches the profile until onboarding is finished
or an edit is confirmed.
"""

from telegram import Message, ReplyKeyboardRemove, Update

from bot import keyboards, texts
from bot.context import LimberContext
from bot.parsing import format_distance
from bot.profile import (
    ROLE_NAMES,
    STEP_BY_KEY,
    STEPS,
    Draft,
    Invalid,
    Step,
    answer,
    apply_draft,
    draft_from_user,
    next_onboarding_step,
    onboarding_position,
)
from bot.timezones import zone_at, zone_label
from db.models import User

ONBOARD, EDIT = "onboard", "edit"
PREFIX = "p"


def current_step(user: User) -> tuple[str, Step] | None:
    """(mode, step) of the profile dialog the user is in, if any."""
    if not user.dialog or ":" not in user.dialog:
        return None
    mode, key = user.dialog.split(":", 1)
    if mode not in (ONBOARD, EDIT) or key not in STEP_BY_KEY:
        return None
    return mode, STEP_BY_KEY[key]


def question_text(user: User, step: Step) -> str:
    draft = user.dialog_data or {}
    text = step.question(draft)
    if user.dialog and user.dialog.startswith(ONBOARD):
        position, total = onboarding_position(draft, step.key)
        text = texts.step_prefix(position, total) + text
    return text


def question_markup(user: User, step: Step) -> keyboards.InlineKeyboardMarkup | None:
    return keyboards.inline(step.buttons(user.dialog_data or {}), f"{PREFIX}:{step.key}")


async def send_question(message: Message, user: User, step: Step, lead: str = "") -> None:
    """Send the step's question (after an optional lead paragraph) with its buttons."""
    body = question_text(user, step)
    await message.reply_html(
        f"{lead}\n\n{body}" if lead else body, reply_markup=question_markup(user, step)
    )


def enter(user: User, mode: str, step: Step, draft: Draft) -> None:
    user.dialog = f"{mode}:{step.key}"
    user.dialog_data = draft


async def start_onboarding(message: Message, user: User) -> None:
    first = STEPS[0]
    enter(user, ONBOARD, first, {})
    await send_question(message, user, first, lead=texts.welcome(user.first_name))


async def start_edit(message: Message, user: User, step: Step) -> None:
    enter(user, EDIT, step, draft_from_user(user))
    await send_question(message, user, step)


async def reask(message: Message, user: User, lead: str) -> None:
    """Answer something off-topic and put the pending question back on screen."""
    state = current_step(user)
    if state is None:
        await message.reply_html(lead)
        return
    await send_question(message, user, state[1], lead=lead)


def describe(step: Step, draft: Draft) -> str:
    """The answer to a step in words, for the ✓ line and the summary."""
    key = step.key
    if key == "roles":
        return ", ".join(ROLE_NAMES[r] for r in draft["roles"])
    if key == "timezone":
        return zone_label(draft["timezone"])
    if key == "work_days":
        return ", ".join(d.capitalize() for d in draft["work_days"]) or "none"
    if key == "work_hours":
        return f"{draft['work_start']}–{draft['work_end']}"
    if key == "break_every":
        return f"every {draft['break_every']} min"
    if key == "distance_unit":
        return "miles" if draft["distance_unit"] == "mi" else "km"
    if key in ("ride_km_week", "run_km_week"):
        return format_distance(draft[key], draft.get("distance_unit", "km")) + " a week"
    if key == "routine_at":
        return draft["routine_at"]
    if key == "quiet":
        start, end = draft.get("quiet_start"), draft.get("quiet_end")
        return f"{start}–{end}" if start else "off"
    if key == "post_activity_delay":
        minutes = draft["post_activity_delay"]
        return "right away" if minutes == 0 else f"{minutes} min after"
    raise KeyError(key)


async def take_answer(
    update: Update,
    context: LimberContext,
    user: User,
    text: str,
    *,
    question: Message | None = None,
) -> None:
    """Validate an answer to the current step, then move on, finish, or explain and re-ask."""
    message = update.effective_message
    state = current_step(user)
    if state is None or message is None:
        return
    mode, step = state
    old = dict(user.dialog_data or {})
    result = answer(step, text, old)
    if isinstance(result, Invalid):
        await send_question(message, user, step, lead=texts.invalid_answer(result.message))
        return
    confirmation = texts.answered(step.title, describe(step, result))
    if question is not None:
        await question.edit_text(confirmation, parse_mode="HTML")
    else:
        await message.reply_html(confirmation, reply_markup=ReplyKeyboardRemove())
    if mode == EDIT:
        queue = [s.key for s in STEPS if s.applies(result) and not s.applies(old)]
        result["_queue"] = [*old.get("_queue", []), *queue]
    await advance(message, context, user, mode, step, result)


async def advance(
    message: Message, context: LimberContext, user: User, mode: str, step: Step, draft: Draft
) -> None:
    """Ask the next question, or save and summarise when there is none."""
    if mode == ONBOARD:
        following = next_onboarding_step(draft, step.key)
    else:
        queue = list(draft.get("_queue", []))
        following = STEP_BY_KEY[queue.pop(0)] if queue else None
        draft["_queue"] = queue
    if following is not None:
        enter(user, mode, following, draft)
        await send_question(message, user, following)
        return
    apply_draft(user, draft)
    user.dialog, user.dialog_data = None, {}
    now = context.services.now()
    if mode == ONBOARD:
        user.onboarded_at = now
        user.reminders_on = True
        await message.reply_html(texts.onboarding_done(user, now))
    else:
        await message.reply_html(
            texts.saved_setting(step.title) + "\n\n" + texts.profile_summary(user, now)
        )


async def toggle_role(update: Update, user: User, role: str) -> None:
    """Roles are a multi-choice: a press ticks or unticks, then the keyboard is redrawn."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    draft = dict(user.dialog_data or {})
    roles = set(draft.get("roles", []))
    roles.symmetric_difference_update({role})
    draft["roles"] = sorted(roles)
    user.dialog_data = draft
    step = STEP_BY_KEY["roles"]
    await query.edit_message_text(
        question_text(user, step), parse_mode="HTML", reply_markup=question_markup(user, step)
    )


async def on_location(update: Update, context: LimberContext, user: User) -> None:
    """A shared location answers the time-zone question; elsewhere it is politely declined."""
    message = update.effective_message
    if message is None or message.location is None:
        return
    state = current_step(user)
    if state is None or state[1].key != "timezone":
        await message.reply_html(texts.location_not_needed())
        return
    zone = await zone_at(message.location.latitude, message.location.longitude)
    if zone is None:
        await send_question(
            message, user, state[1], lead=texts.invalid_answer("I couldn't place that location.")
        )
        return
    await take_answer(update, context, user, zone)
