"""Startup benchmark: seconds from `vextrus serve` to /health/ready = 200 (first run, which creates
and migrates the database, and a warm restart), and resident memory after N requests.

Targets (issue #2): ready < 3 s, RSS < 250 MB.  Usage: python bench/startup.py [--size tiny|full]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(workdir: Path, port: int, demo: bool) -> tuple[subprocess.Popen, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEXTRUS_")}
    args = [sys.executable, "-m", "vextrus.cli", "serve", "--port", str(port)] + (["--demo"] if demo else [])
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/health/ready"
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return proc, time.perf_counter() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.01)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(15)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=["tiny", "full"], default="full")
    size = ap.parse_args().size
    requests = 50 if size == "tiny" else 1000
    workdir = Path(tempfile.mkdtemp(prefix="vextrus-bench-"))
    port = free_port()

    proc, first = start(workdir, port, demo=True)
    stop(proc)
    proc, warm = start(workdir, port, demo=False)
    base = f"http://127.0.0.1:{port}"
    paths = ["/", "/status", "/health/ready", "/api/v1/openapi.json", "/static/vextrus.css"]
    with httpx.Client(base_url=base) as client:
        t0 = time.perf_counter()
        for i in range(requests):
            client.get(paths[i % len(paths)])
        elapsed = time.perf_counter() - t0
    rss = psutil.Process(proc.pid).memory_info().rss / 2**20
    stop(proc)
    print(f"startup (first run: create + migrate SQLite + demo data): {first:.2f} s")
    print(f"startup (warm restart) to /health/ready = 200:             {warm:.2f} s   target < 3 s")
    print(f"resident memory after {requests} requests:                  {rss:.0f} MB   target < 250 MB")
    print(f"request rate over those requests (1 client, mixed pages):  {requests / elapsed:.0f} req/s")


if __name__ == "__main__":
    main()
