"""API load benchmark (issue 20): `vextrus serve --demo --workers N` driven over HTTP by closed-loop users.

For each worker count it starts the server on a fresh SQLite database with the demo (or
`--database-url`), signs in as the demo owner and runs, for each number of users:
- `ceiling`: GET /health/live, the framework's ceiling on this machine (no database, no auth);
- `read`: the read mix, each user cycling through: journal entries page (REST, 50), trial balance,
  project activities, party search, GraphQL ledger accounts;
- `write`: journal entries posted through REST (balanced, idempotency key each).
Each user sends its next request when the last one answered (plus `--think` seconds). Printed per
row: requests/s, p50/p95/p99 latency, errors, the server's CPU (ms per request and % of one core,
all workers) and each worker's RSS (and unique memory), and the read mix's throughput as a share of the ceiling.

    python bench/api_load.py [--size tiny|full] [--workers 1,2] [--think 0] [--database-url URL]
    python bench/api_load.py --workers 1 --users 4 --scenarios read --profile read.txt   # where the CPU goes

`--profile FILE` samples the server (every worker) with py-spy (dev extras) during each `read` row, writes
the collapsed stacks to FILE (for flamegraph.pl or speedscope) and prints the Vextrus functions taking the
largest share of the samples, with the share of each endpoint of the read mix.

`--size tiny` (CI): 2 workers, 10 users, 2 s per row, < 60 s in all. Targets (issue 20, 2 cores, all
workers): read mix >= 400 req/s, 0 errors, RSS < 200 MB per worker. The load generator runs on the same
machine and takes CPU from the server: read the ratios (to the ceiling, 1 vs 2 workers), not the absolutes.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

BOOK = "PBL"  # the demo company's book
PROJECT = "PADMA-RES"
GRAPHQL_ACCOUNTS = '{ ledgerAccounts(book: "PBL") { code name } }'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    workdir: Path
    started_in: float

    def workers(self) -> list[psutil.Process]:
        me = psutil.Process(self.proc.pid)
        return me.children() or [me]  # one worker: the process itself serves

    def cpu(self) -> float:
        total = 0.0
        for p in self.workers():
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    def rss_mb(self) -> list[str]:
        """Per worker: resident MB (unique MB: what the worker does not share with the others)."""
        out = []
        for p in self.workers():
            m = p.memory_full_info()
            out.append(f"{m.rss / 1048576:.0f}({m.uss / 1048576:.0f})")
        return out

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start(workdir: Path, workers: int, database_url: str | None) -> Server:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VEXTRUS_") or k == "VEXTRUS_AUTH_ARGON2"}
    env["VEXTRUS_SECRET_KEY"] = "bench-" + "k" * 48
    env["VEXTRUS_LOG_LEVEL"] = "warning"
    if database_url:
        env["VEXTRUS_DATABASE_URL"] = database_url
    args = [sys.executable, "-m", "vextrus.cli", "serve", "--demo", "--port", str(port), "--workers", str(workers)]
    t0 = time.perf_counter()
    log = (workdir / f"server-{workers}.log").open("w")
    proc = subprocess.Popen(args, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {(workdir / f'server-{workers}.log').read_text()[-3000:]}")
        try:
            if httpx.get(url + "/health/ready", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.perf_counter() - t0 > 180:
            proc.kill()
            raise SystemExit("server not ready in 180 s")
        time.sleep(0.05)
    server = Server(proc, url, workdir, time.perf_counter() - t0)
    while len(server.workers()) < workers:  # every worker up, not only the first to answer
        time.sleep(0.05)
    return server


def sign_in(server: Server) -> str:
    creds = (server.workdir / "var" / "demo-credentials.txt").read_text()
    password = re.search(r"password for all: ([^)]+)\)", creds).group(1)
    r = httpx.post(server.url + "/api/v1/auth/login", json={"email": "owner@padma.example", "password": password})
    r.raise_for_status()
    return r.json()["access_token"]


Request = Callable[[httpx.AsyncClient, int], "asyncio.Future[httpx.Response]"]


def ceiling(c: httpx.AsyncClient, _n: int):  # noqa: ANN201
    return c.get("/health/live")


READS = [
    lambda c, _n: c.get(f"/api/v1/finance/books/{BOOK}/entries", params={"first": 50}),
    lambda c, _n: c.get(f"/api/v1/finance/books/{BOOK}/reports/trial-balance"),
    lambda c, _n: c.get(f"/api/v1/projects/projects/{PROJECT}/activities"),
    lambda c, _n: c.get("/api/v1/master_data/parties", params={"q": "a", "first": 20}),
    lambda c, _n: c.post("/graphql", json={"query": GRAPHQL_ACCOUNTS}),
]


def read_mix(c: httpx.AsyncClient, n: int):  # noqa: ANN201
    return READS[n % len(READS)](c, n)


RUN = secrets.token_hex(3)


def write(c: httpx.AsyncClient, n: int):  # noqa: ANN201
    amount = f"{1 + n % 997}.{n % 100:02d}"
    body = {"entry_date": time.strftime("%Y-%m-%d"), "narration": f"bench {RUN} {n}",
            "lines": [{"account_code": "5110", "debit": amount}, {"account_code": "2110", "credit": amount}]}
    return c.post(f"/api/v1/finance/books/{BOOK}/entries", json=body, headers={"Idempotency-Key": f"{RUN}-{n}"})


@dataclass
class Row:
    workers: int
    scenario: str
    users: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    cpu: float = 0.0
    rss: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1] * 1000

    def cpu_ms(self) -> float:
        done = len(self.latencies) + self.errors
        return self.cpu / done * 1000 if done else float("nan")


async def drive(server: Server, token: str, make: Callable, users: int, seconds: float, think: float,
                counter: itertools.count) -> tuple[list[float], int, str]:
    latencies: list[float] = []
    errors = 0
    first_error = ""
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=60,
                                 headers={"Authorization": f"Bearer {token}"}) as c:
        stop_at = time.perf_counter() + seconds

        async def user() -> None:
            nonlocal errors, first_error
            while time.perf_counter() < stop_at:
                t0 = time.perf_counter()
                try:
                    r = await make(c, next(counter))
                    ok = r.status_code < 400 and not (r.request.url.path == "/graphql" and "errors" in r.json())
                    why = "" if ok else f"{r.status_code} {r.text[:200]}"
                except httpx.HTTPError as exc:
                    ok, why = False, f"{type(exc).__name__}: {exc}"
                if ok:
                    latencies.append(time.perf_counter() - t0)
                else:
                    errors += 1
                    first_error = first_error or why
                if think:
                    await asyncio.sleep(think)

        await asyncio.gather(*(user() for _ in range(users)))
    return latencies, errors, first_error


def run_row(server: Server, token: str, workers: int, scenario: str, make: Callable, users: int, seconds: float,
            think: float, profile: str | None = None) -> Row:
    counter = itertools.count()
    asyncio.run(drive(server, token, make, min(users, 5), min(1.0, seconds / 2), 0, counter))  # warm the paths
    spy = None
    if profile:  # py-spy samples the supervisor and its workers while the row runs
        spy = subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(server.proc.pid),
                                "--subprocesses", "--rate", "250", "--duration", str(max(1, int(seconds))),
                                "--format", "raw", "--nonblocking", "-o", profile],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu0, t0 = server.cpu(), time.perf_counter()
    latencies, errors, first = asyncio.run(drive(server, token, make, users, seconds, think, counter))
    elapsed = time.perf_counter() - t0
    if spy is not None:
        spy.wait(60)
        print_profile(profile)
    row = Row(workers, scenario, users, elapsed, latencies, errors, first, server.cpu() - cpu0, server.rss_mb())
    return row


ENDPOINTS = {"entries": "journal entries page", "trial_balance": "trial balance", "list_activities": "project activities",
             "list_parties": "party search", "graphql_router.<locals>.graphql": "GraphQL ledger accounts"}


def print_profile(path: str, top: int = 15) -> None:
    """The Vextrus functions with the largest share of the samples (inclusive), from py-spy's collapsed
    stacks; idle threads (waiting on a lock, a selector) are left out of the total."""
    incl: dict[str, int] = {}
    total = 0
    for raw in Path(path).read_text().splitlines():
        stack, _, count = raw.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        if any(w in frames[-1] for w in ("Condition.wait", "select (selectors", "_worker (concurrent")):
            continue
        n = int(count)
        total += n
        for f in {f.split(" (")[0] + (" (" + f.split("(")[-1].split(":")[0].split("/vextrus/")[-1] + ")")
                  for f in frames if "/vextrus/" in f or "(vextrus/" in f}:
            incl[f] = incl.get(f, 0) + n
    if not total:
        print("        profile: no samples (is py-spy installed? pip install -e '.[dev]')")
        return
    print(f"        profile ({total} busy samples, {path}): endpoints of the read mix, share of busy samples")
    for fn, label in ENDPOINTS.items():
        share = sum(v for k, v in incl.items() if k.startswith(fn + " (") and ("rest.py" in k or "http.py" in k))
        print(f"          {100 * share / total:5.1f}%  {label}")
    print("        top Vextrus functions (inclusive):")
    for k, v in sorted(incl.items(), key=lambda kv: -kv[1])[:top]:
        print(f"          {100 * v / total:5.1f}%  {k}")


def header() -> str:
    return (f"{'workers':>7} {'scenario':>8} {'users':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'errors':>6} {'cpu ms/req':>10} {'cpu %':>6} {'ceiling':>7}  RSS(unique) MB per worker")


def line(row: Row, ceiling_rate: float | None) -> str:
    share = f"{row.rate / ceiling_rate:7.0%}" if ceiling_rate and row.scenario != "ceiling" else f"{'':>7}"
    return (f"{row.workers:>7} {row.scenario:>8} {row.users:>5} {row.rate:8.1f} {row.pct(50):8.1f} {row.pct(95):8.1f} "
            f"{row.pct(99):8.1f} {row.errors:>6} {row.cpu_ms():10.2f} {row.cpu / row.seconds:6.0%} {share}  "
            f"{'/'.join(map(str, row.rss))}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=["tiny", "full"], default="full")
    ap.add_argument("--workers", default=None, help="comma-separated worker counts (default: 1,2; tiny: 2)")
    ap.add_argument("--users", default=None, help="comma-separated user counts (default 10,50,200; tiny 10)")
    ap.add_argument("--seconds", type=float, default=None, help="per row (default 10; tiny 2)")
    ap.add_argument("--think", type=float, default=0.0, help="seconds each user waits between requests")
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    ap.add_argument("--scenarios", default="ceiling,read,write")
    ap.add_argument("--profile", default=None, metavar="FILE", help="sample the server with py-spy in read rows")
    args = ap.parse_args()
    tiny = args.size == "tiny"
    worker_counts = [int(w) for w in (args.workers or ("2" if tiny else "1,2")).split(",")]
    user_counts = [int(u) for u in (args.users or ("10" if tiny else "10,50,200")).split(",")]
    seconds = args.seconds or (2.0 if tiny else 10.0)
    scenarios = {"ceiling": ceiling, "read": read_mix, "write": write}
    chosen = [s for s in args.scenarios.split(",") if s in scenarios]
    workdir = Path(tempfile.mkdtemp(prefix="vextrus-api-load-"))
    t_all = time.perf_counter()
    print(f"api_load: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
          f"database {'sqlite' if not args.database_url else args.database_url.split(':')[0]}, think {args.think} s, "
          f"{seconds:g} s per row")
    print(header())
    failed = False
    for workers in worker_counts:
        server = start(workdir, workers, args.database_url)
        try:
            token = sign_in(server)
            ceiling_rate: dict[int, float] = {}
            for users in user_counts:
                for scenario in chosen:
                    row = run_row(server, token, workers, scenario, scenarios[scenario],
                                  min(users, 20) if scenario == "write" else users, seconds, args.think,
                                  args.profile if scenario == "read" else None)
                    if scenario == "ceiling":
                        ceiling_rate[users] = row.rate
                    print(line(row, ceiling_rate.get(users)), flush=True)
                    if row.errors:
                        failed = True
                        print(f"        first error: {row.first_error}")
        finally:
            server.stop()
        print(f"        ({workers} worker{'s' if workers > 1 else ''}: ready in {server.started_in:.1f} s)")
    print(f"api_load: {time.perf_counter() - t_all:.1f} s in all")
    if failed:
        raise SystemExit("api_load: some requests failed")


if __name__ == "__main__":
    main()
