"""Search at scale: 100,000 gatherings on SQLite and PostgreSQL, served like production.

For each database it generates the dataset (bench/dataset.py), starts
``planner serve`` exactly as `make run` does (granian, ASGI, the configured
worker count), and drives each route with ``wrk`` (Debian's package) on loopback,
one after another against the same server:

- a plain-text route of the same app (``/ping``): the framework's ceiling, measured
  in the same run so the other routes can be stated as a ratio of it;
- ``/events`` with a typical filter (level ≤ 2, one tag, within 25 km of Leeds,
  the next 30 days), the same search through ``/api/v1/events``, and an event page.

Then it repeats the search on a 1,000-gathering dataset, with one connection (so
the figure is the cost of a request, not queueing), to show how the cost grows.

    make bench                               # SQLite and PostgreSQL
    BENCH_DATABASES=sqlite make bench        # one of them
    BENCH_DURATION=5 BENCH_WORKERS=2 make bench

PostgreSQL comes from BENCH_POSTGRES_URL (default: the local test server); the
benchmark creates its own databases there and drops them afterwards.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import asyncpg
from sqlalchemy.engine import make_url

from bench.dataset import DatasetSummary, generate

POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
BIG, SMALL = 100_000, 1_000
CITY = "Leeds"
TAG = "step-free"
TARGETS = {"events": 0.10, "api": 0.15, "event": 0.15}
P99_TARGET_MS = 100.0
GROWTH_TARGET = 1.5
MEMORY_TARGET_MB = 200.0


@dataclass(frozen=True)
class WrkResult:
    """What wrk measured for one route."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def machine() -> str:
    """A one-line description of the machine the figures came from."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, duration: int, connections: int) -> WrkResult:
    """Run wrk with latency percentiles and parse its report."""
    threads = min(2, connections)
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    percentiles = {
        match.group(1): _to_ms(match.group(2), match.group(3))
        for match in re.finditer(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)", output, re.MULTILINE)
    }
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return WrkResult(
        rps, percentiles["50"], percentiles["99"], int(non_2xx.group(1)) if non_2xx else 0
    )


def typical_search(today: date) -> str:
    """Level ≤ 2, one tag, within 25 km of a city, the next 30 days."""
    return urlencode(
        {
            "level": 2,
            "tag": TAG,
            "near": CITY,
            "within_km": 25,
            "from": today.isoformat(),
            "to": (today + timedelta(days=30)).isoformat(),
        }
    )


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(POSTGRES_URL), timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def database(kind: str, scratch: Path, size: int) -> Iterator[str]:
    """An empty database of ``kind``, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{scratch / f'bench-{size}.db'}"
        return
    name = f"stepwise_bench_{size}_{secrets.token_hex(3)}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def worker_memory_mb(server_pid: int) -> float:
    """Peak resident memory (VmHWM) of the largest granian worker process."""
    peak = 0.0
    for pid in _children(server_pid) or [server_pid]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except OSError:
            continue
    return peak


