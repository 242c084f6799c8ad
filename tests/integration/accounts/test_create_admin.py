"""`planner create-admin EMAIL`: scripted with PLANNER_ADMIN_PASSWORD, or asked on a terminal."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pexpect
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from planner.accounts.models import Account, Role
from planner.accounts.passwords import verify_password
from planner.core.db import create_session_maker

PASSWORD = "moderating with care 2026"


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=True)


def _env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PLANNER_")}
    return base | {"PLANNER_DATABASE_URL": database_url, "PLANNER_VAR_DIR": str(tmp_path)} | extra


async def _admin(engine: AsyncEngine, email: str) -> Account | None:
    async with create_session_maker(engine)() as session:
        return await session.scalar(select(Account).where(Account.email == email))


async def test_scripted_create_then_promote(
    clean_database: AsyncEngine, database_url: str, tmp_path: Path
) -> None:
    env = _env(database_url, tmp_path, PLANNER_ADMIN_PASSWORD=PASSWORD)
    command = [sys.executable, "-m", "planner", "create-admin", "Admin@Example.org"]
    first = await asyncio.to_thread(_run, command, env)
    assert "Created admin@example.org as an admin" in first.stdout
    admin = await _admin(clean_database, "admin@example.org")
    assert admin is not None
    assert admin.role is Role.ADMIN
    assert admin.email_verified_at is not None
    assert verify_password(admin.password_hash, PASSWORD)

    second = await asyncio.to_thread(_run, command, env)
    assert "Promoted admin@example.org" in second.stdout


def test_weak_password_or_bad_email_changes_nothing(database_url: str, tmp_path: Path) -> None:
    weak = subprocess.run(
        [sys.executable, "-m", "planner", "create-admin", "admin@example.org"],
        env=_env(database_url, tmp_path, PLANNER_ADMIN_PASSWORD="password"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert weak.returncode == 2
    assert "at least 10 characters" in weak.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "planner", "create-admin", "not-an-email"],
        env=_env(database_url, tmp_path, PLANNER_ADMIN_PASSWORD=PASSWORD),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2


async def test_password_is_asked_on_the_terminal(
    clean_database: AsyncEngine, database_url: str, tmp_path: Path
) -> None:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "planner", "create-admin", "tty@example.org"],
        env=_env(database_url, tmp_path),
        encoding="utf-8",
        timeout=60,
    )
    child.expect("Password for tty@example.org: ")
    child.sendline(PASSWORD)
    child.expect("The same password again: ")
    child.sendline(PASSWORD)
    child.expect("Created tty@example.org as an admin")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    admin = await _admin(clean_database, "tty@example.org")
    assert admin is not None
    assert admin.role is Role.ADMIN
