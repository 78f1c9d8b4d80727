"""The `limber` / `python -m bot` command line."""

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from pydantic import ValidationError

from bot.config import get_settings
from bot.logs import setup_logging

NO_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set, so I can't reach Telegram.\n"
    "Set it (in the environment or a .env file), or try Limber offline with:\n"
    "    python -m bot console"
)


def _run() -> int:
    from bot.serve import run

    settings = get_settings()
    if not settings.telegram_bot_token.get_secret_value():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    run(settings)
    _exit_now(0)


def _exit_now(code: int) -> NoReturn:
    """Leave as soon as the bot has shut down: leases are released, the database is closed and
    the log flushed. Tearing the interpreter down object by object adds seconds on a busy host,
    seconds a container's stop timeout (10 s, then SIGKILL) does not have to spare."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _migrate() -> int:
    from db.admin import migrate

    asyncio.run(migrate(get_settings().database_url))
    print("Database is up to date.")
    return 0


def _console() -> int:
    from bot.devkit.console import run_console

    return asyncio.run(run_console(get_settings()))


def _train_net() -> int:
    from bot.devkit.pain_net_training import build

    trained_on = build()
    print(f"Trained the /pain safety net on {trained_on['entries']} tuned corpus entries.")
    return 0


def _train_topics() -> int:
    from bot.devkit.pain_topic_training import build

    trained_on = build()
    learned = trained_on["samples"]
    print(f"Trained the /pain topic re-picker on {learned} tuned entries and rule examples.")
    return 0


def _content_check() -> int:
    from bot.content.check import check_content

    problems, summary = check_content()
    for problem in problems:
        print(f"✗ {problem}")
    print(f"{'✗' if problems else '✓'} {summary}: {len(problems)} problem(s)")
    return 1 if problems else 0


def _bench(args: argparse.Namespace) -> int:
    """Print the figures; the last line is one JSON object."""
    if args.bench == "updates":
        from bot.devkit.bench import updates

        figures: dict[str, object] = asyncio.run(
            updates.run(args.updates, users=args.users, flood=args.flood, drain=args.drain)
        )
    elif args.bench == "pain":
        from bot.devkit.bench import pain

        figures = dict(pain.run(args.queries))
    elif args.bench in ("stats", "tracks"):
        from bot.devkit.bench import stats

        figures = (
            stats.run_stats(args.charts)
            if args.bench == "stats"
            else stats.run_tracks(args.points, args.fit_points, args.repeats)
        )
    else:
        from bot.devkit.bench import dispatch

        figures = asyncio.run(
            dispatch.run(args.reminders, claim_rows=args.claim_rows, database_url=args.database_url)
        )
    for key, value in figures.items():
        print(f"{key:>28}: {value}")
    print(json.dumps(figures))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="limber", description="Limber, the mobility bot.")
    commands = parser.add_subparsers(
        dest="command", description="without a command: `run` if a token is set, else `console`"
    )
    commands.add_parser(
        "run", help="poll the Bot API, or serve its webhook when WEBHOOK_URL is set"
    )
    commands.add_parser("console", help="chat with Limber in this terminal, no token needed")
    commands.add_parser("migrate", help="bring the database schema up to date")
    content = commands.add_parser("content", help="content tools")
    content.add_argument(
        "action",
        choices=["check", "train-net", "train-topics"],
        help="check: validate routines and pain rules; train-net: rebuild the /pain safety net;"
        " train-topics: rebuild the /pain topic re-picker",
    )
    bench = commands.add_parser("bench", help="benchmarks; the last line printed is JSON")
    kinds = bench.add_subparsers(dest="bench", required=True)
    dispatch = kinds.add_parser("dispatch", help="reminders delivered per second, claim time")
    dispatch.add_argument("--reminders", type=int, default=2000)
    dispatch.add_argument(
        "--claim-rows", type=int, default=1_000_000, help="table size for the claim timing"
    )
    dispatch.add_argument(
        "--database-url", help="database for the throughput part (default: a temporary SQLite)"
    )
    updates = kinds.add_parser(
        "updates", help="updates per second against a bare PTB echo bot, latency under a flood"
    )
    updates.add_argument("--updates", type=int, default=1000, help="messages per round")
    updates.add_argument("--users", type=int, default=50, help="how many users send them")
    updates.add_argument("--flood", type=int, default=500, help="messages of the flooding user")
    updates.add_argument(
        "--drain", type=int, default=1000, help="reminders due at once for the drain latency"
    )
    pain = kinds.add_parser("pain", help="time per /pain match")
    pain.add_argument("--queries", type=int, default=20000)
    charts = kinds.add_parser("stats", help="/stats chart time, memory before/after the first")
    charts.add_argument("--charts", type=int, default=30)
    files = kinds.add_parser("tracks", help="time and memory to read a big GPX and FIT file")
    files.add_argument("--points", type=int, default=50_000, help="points in the GPX track")
    files.add_argument(
        "--fit-points", type=int, default=53_000, help="records in the FIT file (about 1 MB)"
    )
    files.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
    except ValidationError as error:  # e.g. WEBHOOK_URL without WEBHOOK_SECRET: refuse to start
        for problem in error.errors():
            print(f"Configuration: {problem['msg']}", file=sys.stderr)
        return 2
    console = args.command == "console" or (
        args.command is None and not settings.telegram_bot_token.get_secret_value()
    )
    # In the console, log lines would interleave with the chat: show only problems by default.
    quiet = console and "log_level" not in settings.model_fields_set
    secrets = [settings.telegram_bot_token.get_secret_value(),
               settings.webhook_secret.get_secret_value()]  # fmt: skip
    setup_logging("WARNING" if quiet else settings.log_level, settings.log_format, secrets)
    if args.command == "run":
        return _run()
    if args.command == "migrate":
        return _migrate()
    if args.command == "console":
        return _console()
    if args.command == "content":
        actions = {"check": _content_check, "train-net": _train_net, "train-topics": _train_topics}
        return actions[args.action]()
    if args.command == "bench":
        return _bench(args)
    return _console() if console else _run()


if __name__ == "__main__":
    sys.exit(main())
