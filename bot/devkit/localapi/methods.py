"""The method table, plus the methods about the bot itself: identity, updates, webhook, commands."""

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from bot.devkit.localapi import sending
from bot.devkit.localapi.errors import ApiError, bad_request
from bot.devkit.localapi.params import Params
from bot.devkit.localapi.state import ApiState

Handler = Callable[[ApiState, Params], Awaitable[Any]]

MAX_UPDATES = 100
MAX_COMMANDS = 100
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


async def get_me(state: ApiState, params: Params) -> dict[str, Any]:
    """getMe: the bot user with its capabilities."""
    return {
        **state.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def acknowledge(state: ApiState, params: Params) -> bool:
    """logOut and close: nothing to release locally."""
    return True


async def get_updates(state: ApiState, params: Params) -> list[dict[str, Any]]:
    """getUpdates: confirm by offset, then return at once or long-poll up to `timeout` seconds."""
    if state.webhook.get("url"):
        raise ApiError(409, _WEBHOOK_CONFLICT)
    allowed = params.json("allowed_updates")
    if isinstance(allowed, list):
        state.choose_updates(str(kind) for kind in allowed)
    state.confirm(params.integer("offset") or 0)
    limit = min(max(params.integer("limit") or MAX_UPDATES, 1), MAX_UPDATES)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(params.number("timeout") or 0.0, 0.0)
    while True:
        batch = state.pending(limit)
        remaining = deadline - loop.time()
        if batch or state.closing or remaining <= 0:
            return batch
        await state.update_arrived.wait(remaining)


async def set_webhook(state: ApiState, params: Params) -> bool:
    """setWebhook: from now on updates are POSTed to `url` (see webhook.py), getUpdates
    conflicts; an empty url removes the webhook."""
    url = params.string("url") or ""
    secret = params.string("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    if url and not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    connections = params.integer("max_connections") or 40
    if not 1 <= connections <= 100:
        raise bad_request("bad webhook: Invalid max_connections specified")
    state.webhook = (
        {"url": url, "secret_token": secret, "max_connections": connections} if url else {}
    )
    state.webhook_error = None
    allowed = params.json("allowed_updates")
    if isinstance(allowed, list):
        state.choose_updates(str(kind) for kind in allowed)
    if params.flag("drop_pending_updates"):
        state.updates.clear()
    state.update_arrived.fire()
    return True


async def delete_webhook(state: ApiState, params: Params) -> bool:
    """deleteWebhook: back to getUpdates, optionally dropping what is queued."""
    state.webhook = {}
    if params.flag("drop_pending_updates"):
        state.updates.clear()
    return True


async def get_webhook_info(state: ApiState, params: Params) -> dict[str, Any]:
    """getWebhookInfo: the stored URL and how many updates wait."""
    info: dict[str, Any] = {
        "url": state.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }
    if state.webhook:
        info["max_connections"] = state.webhook["max_connections"]
    if state.webhook_error is not None:
        info["last_error_date"], info["last_error_message"] = state.webhook_error
    if state.allowed_updates is not None:
        info["allowed_updates"] = sorted(state.allowed_updates)
    return info


def _commands_key(params: Params) -> str:
    scope = params.json("scope") or {"type": "default"}
    return json.dumps([scope, params.string("language_code") or ""], sort_keys=True)


async def set_my_commands(state: ApiState, params: Params) -> bool:
    """setMyCommands: checked like Telegram and kept per scope and language."""
    commands = params.json("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    cleaned = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand JSON object")
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str) or not _COMMAND.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": command, "description": description})
    state.commands[_commands_key(params)] = cleaned
    state.last_commands = cleaned
    return True


async def get_my_commands(state: ApiState, params: Params) -> list[dict[str, str]]:
    """getMyCommands: what was set for this scope and language."""
    return state.commands.get(_commands_key(params), [])


async def delete_my_commands(state: ApiState, params: Params) -> bool:
    """deleteMyCommands: forget the list for this scope and language."""
    state.commands.pop(_commands_key(params), None)
    state.last_commands = []
    return True


_HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "logOut": acknowledge,
    "close": acknowledge,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "sendMessage": sending.send_message,
    "sendPhoto": sending.send_photo,
    "sendDocument": sending.send_document,
    "sendLocation": sending.send_location,
    "sendChatAction": sending.send_chat_action,
    "editMessageText": sending.edit_message_text,
    "editMessageReplyMarkup": sending.edit_message_reply_markup,
    "editMessageMedia": sending.edit_message_media,
    "deleteMessage": sending.delete_message,
    "answerCallbackQuery": sending.answer_callback_query,
    "getFile": sending.get_file,
}

# Telegram matches method names without regard to case.
METHODS: dict[str, tuple[str, Handler]] = {
    name.lower(): (name, handler) for name, handler in _HANDLERS.items()
}
