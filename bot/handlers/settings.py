"""/settings: change one field at a time, plus turning reminders back on."""

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.callbacks import Prefix, SettingsButton, pattern
from bot.context import LimberApp, LimberContext, with_user
from bot.handlers import PRIVATE, pressed, profile_flow, refuse_button
from bot.services.profile import SETTINGS_MENU, STEP_BY_KEY, draft_from_user, profile_summary
from bot.texts import account, common
from bot.texts import profile as t
from bot.texts import stats as stats_texts
from db.models import User
from scheduler.sync import sync_reminders

WEEKLY = "weekly"  # the Sunday summary's switch, below the fields


def settings_buttons(user: User) -> keyboards.Choices:
    draft = draft_from_user(user)
    labels = [
        (step.title, SettingsButton(step.key)) for step in SETTINGS_MENU if step.applies(draft)
    ]
    rows = [labels[i : i + 2] for i in range(0, len(labels), 2)]
    return [*rows, [(stats_texts.weekly_toggle(user.weekly_summary), SettingsButton(WEEKLY))]]


def show_settings(context: LimberContext, user: User) -> None:
    if not user.is_onboarded:
        context.reply(common.not_registered())
        return
    context.reply(
        t.settings_intro() + "\n\n" + profile_summary(user, context.services.now()),
        keyboards.inline(settings_buttons(user)),
    )


@with_user
async def settings(update: Update, context: LimberContext, _s: AsyncSession, user: User) -> None:
    """List the fields; a tap asks that one question."""
    if profile_flow.current_step(user) is not None:
        profile_flow.reask(context, user, common.in_dialog_command("settings"))
        return
    show_settings(context, user)


@with_user
async def on_settings_button(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """`s:<field>` starts an edit; `s:settings` lists fields; `s:resume` turns reminders on."""
    button = pressed(update, context, SettingsButton)
    if button is None:
        return
    value = button.choice
    if not user.is_onboarded or profile_flow.current_step(user) is not None:
        context.toast(common.stale_button())
        return
    if value == "settings":
        show_settings(context, user)
    elif value == WEEKLY:
        user.weekly_summary = not user.weekly_summary
        await sync_reminders(session, user, context.services.now())
        context.reply(stats_texts.weekly_switched(user.weekly_summary))
    elif value == "resume":
        user.reminders_on = True
        await sync_reminders(session, user, context.services.now())
        context.reply(account.reminders_back_on())
    elif value in STEP_BY_KEY:
        profile_flow.start_edit(context, user, STEP_BY_KEY[value])
    else:
        refuse_button(context)


def register(app: LimberApp) -> None:
    app.add_handler(CommandHandler("settings", settings, filters=PRIVATE))
    app.add_handler(CallbackQueryHandler(on_settings_button, pattern=pattern(Prefix.SETTINGS)))
