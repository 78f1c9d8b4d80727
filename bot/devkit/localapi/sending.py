"""Methods that put something in a chat or change it: send, edit, delete, answer, files."""

import dataclasses
import time
from typing import Any

from bot.devkit.localapi.errors import bad_request
from bot.devkit.localapi.html_entities import (
    EntityParseError,
    FormattedText,
    parse_html,
    plain,
    utf16_len,
)
from bot.devkit.localapi.markup import Markup, read_markup
from bot.devkit.localapi.models import BotMessage, ChatState, StoredFile
from bot.devkit.localapi.params import Params, Upload
from bot.devkit.localapi.state import ApiState

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files on the public Bot API
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def _formatted(params: Params, field: str, entities_field: str, limit: int) -> FormattedText:
    """Parse text or caption by parse_mode and enforce Telegram's length limit."""
    source = params.string(field) or ""
    mode = (params.string("parse_mode") or "").lower()
    if mode == "html":
        try:
            formatted = parse_html(source)
        except EntityParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None
    elif mode in ("", "markdown", "markdownv2"):
        formatted = plain(source, _given_entities(params, entities_field))
    else:
        raise bad_request("unsupported parse_mode")
    if utf16_len(formatted.text) > limit:
        what = "message" if limit == MAX_TEXT else "message caption"
        raise bad_request(f"{what} is too long")
    return formatted


def _given_entities(params: Params, field: str) -> list[dict[str, Any]]:
    """Entities the caller spelled out (no parse_mode), checked enough to be used safely."""
    entities = params.json(field) or []
    if not isinstance(entities, list) or not all(
        isinstance(entity, dict)
        and isinstance(entity.get("type"), str)
        and isinstance(entity.get("offset"), int)
        and isinstance(entity.get("length"), int)
        for entity in entities
    ):
        raise bad_request(f"can't parse {field} JSON object")
    return entities


def _reply_to(chat: ChatState, params: Params) -> dict[str, Any] | None:
    """The message being replied to, or the error Telegram gives when it does not exist."""
    reply = params.json("reply_parameters")
    if isinstance(reply, dict):
        target, allow = reply.get("message_id"), bool(reply.get("allow_sending_without_reply"))
    else:
        target = params.integer("reply_to_message_id")
        allow = params.flag("allow_sending_without_reply")
    if target is None:
        return None
    message = chat.messages.get(int(target))
    if message is None and not allow:
        raise bad_request("message to be replied not found")
    if message is None:
        return None
    return {key: value for key, value in message.items() if key != "reply_to_message"}


def _new_message(
    state: ApiState, chat: ChatState, params: Params, markup: Markup
) -> dict[str, Any]:
    reply = _reply_to(chat, params)
    message = chat.new_message(state.bot_user)
    if reply is not None:
        message["reply_to_message"] = reply
    if markup.inline is not None:
        message["reply_markup"] = markup.inline
    if params.flag("protect_content"):
        message["has_protected_content"] = True
    return message


def _with_text(message: dict[str, Any], formatted: FormattedText, key: str) -> None:
    message["text" if key == "text" else "caption"] = formatted.text
    entities_key = "entities" if key == "text" else "caption_entities"
    if formatted.entities:
        message[entities_key] = formatted.entities
    else:
        message.pop(entities_key, None)


async def send_message(state: ApiState, params: Params) -> dict[str, Any]:
    """sendMessage: HTML or plain text, keyboards, replies."""
    chat = state.target_chat(params)
    formatted = _formatted(params, "text", "entities", MAX_TEXT)
    if not formatted.text:
        raise bad_request("message text is empty")
    markup = read_markup(params.json("reply_markup", "reply keyboard markup"))
    message = _new_message(state, chat, params, markup)
    _with_text(message, formatted, "text")
    chat.record_sent(
        BotMessage(
            message_id=message["message_id"],
            chat_id=chat.chat["id"],
            kind="text",
            text=formatted.text,
            html=params.string("text") or "",
            buttons=markup.buttons,
            entities=formatted.entities,
            reply_keyboard=markup.keyboard,
            raw=message,
        )
    )
    return message


