"""`python -m bot console`: chat with Limber in a terminal, with no token and no network.

Starts the local Bot API server and the real bot (polling it) in this process, then plays the
user: lines you type are sent as messages, a number presses that button of the last message.
"""

import asyncio
import contextlib
import getpass
import sys

from pydantic import SecretStr

from bot.config import Settings
from bot.devkit.localapi import BotMessage, LocalBotApi, SimulatedUser

CONSOLE_USER_ID = 4242
HELP = (
    "Type a message or a /command and press Enter. A number presses that button of the last "
    "message.\n`:location 52.52 13.40` shares a location, `:quit` (or Ctrl-D) leaves."
)


def render(message: BotMessage) -> str:
    """A bot message as terminal text, with its buttons numbered."""
    head = "Limber (edited)" if message.edited else "Limber"
    lines = [f"\n┌─ {head}", *(f"│ {line}" for line in message.text.splitlines())]
    number = 1
    for row in message.buttons:
        cells = []
        for label, _data in row:
            cells.append(f"[{number}] {label}")
            number += 1
        lines.append("│ " + "   ".join(cells))
    lines.append("└─")
    return "\n".join(lines)


async def _print_replies(user: SimulatedUser, last: list[BotMessage]) -> None:
    while True:
        try:
            message = await user.next(timeout=3600)
        except TimeoutError:
            continue
        if message.buttons:
            last[:] = [message]
        print(render(message), flush=True)


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
    if line.isdigit() and last:
        labels = last[0].labels
        index = int(line) - 1
        if 0 <= index < len(labels):
            await user.press(labels[index], message=last[0])
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
