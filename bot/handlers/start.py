"""/start: onboarding for newcomers, the profile for everyone else."""

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot import keyboards, texts
from bot.context import LimberApp, LimberContext, with_user
from bot.handlers import profile_flow
from bot.handlers.profile_flow import ONBOARD, current_step
from bot.profile import STEP_BY_KEY, STEPS
from db.models import User


@with_user
async def start(update: Update, context: LimberContext, _s: AsyncSession, user: User) -> None:
    """Onboard a new user, offer to resume a half-done setup, or show the profile."""
    message = update.effective_message
    if message is None:
        return
    state = current_step(user)
    if state is not None and state[0] == ONBOARD:
        await message.reply_html(
            texts.resume_prompt(state[1].title),
            reply_markup=keyboards.inline(
                [[("Continue ▶️", "continue"), ("Start over 🔄", "restart")]], "ob"
            ),
        )
        return
    user.dialog, user.dialog_data = None, {}
    if not user.is_onboarded:
        await profile_flow.start_onboarding(message, user)
        return
    buttons = [[("⚙️ Change settings", "settings")]]
    if not user.reminders_on:
        buttons.insert(0, [("🔔 Turn reminders on", "resume")])
    await message.reply_html(
        texts.profile_view(user, context.services.now()),
        reply_markup=keyboards.inline(buttons, "s"),
    )


@with_user
async def on_resume_choice(
    update: Update, context: LimberContext, _s: AsyncSession, user: User
) -> None:
    """Continue a half-finished onboarding, or throw the draft away and begin again."""
    query = update.callback_query
    if query is None or query.message is None or query.data is None:
        return
    state = current_step(user)
    if state is None or state[0] != ONBOARD:
        await query.answer(texts.stale_button())
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    message = update.effective_message
    assert message is not None
    step = state[1]
    if query.data == "ob:restart":
        step = STEPS[0]
        profile_flow.enter(user, ONBOARD, step, {})
    await profile_flow.send_question(message, user, step)


@with_user
async def on_step_button(
    update: Update, context: LimberContext, _s: AsyncSession, user: User
) -> None:
    """A button on a profile question: `p:<step>:<value>`."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    _, key, value = query.data.split(":", 2)
    state = current_step(user)
    if state is None or state[1].key != key or key not in STEP_BY_KEY:
        await query.answer(texts.stale_button())
        return
    if key == "roles" and value != "next":
        await query.answer()
        await profile_flow.toggle_role(update, user, value)
        return
    if key == "roles" and not user.dialog_data.get("roles"):
        await query.answer("Pick at least one first.", show_alert=True)
        return
    if key == "timezone" and value == "location":
        await query.answer()
        message = update.effective_message
        assert message is not None
        await message.reply_html(
            texts.share_location_prompt(), reply_markup=keyboards.request_location()
        )
        return
    await query.answer()
    text = ",".join(user.dialog_data["roles"]) if key == "roles" else value
    question = query.message if isinstance(query.message, Message) else None
    await profile_flow.take_answer(update, context, user, text, question=question)


def register(app: LimberApp) -> None:
    app.add_handler(CommandHandler("start", start, filters=filters.ChatType.PRIVATE))
    app.add_handler(CallbackQueryHandler(on_resume_choice, pattern=r"^ob:"))
    app.add_handler(CallbackQueryHandler(on_step_button, pattern=r"^p:"))
