"""Asking profile questions and taking answers, for onboarding and for single-field edits.

The dialog lives in the user row (`dialog` = "onboard:<step>" or "edit:<step>", `dialog_data` =
the draft), so it survives restarts. Nothing reaches the profile until onboarding is finished
or an edit is confirmed.
"""

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, ReplyKeyboardRemove, Update

from bot import keyboards
from bot.callbacks import ProfileStepButton
from bot.context import LimberApp, LimberContext
from bot.dialogs import Dialog, close_dialog, dialog_state, in_dialog, open_dialog, register_dialog
from bot.parsing.zones import zone_at
from bot.services.profile import (
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
    profile_summary,
)
from bot.texts import common, profile
from bot.texts import onboarding as t
from db.models import User
from scheduler.sync import sync_reminders

ONBOARD, EDIT = "onboard", "edit"


def current_step(user: User) -> tuple[str, Step] | None:
    """(mode, step) of the profile dialog the user is in, if any."""
    state = dialog_state(user)
    if state is None or state.name not in (ONBOARD, EDIT) or state.stage not in STEP_BY_KEY:
        return None
    return state.name, STEP_BY_KEY[state.stage]


def question_text(user: User, step: Step) -> str:
    draft = user.dialog_data or {}
    text = step.question(draft)
    if in_dialog(user, ONBOARD):
        position, total = onboarding_position(draft, step.key)
        text = t.step_prefix(position, total) + text
    return text


def question_markup(user: User, step: Step) -> InlineKeyboardMarkup | None:
    rows = step.buttons(user.dialog_data or {})
    return keyboards.inline(
        [[(label, ProfileStepButton(step.key, value)) for label, value in row] for row in rows]
    )


def send_question(context: LimberContext, user: User, step: Step, lead: str = "") -> None:
    """Send the step's question (after an optional lead paragraph) with its buttons."""
    body = question_text(user, step)
    context.reply(f"{lead}\n\n{body}" if lead else body, question_markup(user, step))


def enter(user: User, mode: str, step: Step, draft: Draft) -> None:
    open_dialog(user, mode, step.key, draft)


def start_onboarding(context: LimberContext, user: User) -> None:
    first = STEPS[0]
    user.setup_draft = None
    enter(user, ONBOARD, first, {})
    send_question(context, user, first, lead=t.welcome(user.first_name))


def park_onboarding(user: User) -> bool:
    """/cancel mid-setup: keep the answers and the open question aside for /start.

    The dialog itself closes, so later messages are not read as answers. False when there was
    nothing worth keeping (no answer yet).
    """
    state = current_step(user)
    draft = dict(user.dialog_data or {})
    close_dialog(user)
    if state is None or state[0] != ONBOARD or not draft:
        user.setup_draft = None
        return False
    user.setup_draft = {"step": state[1].key, "draft": draft}
    return True


def parked_step(user: User) -> Step | None:
    """The question a setup left with /cancel stopped at, if there is one to continue."""
    parked = user.setup_draft or {}
    if user.is_onboarded or not isinstance(parked.get("draft"), dict):
        return None
    return STEP_BY_KEY.get(str(parked.get("step")))


def unpark_onboarding(user: User) -> Step | None:
    """Reopen a parked setup at its question, with every answer it had."""
    step = parked_step(user)
    if step is not None:
        enter(user, ONBOARD, step, dict((user.setup_draft or {})["draft"]))
    user.setup_draft = None
    return step


def start_edit(context: LimberContext, user: User, step: Step) -> None:
    enter(user, EDIT, step, draft_from_user(user))
    send_question(context, user, step)


def reask(context: LimberContext, user: User, lead: str) -> None:
    """Answer something off-topic and put the pending question back on screen."""
    state = current_step(user)
    if state is None:
        context.reply(lead)
        return
    send_question(context, user, state[1], lead=lead)


async def take_answer(
    update: Update,
    context: LimberContext,
    session: AsyncSession,
    user: User,
    text: str,
) -> None:
    """Validate an answer to the current step, then move on, finish, or explain and re-ask.

    A pressed button's question is edited into a ✓ line; a typed answer gets its own.
    """
    state = current_step(user)
    if state is None:
        return
    mode, step = state
    old = dict(user.dialog_data or {})
    result = answer(step, text, old)
    if isinstance(result, Invalid):
        if result.remember:
            user.dialog_data = {**old, **result.remember}
        send_question(context, user, step, lead=common.invalid_answer(result.message))
        return
    confirmation = common.answered(step.title, step.describe(result))
    if update.callback_query is not None:
        context.edit(confirmation)
    else:
        context.reply(confirmation, ReplyKeyboardRemove())
    if mode == EDIT and step.key == "roles":  # a new cyclist is asked the weekly distance too
        saved = draft_from_user(user)
        result["_queue"] = [s.key for s in STEPS if s.applies(result) and not s.applies(saved)]
    await advance(context, session, user, mode, step, result)


async def advance(
    context: LimberContext,
    session: AsyncSession,
    user: User,
    mode: str,
    step: Step,
    draft: Draft,
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
        send_question(context, user, following)
        return
    apply_draft(user, draft)
    close_dialog(user)
    if mode == ONBOARD:
        user.setup_draft = None
    now = context.services.now()
    if mode == ONBOARD:
        user.onboarded_at = now
        user.reminders_on = True
    await sync_reminders(session, user, now)
    if mode == ONBOARD:
        summary = profile_summary(user, now)
        context.reply(t.onboarding_done(summary, user.role_set, user.routine_at, user.break_every))
    else:
        context.reply(profile.saved_setting(step.title) + "\n\n" + profile_summary(user, now))


def toggle_role(context: LimberContext, user: User, role: str) -> None:
    """Roles are a multi-choice: a press ticks or unticks, then the keyboard is redrawn."""
    draft = dict(user.dialog_data or {})
    roles = set(draft.get("roles", []))
    roles.symmetric_difference_update({role})
    draft["roles"] = sorted(roles)
    user.dialog_data = draft
    step = STEP_BY_KEY["roles"]
    context.edit(question_text(user, step), question_markup(user, step))


async def on_location(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """A shared location answers the time-zone question; elsewhere it is politely declined."""
    message = update.effective_message
    if message is None or message.location is None:
        return
    state = current_step(user)
    if state is None or state[1].key != "timezone":
        context.reply(t.location_not_needed())
        return
    zone = await zone_at(message.location.latitude, message.location.longitude)
    if zone is None:
        lead = common.invalid_answer(t.location_not_placed())
        send_question(context, user, state[1], lead=lead)
        return
    await take_answer(update, context, session, user, zone)


def _in_profile_dialog(user: User) -> bool:
    return current_step(user) is not None


# Onboarding and single-field edits: asked before any other dialog.
DIALOG = Dialog(
    names=frozenset({ONBOARD, EDIT}),
    on_text=take_answer,
    is_open=_in_profile_dialog,
    reask=reask,
    on_location=on_location,
)


def register(_app: LimberApp) -> None:
    """No handlers of its own (/start and /settings open it): only its dialog."""
    register_dialog(DIALOG)
