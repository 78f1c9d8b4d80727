"""The `limber` / `python -m bot` command line."""

import argparse
import asyncio
import sys
from collections.abc import Sequence

from bot.config import get_settings
from bot.logs import setup_logging

NO_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set, so I can't reach Telegram.\n"
    "Set it (in the environment or a .env file), or try Limber offline with:\n"
    "    python -m bot console"
)


def _run() -> int:
    from bot.app import build_application

    settings = get_settings()
    if not settings.telegram_bot_token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    app = build_application(settings)
    app.run_polling(poll_interval=settings.telegram_poll_interval, drop_pending_updates=False)
    return 0


def _migrate() -> int:
    from db.migrate import upgrade
    from db.session import make_engine

    async def go() -> None:
        engine = make_engine(get_settings().database_url)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(go())
    print("Database is up to date.")
    return 0


def _console() -> int:
    from bot.console import run_console

    return asyncio.run(run_console(get_settings()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="limber", description="Limber, the mobility bot.")
    commands = parser.add_subparsers(
        dest="command", description="without a command: `run` if a token is set, else `console`"
    )
    commands.add_parser("run", help="poll the configured Bot API (needs TELEGRAM_BOT_TOKEN)")
    commands.add_parser("console", help="chat with Limber in this terminal, no token needed")
    commands.add_parser("migrate", help="bring the database schema up to date")
    args = parser.parse_args(argv)
    setup_logging(get_settings().log_level)
    if args.command == "run":
        return _run()
    if args.command == "migrate":
        return _migrate()
    if args.command == "console":
        return _console()
    return _run() if get_settings().telegram_bot_token else _console()


if __name__ == "__main__":
    sys.exit(main())
