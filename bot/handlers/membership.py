"""my_chat_member: Telegram tells us when a user blocks the bot and when they come back."""

import logging

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import ChatMemberHandler

from bot.context import LimberApp, LimberContext
from bot.logs import log_event
from bot.services.membership import set_reachable

logger = logging.getLogger(__name__)


async def on_my_chat_member(update: Update, context: LimberContext) -> None:
    """Kicked: reminders off now. Member again: reminders back on. Nothing is sent either way
    (a blocked user can't be written to; a returning one sends /start)."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    status = change.new_chat_member.status
    if status not in (ChatMember.BANNED, ChatMember.MEMBER):
        return
    reachable = status == ChatMember.MEMBER
    async with context.services.sessionmaker() as session:
        known = await set_reachable(session, change.from_user.id, reachable, context.services.now())
        await session.commit()
    if known:
        log_event(logger, "user_blocked_bot" if not reachable else "user_unblocked_bot")


def register(app: LimberApp) -> None:
    app.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
