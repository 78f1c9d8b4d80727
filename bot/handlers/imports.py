"""Activity files sent to the chat: read, summarised, and logged when the user says so.

The buttons carry the whole summary (distance, moving time, start, climb, file digest), so
nothing waits in the database between the file and "Log it", and the track is never stored.
"""

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Document, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot import keyboards
from bot.callbacks import ImportAction, ImportButton, Prefix, decode_as, pattern
from bot.context import LimberApp, LimberContext, with_user
from bot.handlers import PRIVATE, refuse_button
from bot.handlers.training import kick_if_due, logged_text
from bot.parsing.tracks import MAX_BYTES, TrackError, format_of, plausible_for, read_track
from bot.services.imports import Pending, already_logged, log_import
from bot.texts import common
from bot.texts import imports as t
from db.models import Activity, User

CLIMB_LIMIT = 99999  # metres; a button carries at most five digits


def button(action: ImportAction, fmt: str, pending: Pending) -> ImportButton:
    """The button that carries this summary, whole."""
    climb = None if pending.elevation_gain_m is None else min(pending.elevation_gain_m, CLIMB_LIMIT)
    return ImportButton(
        action, fmt, pending.sport, pending.distance_m, pending.moving_s,
        int(pending.started_at.timestamp()), climb, pending.digest,
    )  # fmt: skip


def pending_of(pressed: ImportButton) -> Pending:
    """The summary a button carries."""
    return Pending(
        sport=pressed.sport,
        distance_m=pressed.distance_m,
        moving_s=pressed.moving_s,
        started_at=datetime.fromtimestamp(pressed.started_epoch, UTC),
        elevation_gain_m=pressed.climb_m,
        digest=pressed.digest,
    )


def _summary(user: User, fmt: str, pending: Pending) -> str:
    return t.summary(
        fmt, pending.sport, pending.distance_m / 1000, pending.moving_s, pending.started_at,
        pending.elevation_gain_m, user.distance_unit, user.timezone or "UTC",
    )  # fmt: skip


def _buttons(fmt: str, pending: Pending) -> keyboards.Choices:
    cancel = button(ImportAction.CANCEL, fmt, pending)
    if pending.sport is None:
        ride, run = (replace(pending, sport=sport) for sport in ("ride", "run"))
        return [[(t.RIDE, button(ImportAction.SET_SPORT, fmt, ride)),
                 (t.RUN, button(ImportAction.SET_SPORT, fmt, run))],
                [(t.CANCEL, cancel)]]  # fmt: skip
    return [[(t.LOG_IT, button(ImportAction.LOG, fmt, pending))],
            [(t.CHANGE_SPORT, button(ImportAction.CHANGE_SPORT, fmt, pending)),
             (t.CANCEL, cancel)]]  # fmt: skip


def _duplicate(user: User, earlier: Activity) -> str:
    return t.duplicate(earlier.kind, earlier.distance_km, earlier.started_at,
                       user.distance_unit, user.timezone or "UTC")  # fmt: skip


async def _download(context: LimberContext, document: Document) -> bytes | None:
    try:
        file = await context.bot.get_file(document.file_id)
        return bytes(await file.download_as_bytearray())
    except TelegramError:
        return None


@with_user
async def on_document(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """A file in the chat: an activity file is read and summarised; anything else explained."""
    message = update.effective_message
    assert message is not None and message.document is not None
    document = message.document
    name = document.file_name or ""
    fmt = format_of(name)
    if fmt is None:
        context.reply(t.not_a_track(name))
        return
    if not user.is_onboarded or user.timezone is None:
        context.reply(common.not_registered())
        return
    if (document.file_size or 0) > MAX_BYTES:  # refused before a byte is fetched
        context.reply(t.too_big((document.file_size or 0) / 1024 / 1024))
        return
    content = await _download(context, document)
    if content is None:
        context.reply(t.download_failed())
        return
    track = await asyncio.to_thread(read_track, name, content)
    if isinstance(track, TrackError):
        context.reply(t.unreadable(track))
        return
    earlier = await already_logged(session, user.id, track.started_at, track.digest)
    if earlier is not None:
        context.reply(_duplicate(user, earlier))
        return
    pending = Pending(
        sport=track.sport,
        distance_m=round(track.distance_km * 1000),
        moving_s=track.moving_s,
        started_at=track.started_at,
        elevation_gain_m=None if track.elevation_gain_m is None else int(track.elevation_gain_m),
        digest=track.digest,
    )
    context.reply(_summary(user, fmt, pending), keyboards.inline(_buttons(fmt, pending)))


@with_user
async def on_import_button(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """Log it, pick or change the sport, or cancel; the summary comes from the button."""
    query = update.callback_query
    assert query is not None
    pressed = decode_as(query.data, ImportButton)
    if pressed is None or not user.is_onboarded or user.timezone is None:
        refuse_button(context)
        return
    action, fmt, pending = pressed.action, pressed.fmt, pending_of(pressed)
    summary = _summary(user, fmt, pending)
    if action == ImportAction.CANCEL:
        context.edit(t.cancelled(summary))
        return
    if action == ImportAction.CHANGE_SPORT:
        unknown = replace(pending, sport=None)
        context.edit(_summary(user, fmt, unknown), keyboards.inline(_buttons(fmt, unknown)))
        return
    assert pending.sport is not None
    implausible = plausible_for(pending.distance_m / 1000, pending.moving_s, pending.sport)
    if implausible is not None:
        context.edit(t.unreadable(implausible, pending.sport))
        return
    if action == ImportAction.SET_SPORT:
        context.edit(summary, keyboards.inline(_buttons(fmt, pending)))
        return
    now = context.services.now()
    result = await log_import(session, user, pending, pending.sport, now)
    if isinstance(result, Activity):
        context.edit(_duplicate(user, result))
        return
    today = now.astimezone(ZoneInfo(user.timezone)).date()
    context.edit(t.logged_note(summary, logged_text(user, result, today, now)))
    kick_if_due(context, result.follow_up, now)


def register(app: LimberApp) -> None:
    app.add_handler(MessageHandler(PRIVATE & filters.Document.ALL, on_document))
    app.add_handler(CallbackQueryHandler(on_import_button, pattern=pattern(Prefix.IMPORT)))
