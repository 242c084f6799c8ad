"""The ``planner`` command: serve, migrate, seed the demo."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Sequence

from granian import Granian
from granian.constants import Interfaces

from planner.accounts.passwords import password_problem
from planner.accounts.services import create_or_promote_admin
from planner.core.clock import SystemClock
from planner.core.db import create_engine, create_session_maker, is_sqlite
from planner.core.forms import EMAIL_PATTERN
from planner.core.migrations import downgrade, upgrade
from planner.core.settings import Settings
from planner.demo.seed import seed_demo
from planner.rsvps.retention import purge

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


async def _create_admin(settings: Settings, email: str, password: str) -> str:
    engine = create_engine(settings.database_url)
    try:
        async with create_session_maker(engine)() as session:
            account, created = await create_or_promote_admin(
                session, email=email, password=password, now=SystemClock().now()
            )
            await session.commit()
    finally:
        await engine.dispose()
    verb = "Created" if created else "Promoted"
    return f"{verb} {account.email} as an admin. Sign in at {settings.app.base_url}/auth/login"


def _read_admin_password(email: str) -> str | None:
    if password := os.environ.get("PLANNER_ADMIN_PASSWORD"):
        return password
    if not sys.stdin.isatty():
        print("No terminal to ask on: set PLANNER_ADMIN_PASSWORD instead.", file=sys.stderr)
        return None
    first = getpass.getpass(f"Password for {email}: ")
    second = getpass.getpass("The same password again: ")
    if first != second:
        print("The two passwords were different; nothing was changed.", file=sys.stderr)
        return None
    return first


def cmd_create_admin(settings: Settings, args: argparse.Namespace) -> int:
    """Create (or promote) an admin, asking for the password on the terminal."""
    email = args.email.strip().lower()
    if not EMAIL_PATTERN.match(email):
        print(f"{args.email!r} doesn't look like an email address.", file=sys.stderr)
        return 2
    password = _read_admin_password(email)
    if password is None:
        return 2
    if problem := password_problem(password, email=email):
        print(problem, file=sys.stderr)
        return 2
    _prepare(settings)
    upgrade(settings.database_url)
    print(asyncio.run(_create_admin(settings, email, password)))
    return 0


async def _purge(settings: Settings) -> str:
    engine = create_engine(settings.database_url)
    days = settings.app.retention_days
    try:
        async with create_session_maker(engine)() as session:
            purged = await purge(session, now=SystemClock().now(), retention_days=days)
            await session.commit()
    finally:
        await engine.dispose()
    return (
        f"Kept everything from the last {days} days. Deleted {purged.rsvps} replies of "
        f"gatherings that ended before then (with their allies, safety plans and "
        f"reminders), {purged.messages} sent emails, {purged.imports} calendar imports "
        f"and {purged.feeds} empty guest calendar feeds."
    )


def cmd_purge(settings: Settings, _args: argparse.Namespace) -> int:
    """Apply the retention policy (``PLANNER_RETENTION_DAYS``)."""
    _prepare(settings)
    upgrade(settings.database_url)
    print(asyncio.run(_purge(settings)))
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

    admin = commands.add_parser(
        "create-admin",
        help="create or promote an admin (password from the terminal or PLANNER_ADMIN_PASSWORD)",
    )
    admin.add_argument("email")
    admin.set_defaults(handler=cmd_create_admin)

    purge_command = commands.add_parser(
        "purge",
        help="delete replies of gatherings that ended over PLANNER_RETENTION_DAYS ago, "
        "and the mail and imports of that age",
    )
    purge_command.set_defaults(handler=cmd_purge)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``planner`` console script."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    handler = args.handler
    result: int = handler(settings, args)
    return result
