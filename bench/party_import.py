"""Party CSV import benchmark: similar names, dry run and real run, rows/s and the write lock.

    PYTHONPATH=src python bench/party_import.py --size tiny                  # CI: SQLite, seconds
    PYTHONPATH=src python bench/party_import.py --size full                  # 1,000 and 10,000 rows, SQLite
    PYTHONPATH=src python bench/party_import.py --size full --database all   # SQLite and PostgreSQL

Then the same real import through a background run (`platform.background`: queued on huey, run by a
consumer thread as a signed-in owner, progress written as it goes) against the inline call, each in
a fresh tenant: rows/s both ways and the progress writes (20,000 rows with --size full).

The file: names from a small vocabulary ("Rahman Karim Traders 17"), 40% of them near-copies of an
earlier row (one letter changed, words swapped, "M/S … Ltd." added), a third with a Bangla name,
every row with its own mobile number. Each size runs in a fresh tenant: a dry run, the real import,
then a dry run of a second file of the same size against the parties just written (the existing-
party path). Printed per run: seconds, rows/s, similar-name warnings, and the longest write
transaction (on SQLite: how long the write lock was held; a dry run must hold it for 0 ms).
Before the blocked matcher, 1,000 such rows took 166 s of CPU and a dry run held the write lock
throughout (issue 10, finding 4).
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from ledger import _database  # noqa: E402  (scratch SQLite file / PostgreSQL database)

print = functools.partial(print, flush=True)  # noqa: A001
SIZES = {"tiny": [200], "full": [1_000, 10_000]}
JOB_SIZES = {"tiny": 200, "full": 20_000}  # the background-run comparison
PG_DEFAULT = "postgresql+psycopg://root@127.0.0.1:5432/test"
FIRST = ["Rahman", "Karim", "Hossain", "Alam", "Islam", "Chowdhury", "Ahmed", "Akter", "Meghna", "Padma", "Jamuna",
         "Sonali", "Rupali", "Bengal", "Modern", "United", "Apex", "Star", "Green", "Crescent", "Karnaphuli", "Sylhet",
         "Dhaka", "Eastern", "Northern", "Delta", "Shapla", "Bismillah", "Mayer Doa", "Bhai Bhai"]
KIND = ["Traders", "Builders", "Construction", "Enterprise", "Steel", "Cement", "Bricks", "Engineering", "Suppliers",
        "Hardware", "Sand & Stone", "Transport", "Electric", "Developers"]
BN = ["মেঘনা", "পদ্মা", "যমুনা", "রহমান", "করিম", "আলম", "ইসলাম", "চৌধুরী", "সোনালী", "রূপালী", "বেঙ্গল", "শাপলা"]
BN_KIND = ["ট্রেডার্স", "বিল্ডার্স", "কনস্ট্রাকশন", "সিমেন্ট", "স্টিল", "এন্টারপ্রাইজ", "হার্ডওয়্যার"]


def _typo(rng: random.Random, s: str) -> str:
    i = rng.randrange(len(s))
    c = rng.choice("aeiourstn")
    return [s[:i] + c + s[i + 1:], s[:i] + s[i + 1:], s[:i] + c + s[i:]][rng.randrange(3)]


def make_csv(n: int, seed: int, mobile_base: int) -> bytes:
    rng = random.Random(seed)
    names: list[tuple[str, str]] = []
    for _ in range(n):
        if names and rng.random() < 0.4:
            en, bn = rng.choice(names)
            r = rng.random()
            en = _typo(rng, en) if r < 0.6 else (" ".join(reversed(en.split())) if r < 0.8 else f"M/S {en} Ltd.")
        else:
            en = f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(KIND)}"
            if rng.random() < 0.3:
                en += f" {rng.randrange(100)}"
            bn = f"{rng.choice(BN)} {rng.choice(BN_KIND)}" if rng.random() < 0.33 else ""
        names.append((en, bn))
    lines = ["legal_name,legal_name_bn,roles,mobile"]
    for i, (en, bn) in enumerate(names):
        lines.append(f"\"{en}\",{bn},{rng.choice(['customer', 'vendor', 'customer;vendor'])},"
                     f"0171{mobile_base + i:07d}")
    return ("\n".join(lines) + "\n").encode()


class WriteLockClock:
    """The longest transaction begun for writing (SQLite: BEGIN IMMEDIATE = holding the write lock)."""

    def __init__(self, engine: Any):
        from sqlalchemy import event

        from vextrus.platform.db import reads_only

        self.longest = 0.0
        base = engine.engine

        @event.listens_for(base, "begin")
        def _begin(conn: Any) -> None:
            conn.info["vx_write_t0"] = None if reads_only.get() else time.perf_counter()

        def _end(conn: Any) -> None:
            t0 = conn.info.pop("vx_write_t0", None)
            if t0 is not None:
                self.longest = max(self.longest, time.perf_counter() - t0)

        event.listen(base, "commit", _end)
        event.listen(base, "rollback", _end)

    def reset(self) -> None:
        self.longest = 0.0


def _owner(tenant_id: Any, n: int) -> Any:
    """A company and its owner in the tenant; their context (background runs act as a real user)."""
    from vextrus.modules.auth import service as auth
    from vextrus.modules.auth.service import sessions
    from vextrus.modules.organization import api as org
    from vextrus.platform import context

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="B", name="Bench Ltd."))
        auth.seed_default_roles(c.id)
        u = auth.create_user(auth.UserInput(email=f"owner{n}.{tenant_id.hex[-8:]}@bench.example", name="Owner"),
                             "bench password 123", c.id, ["owner"])
    return sessions.context_for(u.id, tenant_id, company_id=c.id)


def job_vs_inline(rt: Any, n: int, order: tuple[str, ...] = ("inline", "background run")) -> None:
    """The same real import of `n` rows inline and as a background run (each in a fresh tenant)."""
    from vextrus.modules.master_data import imports
    from vextrus.platform import background, context
    from vextrus.platform.ids import new_id
    from vextrus.platform.tables import Tenant

    db = rt.engine.dialect.name
    data = make_csv(n, 3, 5 * n)
    writes = [0]
    real_write = background._write

    def counted(run_id: Any, values: dict[str, Any]) -> None:
        writes[0] += 1
        real_write(run_id, values)

    background._write = counted
    rt.jobs.start_consumer(workers=1, periodic=False)
    try:
        for label in order:
            tid = new_id()
            with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
                s.add(Tenant(id=tid, code=f"job{label[0]}{n}", name="Bench", is_demo=False))
            owner = _owner(tid, n)
            writes[0] = 0
            with context.acting_as(owner):
                t0, c0 = time.perf_counter(), time.process_time()  # CPU of every thread (the consumer's too)
                if label == "inline":
                    rep = imports.run_import("parties", data, dry_run=False)
                else:
                    run = imports.submit_import("parties", data, dry_run=False)
                    assert background.wait(run.id, timeout=3600) == "done", background.get_run(run.id).error
                    rep = imports.import_run(run.id)[1]
                dt, cpu = time.perf_counter() - t0, time.process_time() - c0
            assert rep is not None and not rep.errors and len(rep.created) == n, rep and rep.errors[:3]
            print(f"[{db}] {n:>6,} rows  real import, {label:<19} {dt:7.2f} s  {n / dt:8,.0f} rows/s  "
                  f"CPU {cpu:6.1f} s  {writes[0]:>4} run-record writes")
            rt.relay.drain()
    finally:
        rt.jobs.stop_consumer()
        background._write = real_write


def run(url: str, sizes: list[int], job_size: int, only_jobs: bool = False) -> None:
    from vextrus.modules.master_data import imports
    from vextrus.platform import context, migrations, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    rt = runtime.start(load_settings(database_url=url, data_dir=Path(tempfile.mkdtemp()), secret_key="x" * 48,
                                     import_max_rows=max(*sizes, job_size)), consume=False)
    try:
        migrations.upgrade(rt.engine)
        db = rt.engine.dialect.name
        clock = WriteLockClock(rt.engine)
        for n in [] if only_jobs else sizes:
            tid = new_id()
            with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
                s.add(Tenant(id=tid, code=f"bench{n}", name="Bench", is_demo=False))
            first, second = make_csv(n, 1, 0), make_csv(n, 2, n)
            with context.acting_as(context.system_context(tid, actor="bench")):
                for label, data, dry in (("dry run", first, True), ("import", first, False),
                                         ("dry run, 2nd file vs the book", second, True)):
                    clock.reset()
                    t0 = time.perf_counter()
                    rep = imports.run_import("parties", data, dry_run=dry)
                    dt = time.perf_counter() - t0
                    assert not rep.errors, rep.errors[:3]
                    print(f"[{db}] {n:>6,} rows  {label:<31} {dt:7.2f} s  {n / dt:8,.0f} rows/s  "
                          f"{len(rep.warnings):>6,} similar-name warnings  "
                          f"longest write lock {clock.longest * 1000:7.1f} ms")
                    rt.relay.drain()  # deliver the created events outside the timing
        job_vs_inline(rt, job_size, ("background run", "inline") if only_jobs else ("inline", "background run"))
    finally:
        rt.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(SIZES), default="tiny")
    ap.add_argument("--database", default="sqlite",
                    help="sqlite (default), a PostgreSQL URL, or 'all' (SQLite and the local PostgreSQL)")
    ap.add_argument("--jobs-only", action="store_true",
                    help="only the inline vs background-run comparison, the background run first")
    args = ap.parse_args()
    targets = ["sqlite", PG_DEFAULT] if args.database == "all" else [args.database]
    for target in targets:
        url, drop = _database(target)
        try:
            run(url, SIZES[args.size], JOB_SIZES[args.size], args.jobs_only)
        finally:
            drop()  # type: ignore[operator]
    return 0


if __name__ == "__main__":
    sys.exit(main())
