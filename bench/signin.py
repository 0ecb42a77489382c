"""Concurrent sign-ins at the production argon2id cost (64 MiB each): how much memory they add,
how long each takes, and how long another writer waits for SQLite's write lock meanwhile.
The hash gate (VEXTRUS_AUTH_MAX_CONCURRENT_HASHES, default 2) bounds the first; argon2 running
outside every transaction bounds the last.

    PYTHONPATH=src python bench/signin.py [--size tiny|full]

tiny: 4 sign-ins at once; full: 16 (the attack of issue 10: +1 GB before the gate).
Half are unknown accounts (the anonymous attacker), half the right password.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path


def _rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    size = sys.argv[sys.argv.index("--size") + 1] if "--size" in sys.argv else "full"
    n = 4 if size == "tiny" else 16
    tmp = Path(tempfile.mkdtemp())
    os.environ.setdefault("VEXTRUS_DATABASE_URL", f"sqlite:///{tmp / 'bench.db'}")
    from auth import bench_tenant  # bench/auth.py: the same tenant, company and user

    from vextrus.modules.auth import hashing, service
    from vextrus.modules.auth.domain.errors import AuthError
    from vextrus.modules.auth.domain.passwords import PRODUCTION, PasswordHasher
    from vextrus.modules.auth.service import sessions
    from vextrus.platform import context

    service.use_hasher(PasswordHasher(PRODUCTION))
    rt, tenant, password = bench_tenant(tmp)

    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    lock = threading.Lock()
    done = threading.Event()
    peak = [_rss_mib()]
    before = peak[0]
    waits: list[float] = []

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss_mib())
            done.wait(0.002)

    def writer() -> None:  # another user's write: how long until it gets the write lock
        while not done.is_set():
            t = time.perf_counter()
            with context.acting_as(context.system_context()), rt.engine.begin() as conn:
                conn.exec_driver_sql("SELECT 1")
            waits.append(time.perf_counter() - t)
            done.wait(0.01)

    def one(i: int) -> None:
        email = "pm@bench.example" if i % 2 else f"nobody{i}@bench.example"
        t = time.perf_counter()
        try:
            sessions.login(email, password, f"10.9.{i // 250}.{i % 250}")
            code = "ok"
        except AuthError as exc:
            code = exc.code
        with lock:
            latencies.append(time.perf_counter() - t)
            outcomes[code] = outcomes.get(code, 0) + 1

    helpers = [threading.Thread(target=sample), threading.Thread(target=writer)]
    for h in helpers:
        h.start()
    start = time.perf_counter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    done.set()
    for h in helpers:
        h.join()
    gate = hashing.gate()
    p = PRODUCTION
    print(f"sign-ins at once: {n} (argon2id t={p.time_cost} m={p.memory_cost // 1024}MiB p={p.parallelism}; "
          f"hash slots {gate.slots}, wait {gate.wait_seconds:g} s, queue {gate.max_waiting})")
    print(f"memory added at peak: {peak[0] - before:.0f} MiB (unbounded it would be about {n * 64} MiB)")
    print(f"latency: median {statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms, "
          f"all done in {wall:.2f} s; outcomes {dict(sorted(outcomes.items()))}")
    print(f"another writer's wait for the SQLite write lock meanwhile: max {max(waits) * 1000:.1f} ms "
          f"over {len(waits)} writes")
    rt.close()


if __name__ == "__main__":
    main()
