"""`make run`'s three steps on a fresh SQLite file: migrate, seed, serve, answer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.html import parse


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_fresh_sqlite_migrates_seeds_serves(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PLANNER_")} | {
        "PLANNER_VAR_DIR": str(tmp_path / "var")
    }
    planner = [sys.executable, "-m", "planner"]
    subprocess.run([*planner, "db", "upgrade"], env=env, check=True, cwd=tmp_path, timeout=60)
    seeded = subprocess.run(
        [*planner, "demo"],
        env=env,
        check=True,
        cwd=tmp_path,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert "Added the demo" in seeded.stdout
    assert (tmp_path / "var" / "stepwise.db").exists()
    assert (tmp_path / "var" / "secret_key").exists()

    port = _free_port()
    server = subprocess.Popen(
        [*planner, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = _get(f"{base}/health")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"server did not start:\n{server.stdout.read() if server.stdout else ''}"
                    )
                time.sleep(0.2)
        assert (status, body) == (200, '{"status":"ok","database":"ok"}')

        status, body = _get(f"{base}/events?level=2")
        assert status == 200
        cards = parse(body).select("#results .card")
        assert 5 <= len(cards) <= 20
    finally:
        server.terminate()
        server.wait(timeout=10)

    again = subprocess.run(
        [*planner, "demo"],
        env=env,
        check=True,
        cwd=tmp_path,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert "already there" in again.stdout
