"""CPU per request of the read mix, in process (issue 20): the app over `TestClient` on a demo database.

Each request of bench/api_load.py's read mix (and the trivial endpoint, the framework's and the test
client's own share) is sent N times after a warm-up; printed per request: CPU ms (`time.process_time()`,
every thread of the process: the client's and the server's), wall ms, SQL statements and response
bytes, the best of `--repeat` runs (the machine is shared: the minimum is the least disturbed).

    PYTHONPATH=src python bench/read_cpu.py [--size tiny|small] [--database URL] [--only activities,graphql]

`--size tiny` (CI): 5 requests each, one run. Without `--database`, a fresh SQLite file in a temp directory.
The load average (/proc/loadavg) is printed before and after: compare runs made side by side.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

BOOK = "PBL"
PROJECT = "PADMA-RES"
GRAPHQL_ACCOUNTS = '{ ledgerAccounts(book: "PBL") { code name } }'

REQUESTS = {  # name: (method, path, params or json)
    "entries": ("GET", f"/api/v1/finance/books/{BOOK}/entries", {"first": 50}),
    "trial_balance": ("GET", f"/api/v1/finance/books/{BOOK}/reports/trial-balance", None),
    "activities": ("GET", f"/api/v1/projects/projects/{PROJECT}/activities", None),
    "activities_page": ("GET", f"/api/v1/projects/projects/{PROJECT}/activities", {"first": 100}),
    "parties": ("GET", "/api/v1/master_data/parties", {"q": "a", "first": 20}),
    "graphql": ("POST", "/graphql", {"query": GRAPHQL_ACCOUNTS}),
    "health": ("GET", "/health/live", None),
}


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=["tiny", "small"], default="small")
    ap.add_argument("--database", default=None)
    ap.add_argument("--only", default=None, help="comma-separated names of: " + ",".join(REQUESTS))
    ap.add_argument("-n", type=int, default=None, help="requests per run")
    ap.add_argument("--repeat", type=int, default=None)
    args = ap.parse_args()
    names = args.only.split(",") if args.only else list(REQUESTS)
    if unknown := [n for n in names if n not in REQUESTS]:
        ap.error(f"--only: unknown {', '.join(unknown)} (known: {', '.join(REQUESTS)})")
    n = args.n or (5 if args.size == "tiny" else 40)
    repeat = args.repeat or (1 if args.size == "tiny" else 3)
    tmp = Path(tempfile.mkdtemp())
    for k in [k for k in os.environ if k.startswith("VEXTRUS_") and k != "VEXTRUS_AUTH_ARGON2"]:
        del os.environ[k]
    os.environ["VEXTRUS_DATABASE_URL"] = args.database or f"sqlite:///{tmp / 'bench.db'}"
    os.environ["VEXTRUS_DATA_DIR"] = str(tmp)
    os.environ["VEXTRUS_SECRET_KEY"] = "bench-" + "k" * 48
    os.environ["VEXTRUS_LOG_LEVEL"] = "warning"
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from vextrus.app import create_app
    from vextrus.platform import bootstrap, runtime
    from vextrus.platform.settings import get_settings

    app = create_app(get_settings())
    _tenant, _created, lines = bootstrap.load_demo()
    found = re.search(r"password for all: ([^)]+)\)", "\n".join(lines))
    password = found.group(1) if found else re.search(r"password for all: ([^)]+)\)", (tmp / "demo-credentials.txt").read_text()).group(1)
    statements = [0]
    event.listen(runtime.current().engine, "before_cursor_execute", lambda *_a, **_k: statements.__setitem__(
        0, statements[0] + 1))
    print(f"read CPU per request, in process ({runtime.current().engine.dialect.name}, {n} requests x {repeat}, "
          f"best run), load {loadavg()}")
    with TestClient(app) as c:
        r = c.post("/api/v1/auth/login", json={"email": "owner@padma.example", "password": password})
        r.raise_for_status()
        c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"

        def send(name: str):  # noqa: ANN202
            method, path, data = REQUESTS[name]
            resp = c.post(path, json=data) if method == "POST" else c.get(path, params=data)
            if resp.status_code >= 400 or (path == "/graphql" and "errors" in resp.json()):
                raise SystemExit(f"{name}: {resp.status_code} {resp.text[:300]}")
            return resp

        print(f"{'request':<16} {'CPU ms':>8} {'wall ms':>8} {'stmts':>6} {'bytes':>8}")
        for name in names:
            for _ in range(3):
                size = len(send(name).content)
            best = None
            for _ in range(repeat):
                s0, c0, w0 = statements[0], time.process_time(), time.perf_counter()
                for _ in range(n):
                    send(name)
                cpu, wall = (time.process_time() - c0) * 1000 / n, (time.perf_counter() - w0) * 1000 / n
                if best is None or cpu < best[0]:
                    best = (cpu, wall, (statements[0] - s0) / n)
            print(f"{name:<16} {best[0]:>8.2f} {best[1]:>8.2f} {best[2]:>6.1f} {size:>8}")
    print(f"load after: {loadavg()}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
