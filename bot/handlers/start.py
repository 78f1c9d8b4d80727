"""/start: onboarding for newcomers, the profile for everyone else."""

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.callbacks import (
    Prefix,
    ProfileStepButton,
    SettingsButton,
    SetupChoice,
    SetupResumeButton,
    pattern,
)
from bot.context import LimberApp, LimberContext, with_user
from bot.dialogs import close_dialog
from bot.handlers import PRIVATE, pressed, profile_flow, refuse_button
from bot.handlers.profile_flow import ONBOARD, current_step
from bot.services.profile import STEPS, profile_summary
from bot.texts import common, profile
from bot.texts import onboarding as t
from bot.texts.profile import ROLE_NAMES
from db.models import User


@with_user
async def start(update: Update, context: LimberContext, _s: AsyncSession, user: User) -> None:
    """Onboard a new user, offer to resume a half-done setup, or show the profile."""
    state = current_step(user)
    waiting = state[1] if state is not None and state[0] == ONBOARD else None
    waiting = waiting or profile_flow.parked_step(user)
    if waiting is not None:
        choices = [[(t.CONTINUE_SETUP, SetupResumeButton(SetupChoice.CONTINUE)),
                    (t.RESTART_SETUP, SetupResumeButton(SetupChoice.RESTART))]]  # fmt: skip
        context.reply(t.resume_prompt(waiting.title), keyboards.inline(choices))
        return
    close_dialog(user)
    if not user.is_onboarded:
        profile_flow.start_onboarding(context, user)
        return
    buttons = [[(profile.CHANGE_SETTINGS, SettingsButton("settings"))]]
    if not user.reminders_on:
        buttons.insert(0, [(profile.TURN_REMINDERS_ON, SettingsButton("resume"))])
    context.reply(
        profile.profile_view(profile_summary(user, context.services.now())),
        keyboards.inline(buttons),
    )


@with_user
async def on_resume_choice(
    update: Update, context: LimberContext, _s: AsyncSession, user: User
) -> None:
    """Continue a half-finished onboarding (open or left with /cancel), or begin again."""
    button = pressed(update, context, SetupResumeButton)
    if button is None:
        return
    state = current_step(user)
    if state is None and profile_flow.parked_step(user) is not None:
        profile_flow.unpark_onboarding(user)
        state = current_step(user)
    if state is None or state[0] != ONBOARD:
        context.toast(common.stale_button())
        return
    context.edit_markup(None)
    step = state[1]
    if button.choice == SetupChoice.RESTART:
        step = STEPS[0]
        profile_flow.enter(user, ONBOARD, step, {})
    profile_flow.send_question(context, user, step)


@with_user
async def on_step_button(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """A button on a profile question: `p:<step>:<value>`."""
    button = pressed(update, context, ProfileStepButton)
    if button is None:
        return
    key, value = button.step, button.value
    state = current_step(user)
    if state is None or state[1].key != key:
        context.toast(common.stale_button())
        return
    if key == "roles" and value != "next":
        if value not in ROLE_NAMES:  # only the roles we offer
            refuse_button(context)
            return
        profile_flow.toggle_role(context, user, value)
        return
    if key == "roles" and not user.dialog_data.get("roles"):
        context.toast(profile.pick_a_role_first(), show_alert=True)
        return
    if key == "timezone" and value == "location":
        context.reply(t.share_location_prompt(), keyboards.request_location())
        return
    text = ",".join(user.dialog_data["roles"]) if key == "roles" else value
    await profile_flow.take_answer(update, context, session, user, text)


def register(app: LimberApp) -> None:
    app.add_handler(CommandHandler("start", start, filters=PRIVATE))
    app.add_handler(CallbackQueryHandler(on_resume_choice, pattern=pattern(Prefix.SETUP_RESUME)))
    app.add_handler(CallbackQueryHandler(on_step_button, pattern=pattern(Prefix.PROFILE_STEP)))
