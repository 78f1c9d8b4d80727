"""A real PTB Application polling the local server: the path the end-to-end tests rely on."""

from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from bot.devkit.localapi import LocalBotApi


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greets with one button."""
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Stretch now", callback_data="stretch")]])
    name = update.effective_user.first_name
    await update.effective_message.reply_html(f"Hi <b>{name}</b>!", reply_markup=markup)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Acknowledges the press and replaces the button with a confirmation."""
    query = update.callback_query
    await query.answer(f"Got {query.data}")
    await query.edit_message_text("Enjoy the stretch.")


@pytest.fixture
async def app(api: LocalBotApi) -> AsyncIterator[Application]:
    application = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .get_updates_http_version("1.1")
        .http_version("1.1")
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(pressed))
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0.05, timeout=1)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def test_start_gets_a_reply_and_a_press_arrives_as_callback_query(
    api: LocalBotApi, app: Application
) -> None:
    user = api.user(1001, first_name="Sam")
    greeting = await user.ask("/start")
    assert greeting.text == "Hi Sam!"
    assert greeting.labels == ["Stretch now"]
    edited = await user.click("Stretch now")
    assert (edited.text, edited.edited, edited.buttons) == ("Enjoy the stretch.", True, [])
    assert await user.wait_toast() == "Got stretch"
    await user.expect_silence(0.1)
    assert api.method_calls["getMe"] == 1
    assert api.method_calls["answerCallbackQuery"] == 1