def _input_file(state: ApiState, params: Params, field: str, folder: str) -> StoredFile:
    """An uploaded file (stored now) or the file_id of one sent before."""
    value = params.file(field)
    if value is None:
        raise bad_request(f"there is no {field} in the request")
    if isinstance(value, Upload):
        name = value.file_name or ("photo.jpg" if folder == "photos" else "file")
        return state.store_file(value.content, name, value.mime_type, folder)
    stored = state.files.get(value)
    if stored is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return stored


def _attach(message: dict[str, Any], kind: str, stored: StoredFile) -> None:
    """The photo sizes or document object of a message carrying `stored`."""
    identity = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if kind == "photo":
        width, height = png_size(stored.content) or (0, 0)
        message["photo"] = [{**identity, "file_size": len(stored.content), "width": width,
                             "height": height}]  # fmt: skip
    else:
        message["document"] = {
            **identity,
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
            "file_size": len(stored.content),
        }


def png_size(content: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header (other images are reported as 0 × 0)."""
    if content[:8] != b"\x89PNG\r\n\x1a\n" or content[12:16] != b"IHDR":
        return None
    return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")


async def _send_file(state: ApiState, params: Params, kind: str) -> dict[str, Any]:
    chat = state.target_chat(params)
    stored = _input_file(state, params, kind, f"{kind}s")
    caption = _formatted(params, "caption", "caption_entities", MAX_CAPTION)
    markup = read_markup(params.json("reply_markup", "reply keyboard markup"))
    message = _new_message(state, chat, params, markup)
    _attach(message, kind, stored)
    if caption.text:
        _with_text(message, caption, "caption")
    chat.record_sent(
        BotMessage(
            message_id=message["message_id"],
            chat_id=chat.chat["id"],
            kind=kind,
            text=caption.text,
            html=params.string("caption") or "",
            buttons=markup.buttons,
            entities=caption.entities,
            reply_keyboard=markup.keyboard,
            document=stored.content,
            file_name=stored.file_name,
            raw=message,
        )
    )
    return message


async def send_photo(state: ApiState, params: Params) -> dict[str, Any]:
    """sendPhoto: an upload or a known file_id, with an optional caption."""
    return await _send_file(state, params, "photo")


async def send_document(state: ApiState, params: Params) -> dict[str, Any]:
    """sendDocument: an upload or a known file_id, with an optional caption."""
    return await _send_file(state, params, "document")


async def send_location(state: ApiState, params: Params) -> dict[str, Any]:
    """sendLocation: a point on the map."""
    chat = state.target_chat(params)
    latitude, longitude = params.number("latitude"), params.number("longitude")
    if latitude is None or not -90 <= latitude <= 90:
        raise bad_request("wrong latitude specified")
    if longitude is None or not -180 <= longitude <= 180:
        raise bad_request("wrong longitude specified")
    markup = read_markup(params.json("reply_markup", "reply keyboard markup"))
    message = _new_message(state, chat, params, markup)
    message["location"] = {"latitude": latitude, "longitude": longitude}
    chat.record_sent(
        BotMessage(
            message_id=message["message_id"],
            chat_id=chat.chat["id"],
            kind="location",
            text="",
            html="",
            buttons=markup.buttons,
            reply_keyboard=markup.keyboard,
            location=(latitude, longitude),
            raw=message,
        )
    )
    return message


async def send_chat_action(state: ApiState, params: Params) -> bool:
    """sendChatAction: checked and acknowledged; nothing shows up in the chat log."""
    state.target_chat(params)
    if params.string("action") not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def _message_to_edit(state: ApiState, params: Params) -> tuple[ChatState, BotMessage]:
    if params.raw("inline_message_id") is not None and params.raw("chat_id") is None:
        raise bad_request("MESSAGE_ID_INVALID")
    chat = state.target_chat(params)
    message_id = params.integer("message_id")
    current = chat.log.get(message_id) if message_id is not None else None
    if current is None:
        raise bad_request("message to edit not found")
    return chat, current


def _edited(current: BotMessage, markup: Markup, **changes: Any) -> BotMessage:
    raw = {key: value for key, value in current.raw.items() if key != "reply_markup"}
    raw["edit_date"] = int(time.time())
    if markup.inline is not None:
        raw["reply_markup"] = markup.inline
    return dataclasses.replace(current, buttons=markup.buttons, edited=True, raw=raw, **changes)


async def edit_message_text(state: ApiState, params: Params) -> dict[str, Any]:
    """editMessageText: new text and keyboard; an edit that changes nothing is refused."""
    chat, current = _message_to_edit(state, params)
    if current.kind != "text":
        raise bad_request("there is no text in the message to edit")
    formatted = _formatted(params, "text", "entities", MAX_TEXT)
    if not formatted.text:
        raise bad_request("message text is empty")
    markup = read_markup(params.json("reply_markup", "reply keyboard markup"))
    if (
        formatted.text == current.text
        and formatted.entities == current.entities
        and markup.inline == current.raw.get("reply_markup")
    ):
        raise bad_request(_NOT_MODIFIED)
    edited = _edited(
        current,
        markup,
        text=formatted.text,
        html=params.string("text") or "",
        entities=formatted.entities,
    )
    _with_text(edited.raw, formatted, "text")
    chat.record_edit(edited)
    return edited.raw


async def edit_message_reply_markup(state: ApiState, params: Params) -> dict[str, Any]:
    """editMessageReplyMarkup: swap or remove the inline keyboard."""
    chat, current = _message_to_edit(state, params)
    markup = read_markup(params.json("reply_markup", "reply keyboard markup"))
    if markup.inline == current.raw.get("reply_markup"):
        raise bad_request(_NOT_MODIFIED)
    edited = _edited(current, markup)
    chat.record_edit(edited)
    return edited.raw


async def edit_message_media(state: ApiState, params: Params) -> dict[str, Any]:
    """editMessageMedia: a new photo or document (upload or file_id) with its own caption."""
    chat, current = _message_to_edit(state, params)
    if current.kind not in ("photo", "document"):
        raise bad_request("there is no media in the message to edit")
    media = params.json("media", "InputMedia")
    if not isinstance(media, dict) or media.get("type") not in ("photo", "document"):
        raise bad_request("can't parse InputMedia JSON object")
    kind = str(media["type"])
    source = media.get("media")
    value = params.file(source.removeprefix("attach://")) if isinstance(source, str) else None
    if isinstance(source, str) and not source.startswith("attach://"):
        value = source
    if isinstance(value, Upload):
        stored = state.store_file(value.content, value.file_name or "file", value.mime_type,
                                  f"{kind}s")  # fmt: skip
    elif isinstance(value, str) and value in state.files:
        stored = state.files[value]
    else:
        raise bad_request("wrong file identifier/HTTP URL specified")
    caption = _formatted(Params(media), "caption", "caption_entities", MAX_CAPTION)
    markup = read_markup(params.json("reply_markup", "reply keyboard markup"))
    edited = _edited(
        current,
        markup,
        kind=kind,
        text=caption.text,
        html=str(media.get("caption") or ""),
        entities=caption.entities,
        document=stored.content,
        file_name=stored.file_name,
    )
    for key in ("photo", "document", "caption", "caption_entities"):
        edited.raw.pop(key, None)
    _attach(edited.raw, kind, stored)
    if caption.text:
        _with_text(edited.raw, caption, "caption")
    chat.record_edit(edited)
    return edited.raw


async def delete_message(state: ApiState, params: Params) -> bool:
    """deleteMessage: the message disappears from the chat log."""
    chat = state.target_chat(params)
    message_id = params.integer("message_id")
    if message_id is None or chat.messages.pop(message_id, None) is None:
        raise bad_request("message to delete not found")
    chat.log.pop(message_id, None)
    return True


async def answer_callback_query(state: ApiState, params: Params) -> bool:
    """answerCallbackQuery: once per issued query; the toast goes to the simulated user."""
    query_id = params.string("callback_query_id") or ""
    query = state.queries.get(query_id)
    if query is None or query.answered:
        raise bad_request(_QUERY_INVALID)
    query.answered = True
    query.on_answer(query_id, params.string("text") or None, params.flag("show_alert"))
    return True


async def get_file(state: ApiState, params: Params) -> dict[str, Any]:
    """getFile: the path under which the file route serves the bytes."""
    stored = state.files.get(params.string("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.size > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return stored.as_file()