@contextmanager
def served(
    url: str, scratch: Path, workers: str | None, *, cache: bool = True
) -> Iterator[tuple[str, int]]:
    """``planner serve`` on the database, as `make run` runs it (``cache=False``: with
    the catalog cache off, to measure what a cache miss costs)."""
    env = os.environ | {
        "PLANNER_VAR_DIR": str(scratch / "var"),
        "PLANNER_DATABASE_URL": url,
        "PLANNER_DATABASE_CATALOG_CACHE": "true" if cache else "false",
    }
    port = _free_port()
    command = [sys.executable, "-m", "planner", "serve", "--port", str(port)]
    if workers:
        command += ["--workers", workers]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/health")
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=15)


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        body: bytes = response.read()
        return body


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            _get(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _flag(ok: bool) -> str:
    return "met" if ok else "MISSED"


def bench_database(kind: str, scratch: Path, duration: int, connections: int) -> None:
    """Generate, serve, measure and print one database's table."""
    workers = os.environ.get("BENCH_WORKERS")
    today = datetime.now(UTC).date()
    search = typical_search(today)
    routes: dict[str, tuple[str, str]] = {}
    results: dict[str, WrkResult] = {}
    growth: dict[int, dict[str, float]] = {}
    summaries: dict[int, DatasetSummary] = {}
    memory = 0.0
    uncached: dict[str, WrkResult] = {}
    for size in (BIG, SMALL):
        with database(kind, scratch, size) as url:
            print(f"[{kind}] generating {size:,} gatherings…", file=sys.stderr)
            summaries[size] = asyncio.run(generate(url, events=size))
            with served(url, scratch, workers) as (base, pid):
                listing = json.loads(_get(f"{base}/api/v1/events?{search}"))
                if size == BIG:
                    slug = listing["items"][0]["slug"] if listing["items"] else ""
                    routes = {
                        "plain": ("plain text (/ping)", "/ping"),
                        "events": ("/events, typical filter", f"/events?{search}"),
                        "api": ("/api/v1/events, same search", f"/api/v1/events?{search}"),
                        "event": ("/events/{slug}", f"/events/{slug}"),
                    }
                    print(
                        f"[{kind}] the typical search finds {listing['total']} gatherings",
                        file=sys.stderr,
                    )
                    for key, (_, path) in routes.items():
                        _get(base + path)  # warm up (and load the gazetteer)
                        results[key] = run_wrk(base + path, duration, connections)
                memory = max(memory, worker_memory_mb(pid))
            # Cache misses: what the queries themselves cost, and how that grows.
            with served(url, scratch, workers, cache=False) as (base, pid):
                if size == BIG:
                    for key in TARGETS:
                        _get(base + routes[key][1])
                        uncached[key] = run_wrk(base + routes[key][1], duration, connections)
                growth[size] = {}
                for key, path in (
                    ("events", f"/events?{search}"),
                    ("api", f"/api/v1/events?{search}"),
                ):
                    _get(base + path)
                    growth[size][key] = run_wrk(base + path, max(3, duration // 2), 1).p50_ms
                growth[size]["total"] = float(listing["total"])
                memory = max(memory, worker_memory_mb(pid))

    big = summaries[BIG]
    print()
    print(f"=== {kind} ===")
    print(
        f"dataset: {big.events:,} gatherings (80% upcoming), {big.venues:,} venues in "
        f"{big.cities} real cities, {big.event_tags:,} event tags, {big.rsvps:,} RSVPs; "
        f"generated in {big.seconds:.0f} s"
    )
    print(
        f"server: planner serve (granian, ASGI), {workers or 'default (1)'} worker(s); "
        f"wrk -c{connections} -d{duration}s on 127.0.0.1"
    )
    print(f"typical filter: ?{search}")
    header = f"{'route':30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs plain':>9} {'target':>16}"
    print(header)
    plain = results["plain"].requests_per_second
    for key, (label, _) in routes.items():
        result = results[key]
        ratio = result.requests_per_second / plain
        target = ""
        if key in TARGETS:
            target = f"≥{TARGETS[key]:.0%} {_flag(ratio >= TARGETS[key])}"
        flag = f"  ({result.non_2xx} non-2xx!)" if result.non_2xx else ""
        print(
            f"{label:30} {result.requests_per_second:8.0f} {result.p50_ms:8.1f}"
            f" {result.p99_ms:8.1f} {ratio:9.1%} {target:>16}{flag}"
        )
    print("the same, with the catalog cache off (every request a cache miss):")
    for key in TARGETS:
        result = uncached[key]
        ratio = result.requests_per_second / plain
        flag = f"  ({result.non_2xx} non-2xx!)" if result.non_2xx else ""
        print(
            f"{routes[key][0] + ', uncached':30} {result.requests_per_second:8.0f}"
            f" {result.p50_ms:8.1f} {result.p99_ms:8.1f} {ratio:9.1%}{flag}"
        )
    worst_p99 = max(results[key].p99_ms for key in TARGETS)
    print(
        f"p99 of the three app routes at {connections} connections: worst {worst_p99:.0f} ms"
        f" (target ≤{P99_TARGET_MS:.0f} ms: {_flag(worst_p99 <= P99_TARGET_MS)})"
    )
    print(
        f"memory per worker (peak RSS): {memory:.0f} MB"
        f" (target ≤{MEMORY_TARGET_MB:.0f} MB: {_flag(memory <= MEMORY_TARGET_MB)})"
    )
    print("growth, 1 connection, p50 of the same search, catalog cache off:")
    for key, label in (("events", "/events page"), ("api", "/api/v1/events")):
        small, large = growth[SMALL][key], growth[BIG][key]
        ratio = large / small
        print(
            f"  {label:16} {SMALL:>7,} gatherings: {small:6.1f} ms ({growth[SMALL]['total']:.0f}"
            f" found)   {BIG:,}: {large:6.1f} ms ({growth[BIG]['total']:.0f} found)"
            f"   ×{ratio:.2f} (target ≤{GROWTH_TARGET}: {_flag(ratio <= GROWTH_TARGET)})"
        )
    sys.stdout.flush()


def main() -> int:
    """Run the benchmark for each database and print the tables."""
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    duration = int(os.environ.get("BENCH_DURATION", "10"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "16"))
    kinds = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="stepwise-bench-") as scratch:
        for kind in kinds:
            bench_database(kind.strip(), Path(scratch), duration, connections)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
