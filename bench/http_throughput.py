"""Requests per second of /events against a plain-text route, served like `make run`.

Seeds the demo into a fresh SQLite file (or the database in
``PLANNER_DATABASE_URL``), starts ``planner serve`` exactly as `make run` does,
then drives each route with ``wrk`` (Debian's package) on loopback, one after
another against the same server, and prints a table with the machine it ran on.

    make bench                          # SQLite, 1 worker
    BENCH_WORKERS=2 make bench          # more workers
    BENCH_DURATION=10 make bench        # seconds per route (default 10)
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROUTES = {
    "plain text (/ping)": "/ping",
    "/events (all upcoming)": "/events",
    "/events?level=2&tag=step-free": "/events?level=2&tag=step-free",
    "/api/v1/events?level=2": "/api/v1/events?level=2",
}


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
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, duration: int, connections: int) -> WrkResult:
    """Run wrk with latency percentiles and parse its report."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
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


def main() -> int:
    """Seed, serve, measure, print."""
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    duration = int(os.environ.get("BENCH_DURATION", "10"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "16"))
    workers = os.environ.get("BENCH_WORKERS", "1")
    with tempfile.TemporaryDirectory(prefix="stepwise-bench-") as scratch:
        env = os.environ | {"PLANNER_VAR_DIR": str(Path(scratch) / "var")}
        planner = [sys.executable, "-m", "planner"]
        subprocess.run([*planner, "demo"], env=env, check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen(
            [*planner, "serve", "--port", str(port), "--workers", workers],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(f"{base}/health")
            database = env.get("PLANNER_DATABASE_URL", "sqlite (demo, WAL)").split("://")[0]
            print(f"machine: {machine()}")
            print(
                f"server: planner serve (granian, ASGI), {workers} worker(s); database: {database};"
                f" wrk -t2 -c{connections} -d{duration}s on 127.0.0.1"
            )
            print(f"{'route':34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs plain':>9}")
            baseline: float | None = None
            for label, path in ROUTES.items():
                urllib.request.urlopen(base + path, timeout=10).read()  # warm up
                result = run_wrk(base + path, duration, connections)
                baseline = baseline or result.requests_per_second
                ratio = result.requests_per_second / baseline
                flag = f"  ({result.non_2xx} non-2xx!)" if result.non_2xx else ""
                print(
                    f"{label:34} {result.requests_per_second:9.0f} {result.p50_ms:8.1f}"
                    f" {result.p99_ms:8.1f} {ratio:8.0%}{flag}"
                )
        finally:
            server.terminate()
            server.wait(timeout=15)
    return 0


def _wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


if __name__ == "__main__":
    raise SystemExit(main())
