"""Scheduler lag (planned vs actual start) under load: J schedules all due at the same minute, W workers
ticking at once (as several `vextrus serve`/`vextrus worker` processes would), each job doing a small
write of its own while the others claim theirs. Every planned run must start exactly once.

    PYTHONPATH=src python bench/scheduler.py [--size tiny|full] [--database sqlite|postgresql+psycopg://root@127.0.0.1:5432/test]
                                             [--workers W]

tiny: 20 jobs; full: 400 jobs. Prints runs per second, the lag (started minus planned) median, p95 and
max, and how many runs each worker claimed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    ap.add_argument("--database", default="sqlite")
    ap.add_argument("--workers", type=int, default=3)
    args = ap.parse_args()
    jobs = 20 if args.size == "tiny" else 400

    from sqlalchemy import update

    from vextrus.modules.scheduler import service
    from vextrus.modules.scheduler.schemas import JobInput
    from vextrus.modules.scheduler.tables import ScheduledJob
    from vextrus.platform import bootstrap, clock, context, runtime
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant
    from vextrus.platform.uow import unit_of_work

    drop = None
    if args.database == "sqlite":
        url, owner_url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}", None
    else:
        from vextrus.platform.scratch import scratch_database

        scratch = scratch_database(args.database, owner="vextrus_app_bench", runtime="vextrus_runtime_bench",
                                   prefix="vextrus_bench")
        url, owner_url, drop = scratch.url, scratch.owner_url, scratch.drop
    try:
        rt = runtime.start(load_settings(database_url=url, migration_database_url=owner_url,
                                         data_dir=Path(tempfile.mkdtemp()), secret_key="b" * 48, log_level="warning"))
        bootstrap.migrate(rt)
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            tenant = Tenant(code="sbench", name="Bench Ltd.")
            s.add(tenant)
        tid = tenant.id
        ran: Counter[str] = Counter()
        lock = threading.Lock()

        def work() -> None:  # a small write of its own: the load the claims compete with
            with unit_of_work() as uow:
                uow.session.execute(update(Tenant).where(Tenant.id == tid).values(name="Bench Ltd."))
            with lock:
                ran[threading.current_thread().name] += 1

        service.register_action("bench.work", work, "bench")
        with context.acting_as(context.system_context(tid)):
            for i in range(jobs):
                service.create_job(JobInput(name=f"job{i:04d}", action="bench.work", kind="interval",
                                            interval_seconds=3600))
            planned = clock.now()
            with unit_of_work() as uow:  # all due now: the worst minute
                uow.session.execute(update(ScheduledJob).values(next_run_at=planned))
        claimed: Counter[int] = Counter()
        barrier = threading.Barrier(args.workers)

        def worker(n: int) -> None:
            with context.acting_as(context.system_context(tid, actor=f"job:scheduler.tick#{n}")):
                barrier.wait()
                claimed[n] = len(service.tick(worker=f"w{n}"))

        t = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.workers)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        took = time.perf_counter() - t
        with context.acting_as(context.system_context(tid)):
            runs = service.history(None, 500) if jobs <= 500 else []
        lags = sorted(r.lag_ms for r in runs)
        per_job = Counter(r.job_name for r in runs)
        db = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
        print(f"scheduler bench ({args.size}, {db}, {jobs} jobs due at once, {args.workers} workers)")
        print(f"  {len(runs)} runs in {took * 1000:,.0f} ms = {len(runs) / took:,.0f} runs/s; "
              f"claims per worker {dict(sorted(claimed.items()))}")
        if lags:
            p95 = lags[min(len(lags) - 1, int(len(lags) * 0.95))]
            print(f"  lag planned -> started: median {statistics.median(lags):,.0f} ms, p95 {p95:,} ms, max {lags[-1]:,} ms")
        twice = [k for k, v in per_job.items() if v != 1]
        print(f"  every planned run started exactly once: {'yes' if not twice and len(per_job) == jobs else 'NO ' + str(twice)}"
              f" (actions run: {sum(ran.values())})")
    finally:
        if drop:
            runtime.current().close()
            drop()


if __name__ == "__main__":
    main()
