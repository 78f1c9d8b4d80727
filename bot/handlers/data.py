"""/export, /delete and /privacy: the user's data, to take away or to erase."""

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.callbacks import DeleteButton, Prefix, decode_as, pattern
from bot.context import LimberApp, LimberContext, with_user
from bot.handlers import PRIVATE, refuse_button
from bot.services.data import account_mark, delete_account, export_user
from bot.texts import data as t
from db.models import User


@with_user
async def export(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """Send every stored row about the user as a zip of JSON and CSV."""
    result = await export_user(session, user, context.services.now())
    context.reply_document(result.content, result.file_name, t.export_caption(result.rows))


@with_user
async def delete(update: Update, context: LimberContext, _s: AsyncSession, user: User) -> None:
    """Ask before erasing. The button names the account by its creation instant (row ids are
    reused on SQLite), so an old button cannot erase an account made after it."""
    buttons = [
        [(t.DELETE_YES, DeleteButton(account_mark(user))), (t.DELETE_NO, DeleteButton(None))]
    ]
    context.reply(t.delete_question(), keyboards.inline(buttons))


@with_user
async def privacy(update: Update, context: LimberContext, _s: AsyncSession, _u: User) -> None:
    """What is stored, why, for how long, and how to take it or erase it."""
    context.reply(t.privacy())


async def on_delete_button(update: Update, context: LimberContext) -> None:
    """`del:yes:<id>` erases, `del:no` keeps. Looks the user up without registering them, so a
    second tap after the erasure leaves nothing behind."""
    query, sender = update.callback_query, update.effective_user
    if query is None or query.data is None or sender is None:
        return
    context.begin(update)
    button = decode_as(query.data, DeleteButton)
    if button is None:
        refuse_button(context)
        await context.flush()
        return
    if button.account_mark is None:
        context.edit(t.delete_kept())
        await context.flush()
        return
    async with context.services.sessionmaker() as session:
        removed = await delete_account(session, sender.id, button.account_mark)
        if removed is None:
            context.toast(t.nothing_stored())
            shown = query.message
            if shown is not None and getattr(shown, "reply_markup", None) is not None:
                context.edit_markup(None)
        else:
            await session.commit()
            context.edit(t.deleted(removed))
    await context.flush()


def register(app: LimberApp) -> None:
    app.add_handler(CommandHandler("export", export, filters=PRIVATE))
    app.add_handler(CommandHandler("delete", delete, filters=PRIVATE))
    app.add_handler(CommandHandler("privacy", privacy, filters=PRIVATE))
    app.add_handler(CallbackQueryHandler(on_delete_button, pattern=pattern(Prefix.DELETE)))
