"""Per-command cost: SQL statements and wall time of one journal post with its event, on SQLite or
PostgreSQL. Prints every figure.

    python bench/commands.py --size tiny                                               # CI
    python bench/commands.py --size small --database postgresql+psycopg://root@127.0.0.1:5432/test

Every module's handlers are subscribed (as `vextrus serve` runs them), the in-process bus delivers
right after the commit (as outside a request), and N two-line journal entries are posted one by one
through `finance.service.post_entry`. Each statement sent to the database is counted and assigned to
the command (its unit of work) or to the delivery of its event (the relay: pending-events read, the
durable handlers with their inbox rows, marking the event published). `--batch K` posts K entries
with delivery held back, then delivers the K events in one drain (what a busy server does when
requests' events queue up behind the delivery thread). Last, the journal entries page's query (50
entries with their lines) is timed in process.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import tempfile
import time
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

print = functools.partial(print, flush=True)  # noqa: A001 - progress shows when output is redirected

SIZES = {"tiny": 60, "small": 500, "large": 5_000}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(SIZES), default="tiny")
    ap.add_argument("--database", default=None, help="sqlite (default) or a PostgreSQL admin URL (a scratch db is made)")
    ap.add_argument("--batch", type=int, default=10, help="events per drain in the batched run (0: skip it)")
    ap.add_argument("--show", action="store_true", help="print the statements of one post and its delivery")
    args = ap.parse_args()
    run(args.database, SIZES[args.size], args.batch, args.show)


def run(database: str | None, n: int, batch: int, show: bool) -> None:
    from sqlalchemy import event

    from vextrus.modules.finance import service
    from vextrus.modules.finance.service import EntryIn, LineIn
    from vextrus.platform import bootstrap, context, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.scratch import scratch_database
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant

    scratch = scratch_database(database, owner="vextrus_bench_owner", runtime="vextrus_bench_runtime",
                               prefix="vextrus_bench_commands")
    try:
        settings = load_settings(database_url=scratch.url, migration_database_url=scratch.owner_url,
                                 data_dir=Path(tempfile.mkdtemp()), secret_key="b" * 48)
        rt = runtime.start(settings)
        bootstrap.migrate(rt)
        db = rt.engine.dialect.name
        tid = new_id()
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            s.add(Tenant(id=tid, code=f"b{tid.hex[-8:]}", name="Bench Builders Ltd.", is_demo=False))
        owner = context.RequestContext(tenant_id=tid, user_id=new_id(), permissions=frozenset({"*"}),
                                       roles=frozenset({"owner"}), actor="bench@test")

        phase = ["command"]
        counts: Counter[str] = Counter()
        shown: list[str] = []

        def count(_conn, _cursor, statement, _params, _ctx, _many) -> None:  # noqa: ANN001
            counts[phase[0]] += 1
            if show and phase[0] in ("command", "delivery") and len(shown) < 200:
                shown.append(f"  [{phase[0]}] {' '.join(statement.split())[:150]}")

        relay = rt.relay
        real_drain = relay.drain

        def drain(*a, **kw):  # noqa: ANN002, ANN003, ANN202
            if phase[0] == "command":
                phase[0] = "delivery"
                try:
                    return real_drain(*a, **kw)
                finally:
                    phase[0] = "command"
            return real_drain(*a, **kw)

        relay.drain = drain  # type: ignore[method-assign]
        event.listen(rt.engine.engine, "before_cursor_execute", count)

        def entry(i: int) -> EntryIn:
            return EntryIn(journal_type="general", entry_date=date(2025, 7, 1 + i % 28), narration=f"bench {i}",
                           lines=[LineIn(account_code="1120", debit=Decimal("1000.00") + i, credit=Decimal(0)),
                                  LineIn(account_code="3100", debit=Decimal(0), credit=Decimal("1000.00") + i)])

        with context.acting_as(owner):
            phase[0] = "setup"
            b = service.ensure_book("BENCH", "Bench Builders Ltd.")
            service.open_fiscal_year(b.code, "2025-26")
            relay.drain()
            phase[0] = "command"
            for i in range(5):  # warm caches (chart, calendar, handlers' first imports)
                service.post_entry(b.code, entry(i))
            counts.clear()
            if show:
                shown.clear()
                service.post_entry(b.code, entry(99))
                print("statements of one post and its delivery:")
                print("\n".join(shown))
                counts.clear()
            times = []
            cpu0 = time.process_time()
            t_all = time.perf_counter()
            for i in range(n):
                t0 = time.perf_counter()
                service.post_entry(b.code, entry(i))
                times.append(time.perf_counter() - t0)
            wall = time.perf_counter() - t_all
            cpu = time.process_time() - cpu0
            cmd, dlv = counts["command"] / n, counts["delivery"] / n
            print(f"[{db}] one journal post with its event, delivered after each commit ({n} posts):")
            print(f"[{db}]   statements per command: {cmd + dlv:.1f} ({cmd:.1f} the command, {dlv:.1f} delivering its event)")
            print(f"[{db}]   wall time per command: median {statistics.median(times) * 1000:.2f} ms, "
                  f"mean {wall / n * 1000:.2f} ms; {n / wall:,.0f} commands/s; CPU {cpu / n * 1000:.2f} ms per command")

            if batch:
                counts.clear()
                rounds = max(1, n // batch)
                relay.synchronous = False  # commit without delivering; nothing polls (no background relay here)
                cmd_s = dlv_s = 0.0
                cpu0 = time.process_time()
                for r in range(rounds):
                    t0 = time.perf_counter()
                    for i in range(batch):
                        service.post_entry(b.code, entry(r * batch + i))
                    t1 = time.perf_counter()
                    relay.synchronous = True
                    drain()
                    relay.synchronous = False
                    cmd_s += t1 - t0
                    dlv_s += time.perf_counter() - t1
                relay.synchronous = True
                cpu = time.process_time() - cpu0
                m = rounds * batch
                cmd, dlv = counts["command"] / m, counts["delivery"] / m
                print(f"[{db}] the same with events delivered {batch} at a time ({m} posts):")
                print(f"[{db}]   statements per command: {cmd + dlv:.1f} ({cmd:.1f} the command, {dlv:.1f} delivering its event)")
                print(f"[{db}]   wall time per command: {(cmd_s + dlv_s) / m * 1000:.2f} ms "
                      f"({cmd_s / m * 1000:.2f} the command, {dlv_s / m * 1000:.2f} delivering); "
                      f"{m / (cmd_s + dlv_s):,.0f} commands/s; CPU {cpu / m * 1000:.2f} ms per command")
            pages = 20  # the journal entries page's query (50 entries with their lines), read in process
            service.page_entries(b.code, first=50)
            cpu0, t0 = time.process_time(), time.perf_counter()
            for _ in range(pages):
                service.page_entries(b.code, first=50)
            print(f"[{db}] journal entries page (50 entries and their lines, in process): "
                  f"{(time.perf_counter() - t0) / pages * 1000:.2f} ms wall, "
                  f"{(time.process_time() - cpu0) / pages * 1000:.2f} ms CPU per page")
        rt.close()
    finally:
        runtime._current = None
        scratch.drop()


if __name__ == "__main__":
    main()
