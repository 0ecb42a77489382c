"""Instructions per request of the read mix, counted by callgrind (issue 20): a figure the machine's load does not move.

bench/read_cpu.py measures CPU time, and on this shared 2-core machine the same code has measured 7.9 and 10.6 ms
for one request in two runs a minute apart: a before/after pair of a 0.3 ms change cannot be read off it. Valgrind's
callgrind counts the instructions the process executes instead, the same for the same code and data whatever else
the machine is doing, provided nothing runs by the clock: the child starts no outbox poller and stops the WAL
checkpointer after the warm-up (both do work per second of wall time, and callgrind's wall time moves with the
load). Python under callgrind runs ~50× slower, so only the requests are instrumented:

1. the demo database is built natively (a fresh SQLite file in a temp directory);
2. a child process runs under `valgrind --tool=callgrind --instr-atstart=no`: it starts the app over `TestClient`,
   signs in and warms every request up uninstrumented, then for each request of the mix the parent switches
   instrumentation on (`callgrind_control -i on`), lets the child send it N times, switches it off and dumps the
   count (`callgrind_control -d`);
3. printed per request: million instructions (client and server threads together, as read_cpu's CPU ms).

    PYTHONPATH=src python bench/read_instructions.py [--size tiny|small] [--only entries,health] [-n 20]

The same request list as bench/read_cpu.py; `health` (`/health/live`) is the framework's and the test client's own
share. Compare two trees by running this in each: the counts differ only by what the code does.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from read_cpu import REQUESTS  # noqa: E402  (the one list of the read mix)


def _environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEXTRUS_") or k == "VEXTRUS_AUTH_ARGON2"}
    env.update(VEXTRUS_DATABASE_URL=f"sqlite:///{tmp / 'bench.db'}", VEXTRUS_DATA_DIR=str(tmp),
               VEXTRUS_SECRET_KEY="bench-" + "k" * 48, VEXTRUS_LOG_LEVEL="warning",
               VEXTRUS_AUTH_ARGON2=os.environ.get("VEXTRUS_AUTH_ARGON2", "fast-test"),
               PYTHONHASHSEED="0")  # the same string hashes in every run: the counts repeat
    return env


def child(names: list[str], n: int) -> None:
    """Runs under callgrind: waits for the parent's line before each measured batch, answers when done."""
    from fastapi.testclient import TestClient

    from vextrus.app import create_app
    from vextrus.platform import sqlite_wal
    from vextrus.platform.settings import get_settings

    # no background threads in the measured windows: their work follows the wall clock (the outbox relay polls
    # every second, the WAL checkpointer runs 0.2 s after a commit), and callgrind's wall clock is ~50x slower and
    # moves with the machine's load; a request's own instructions do not
    app = create_app(get_settings(), relay_poll=False)
    password = re.search(r"password for all: ([^)]+)\)",
                         (Path(os.environ["VEXTRUS_DATA_DIR"]) / "demo-credentials.txt").read_text()).group(1)
    with TestClient(app) as c:
        r = c.post("/api/v1/auth/login", json={"email": "owner@padma.example", "password": password})
        r.raise_for_status()
        c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"

        def send(name: str) -> int:
            method, path, data = REQUESTS[name]
            resp = c.post(path, json=data) if method == "POST" else c.get(path, params=data)
            if resp.status_code >= 400 or (path == "/graphql" and "errors" in resp.json()):
                raise SystemExit(f"{name}: {resp.status_code} {resp.text[:300]}")
            return len(resp.content)

        sizes = {}
        for name in names:  # warm-up: compiled statements, caches, lazy imports
            for _ in range(3):
                sizes[name] = send(name)
        for checkpointer in list(sqlite_wal._checkpointers.values()):
            checkpointer.stop()
        for name in names:
            print(f"ready {name} {sizes[name]}", flush=True)
            sys.stdin.readline()
            for _ in range(n):
                send(name)
            print("done", flush=True)
            sys.stdin.readline()


def _control(*args: str) -> None:
    subprocess.run(["callgrind_control", *args], check=True, capture_output=True, text=True)


def _total(path: Path) -> int:
    found = re.search(r"^totals:\s+(\d+)", path.read_text(errors="replace"), re.M)
    if not found:
        raise SystemExit(f"no totals in {path}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=["tiny", "small"], default="small")
    ap.add_argument("--only", default=None, help="comma-separated names of: " + ",".join(REQUESTS))
    ap.add_argument("-n", type=int, default=None, help="requests per measured batch")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    names = args.only.split(",") if args.only else (["health", "entries"] if args.size == "tiny" else list(REQUESTS))
    if unknown := [n for n in names if n not in REQUESTS]:
        ap.error(f"--only: unknown {', '.join(unknown)} (known: {', '.join(REQUESTS)})")
    n = args.n or (2 if args.size == "tiny" else 20)
    if args.child:
        child(args.child.split(","), n)
        return
    if not (shutil.which("valgrind") and shutil.which("callgrind_control")):
        raise SystemExit("valgrind (with callgrind_control) is needed: apt-get install valgrind")

    tmp = Path(tempfile.mkdtemp())
    env = _environment(tmp)
    src = str(HERE.parent / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from vextrus.app import create_app\n"
                    "from vextrus.platform import bootstrap\nfrom vextrus.platform.settings import get_settings\n"
                    "create_app(get_settings()); bootstrap.load_demo()"], env=env, check=True, capture_output=True)
    out = tmp / "callgrind.out"
    proc = subprocess.Popen(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                             sys.executable, __file__, "--child", ",".join(names), "-n", str(n)],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdin and proc.stdout
    print(f"instructions per request under callgrind (sqlite, demo, {n} requests a batch; load does not move them)")
    print(f"{'request':<16} {'M instr':>9} {'bytes':>8}")
    try:
        for i, name in enumerate(names, start=1):
            line = proc.stdout.readline()
            if not line.startswith("ready"):
                raise SystemExit(f"child: {line!r} {proc.stderr.read()[-2000:] if proc.poll() is not None else ''}")
            size = line.split()[2]
            _control("-z", str(proc.pid))
            _control("-i", "on", str(proc.pid))
            proc.stdin.write("\n")
            proc.stdin.flush()
            if proc.stdout.readline().strip() != "done":
                raise SystemExit(f"child stopped during {name}: {proc.stderr.read()[-2000:]}")
            _control("-i", "off", str(proc.pid))
            _control("-d", name, str(proc.pid))
            print(f"{name:<16} {_total(Path(f'{out}.{i}')) / n / 1e6:>9.2f} {size:>8}", flush=True)
            proc.stdin.write("\n")
            proc.stdin.flush()
        proc.wait(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"({time.perf_counter() - t0:.0f} s in all)")


if __name__ == "__main__":
    main()
