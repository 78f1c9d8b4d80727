"""`python -m bot console`: chat with Limber in a terminal, with no token and no network.

Starts the local Bot API server and the real bot (polling it) in this process, then plays the
user: lines you type are sent as messages; `#3` (or `[3]`) presses button 3 of the newest
message with buttons. A bare number is always typed text, so "3" answers "how far?" with 3, not
with whatever the third button says.
"""

import asyncio
import contextlib
import getpass
import re
import sys
import tempfile
from pathlib import Path

from pydantic import SecretStr

from bot.config import Settings
from bot.devkit.localapi import BotMessage, LocalBotApi, SimulatedUser

CONSOLE_USER_ID = 4242
FILES = Path(tempfile.gettempdir()) / "limber-console"
HELP = (
    "Type a message or a /command and press Enter. `#3` (or `[3]`) presses button 3 of the newest"
    " message with buttons; a plain number is sent as text.\n`:location 52.52 13.40` shares a"
    " location, `:file path/to/ride.gpx` sends a file, `:quit` (or Ctrl-D) leaves.\nPhotos and"
    f" files from Limber are saved under {FILES}."
)
_PRESS = re.compile(r"^(?:#(\d+)|\[(\d+)\])$")
TOAST_WAIT = 5.0


def save_attachment(message: BotMessage, folder: Path = FILES) -> Path | None:
    """Write a photo or document the bot sent to `folder`; its path, or None for text."""
    if message.document is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(message.file_name or "").suffix or (".png" if message.kind == "photo" else "")
    stem = Path(message.file_name or message.kind).stem
    edit = "-edited" if message.edited else ""
    path = folder / f"{message.message_id:04d}{edit}-{stem}{suffix}"
    path.write_bytes(message.document)
    return path


def render(message: BotMessage, saved: Path | None = None) -> str:
    """A bot message as terminal text, with its buttons numbered and any file's path."""
    head = "Limber (edited)" if message.edited else "Limber"
    lines = [f"\n┌─ {head}"]
    if saved is not None:
        lines.append(f"│ 📎 {message.kind} saved to {saved}")
    lines += [f"│ {line}" for line in message.text.splitlines()]
    number = 1
    for row in message.buttons:
        cells = []
        for label, _data in row:
            cells.append(f"[{number}] {label}")
            number += 1
        lines.append("│ " + "   ".join(cells))
    lines.append("└─")
    return "\n".join(lines)


def render_toast(text: str | None, alert: bool) -> str:
    """What the bot answered to a button press: a pop-up alert, or a passing notification."""
    if alert:
        return f"\n┌─ Alert\n│ {text or ''}\n└─"
    return f"  ({text})" if text else ""


async def _print_replies(user: SimulatedUser, last: list[BotMessage]) -> None:
    while True:
        try:
            message = await user.next(timeout=3600)
        except TimeoutError:
            continue
        if message.buttons:
            last[:] = [message]
        elif last and message.message_id == last[0].message_id:
            last.clear()  # its buttons were taken away
        print(render(message, save_attachment(message)), flush=True)


def _read(name: str) -> tuple[str, bytes] | None:
    path = Path(name).expanduser()
    return (path.name, path.read_bytes()) if name and path.is_file() else None


async def _send_file(user: SimulatedUser, name: str) -> None:
    """`:file path` sends that file as a document, as the attachment menu does."""
    found = await asyncio.to_thread(_read, name)
    if found is None:
        print("Usage: :file <path to a file>, e.g. :file ~/rides/morning.gpx")
        return
    await user.send_document(*found)


async def _press(user: SimulatedUser, number: int, last: list[BotMessage]) -> None:
    """Press button `number` and show the toast or alert the bot answers with."""
    labels = last[0].labels if last else []
    if not 1 <= number <= len(labels):
        shown = f"1–{len(labels)}" if labels else "none right now"
        print(f"There is no button {number} (buttons: {shown}).", flush=True)
        return
    seen = len(user.toasts)
    try:
        await user.press(labels[number - 1], message=last[0])
    except LookupError:
        last.clear()
        print("That message has no buttons any more.", flush=True)
        return
    with contextlib.suppress(TimeoutError):
        await user.wait_toast(timeout=TOAST_WAIT)
    if len(user.toasts) > seen and (toast := render_toast(user.toasts[-1], user.alerts[-1])):
        print(toast, flush=True)


async def _handle(line: str, user: SimulatedUser, last: list[BotMessage]) -> bool:
    """Act on one typed line; False means leave."""
    line = line.strip()
    if line in (":quit", ":q", ":exit"):
        return False
    if line.startswith(":location"):
        parts = line.split()
        try:
            await user.share_location(float(parts[1]), float(parts[2]))
        except (IndexError, ValueError):
            print("Usage: :location <latitude> <longitude>")
        return True
    if line.startswith(":file"):
        await _send_file(user, line.removeprefix(":file").strip())
        return True
    if press := _PRESS.match(line):
        await _press(user, int(press[1] or press[2]), last)
        return True
    if line:
        await user.send(line)
    return True


async def run_console(settings: Settings) -> int:
    from bot.app import build_application

    async with LocalBotApi() as api:
        local = settings.model_copy(
            update={
                "telegram_bot_token": SecretStr(api.token),
                "telegram_api_base_url": api.base_url,
                "telegram_api_file_url": api.base_file_url,
            }
        )
        app = build_application(local)
        await app.initialize()
        assert app.post_init is not None
        await app.post_init(app)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.05, timeout=10)
        name = getpass.getuser().capitalize() if getpass.getuser() != "root" else "Friend"
        user = api.user(CONSOLE_USER_ID, first_name=name)
        last: list[BotMessage] = []
        printer = asyncio.create_task(_print_replies(user, last))
        print(f"Limber console — database: {settings.database_url}\n{HELP}")
        await user.send("/start")
        try:
            while True:
                line = await asyncio.to_thread(sys.stdin.readline)
                if not line or not await _handle(line, user, last):
                    break
        except (KeyboardInterrupt, asyncio.CancelledError):
            pass
        finally:
            printer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await printer
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
            assert app.post_shutdown is not None
            await app.post_shutdown(app)
    return 0
