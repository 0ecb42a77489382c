"""Audit benchmark: records written per second from a burst of events, and `audit verify` time, on
SQLite or PostgreSQL. Prints every figure.

    python bench/audit.py --size tiny                                              # CI
    python bench/audit.py --size small --database postgresql+psycopg://root@127.0.0.1:5432/test

A burst of N events (master data's `party.created`, with a Bangla name) is committed to the outbox
without delivery, then delivered by a relay whose bus carries only the audit trail's `"*"`
handler: each event is read from the outbox, given an inbox row, appended to the tenant's hash
chain (head row locked on PostgreSQL) with its full-text entry, and marked published - the work the
trail adds after a request's response. `--workers 2` delivers the burst with two threads at once
(as two relay workers), so the per-tenant chain lock is part of the figure.
"""

from __future__ import annotations

import argparse
import functools
import tempfile
import threading
import time
from pathlib import Path

print = functools.partial(print, flush=True)  # noqa: A001 - progress shows when output is redirected

SIZES = {"tiny": 300, "small": 5_000, "large": 50_000}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=list(SIZES), default="tiny")
    ap.add_argument("--database", default=None, help="sqlite (default) or a PostgreSQL admin URL (a scratch db is made)")
    ap.add_argument("--workers", type=int, default=1, choices=(1, 2))
    args = ap.parse_args()
    n = SIZES[args.size]

    from vextrus.modules.audit import service as audit
    from vextrus.modules.audit.handlers import subscriptions
    from vextrus.modules.master_data.events import PartyCreated
    from vextrus.platform import bootstrap, context, runtime
    from vextrus.platform.bus import InProcessBus
    from vextrus.platform.events import Envelope
    from vextrus.platform.ids import new_id
    from vextrus.platform.relay import Relay, make_dispatch, to_envelope
    from vextrus.platform.scratch import scratch_database
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import OutboxEvent, Tenant
    from vextrus.platform.uow import unit_of_work

    scratch = scratch_database(args.database, owner="vextrus_bench_owner", runtime="vextrus_bench_runtime",
                               prefix="vextrus_bench_audit")
    try:
        settings = load_settings(database_url=scratch.url, migration_database_url=scratch.owner_url,
                                 data_dir=Path(tempfile.mkdtemp()), secret_key="b" * 48)
        rt = runtime.start(settings, consume=False)
        bootstrap.migrate(rt)
        db = rt.engine.dialect.name
        tid = new_id()
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            s.add(Tenant(id=tid, code=f"b{tid.hex[-8:]}", name="Bench Builders Ltd.", is_demo=False))
        rt.relay.synchronous = False  # commit the burst without delivering it (no poller runs)
        t0 = time.perf_counter()
        with context.acting_as(context.system_context(tid, actor="bench@test")):
            for start in range(0, n, 500):
                with unit_of_work() as uow:
                    for i in range(start, min(n, start + 500)):
                        uow.emit(PartyCreated(party_id=new_id(), code=f"V-{i:06d}",
                                              legal_name=f"Meghna Cement {i} / মেঘনা সিমেন্ট {i}",
                                              roles=["vendor"], vendor_status="pending"))
        emit_s = time.perf_counter() - t0
        print(f"database: {db}; burst: {n:,} events committed to the outbox in {emit_s:.2f} s")

        [sub] = [s for s in subscriptions.items if s.event_name == "*"]
        t0 = time.perf_counter()
        if args.workers == 1:
            bus = InProcessBus()
            bus.start_consumers([sub], make_dispatch(rt.session_factory))
            relay = Relay(rt.session_factory, bus)
            delivered = relay.drain(batch=500, tenants=[tid])
        else:
            from sqlalchemy import select

            with context.acting_as(context.system_context(tid)), rt.session_factory() as s:
                envs: list[Envelope] = [to_envelope(r) for r in s.execute(
                    select(OutboxEvent).where(OutboxEvent.tenant_id == tid).order_by(OutboxEvent.id)).scalars()]
            dispatch = make_dispatch(rt.session_factory)
            threads = [threading.Thread(target=lambda part: [dispatch(sub, e) for e in part], args=(envs[k::2],))
                       for k in (0, 1)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            delivered = len(envs)
        deliver_s = time.perf_counter() - t0
        print(f"audit records written: {delivered:,} in {deliver_s:.2f} s = {delivered / deliver_s:,.0f} records/s "
              f"({args.workers} worker{'s' if args.workers > 1 else ''}, includes outbox read, inbox, chain append, "
              "full-text entry, publish mark)")

        with context.acting_as(context.system_context(tid, actor="bench")):
            t0 = time.perf_counter()
            report = audit.verify()
            verify_s = time.perf_counter() - t0
            assert report.ok and report.checked == n, report
            t0 = time.perf_counter()
            from vextrus.modules.audit.schemas import AuditSearch

            hits = audit.search(AuditSearch(text="মেঘনা"), limit=50)
            search_ms = (time.perf_counter() - t0) * 1000
        print(f"audit verify: {report.checked:,} records in {verify_s:.2f} s = {report.checked / verify_s:,.0f} records/s")
        print(f"full-text search (Bangla word, first page of {len(hits.items)}): {search_ms:.1f} ms")
        rt.close()
    finally:
        scratch.drop()


if __name__ == "__main__":
    main()
