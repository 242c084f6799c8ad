"""The ``planner`` command: serve, migrate, seed the demo."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence

from granian import Granian
from granian.constants import Interfaces

from planner.core.clock import SystemClock
from planner.core.db import create_engine, create_session_maker, is_sqlite
from planner.core.migrations import downgrade, upgrade
from planner.core.settings import Settings
from planner.demo.seed import seed_demo

logger = logging.getLogger("planner")


def _prepare(settings: Settings) -> None:
    if is_sqlite(settings.database_url):
        settings.app.var_dir.mkdir(parents=True, exist_ok=True)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Apply migrations, then serve the app with granian."""
    _prepare(settings)
    upgrade(settings.database_url)
    host = args.host or settings.server.host
    port = args.port or settings.server.port
    workers = args.workers or settings.server.workers
    # Workers build their app from the environment: tell them the port we chose.
    os.environ["PLANNER_SERVER_PORT"] = str(port)
    print(f"Stepwise is running at http://{host}:{port}  (Ctrl+C to stop)", flush=True)
    Granian(
        "planner.app:create_app",
        factory=True,
        # Litestar's startup and shutdown hooks need the ASGI interface (not RSGI).
        interface=Interfaces.ASGI,
        address=host,
        port=port,
        workers=workers,
        log_access=False,
    ).serve()
    return 0


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    """``planner db upgrade`` / ``planner db downgrade REV``."""
    _prepare(settings)
    if args.action == "upgrade":
        upgrade(settings.database_url, args.revision or "head")
    else:
        if not args.revision:
            print("planner db downgrade needs a revision, for example: base", file=sys.stderr)
            return 2
        downgrade(settings.database_url, args.revision)
    return 0


async def _seed_demo(settings: Settings) -> str:
    engine = create_engine(settings.database_url)
    try:
        async with create_session_maker(engine)() as session:
            summary = await seed_demo(session, SystemClock().now())
            await session.commit()
    finally:
        await engine.dispose()
    if summary.already_seeded:
        return "The demo is already there; nothing was added."
    return (
        f"Added the demo: {summary.organisers} organisers, {summary.venues} venues, "
        f"{summary.events} gatherings, {summary.replies} replies."
    )


def cmd_demo(settings: Settings, _args: argparse.Namespace) -> int:
    """Fill an empty database with the demo (running it again adds nothing)."""
    _prepare(settings)
    upgrade(settings.database_url)
    print(asyncio.run(_seed_demo(settings)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="planner", description="Stepwise planner")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="apply migrations, then serve the app")
    serve.add_argument("--host", default=None, help="address to listen on")
    serve.add_argument("--port", type=int, default=None, help="port to listen on")
    serve.add_argument("--workers", type=int, default=None, help="worker processes")
    serve.set_defaults(handler=cmd_serve)

    db = commands.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade", "downgrade"])
    db.add_argument("revision", nargs="?", default=None, help="target revision (head, base, …)")
    db.set_defaults(handler=cmd_db)

    demo = commands.add_parser("demo", help="fill an empty database with a realistic demo")
    demo.set_defaults(handler=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``planner`` console script."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    handler = args.handler
    result: int = handler(settings, args)
    return result
