"""Consumption vs estimate report (issue 17, docs/inventory.md "Consumption vs estimate"): the report's time at N
issue moves over A activities of one project (full: 100,000 issues over 200 activities, 5 items, every 20th move a
return; tiny: 2,000 over 10), the moves and one estimate per (activity, item) written by bulk INSERT (not through the
posting path: the report reads the moves as posted). Timed: the whole company as of the year's end, the project
as of the year's middle; each checked against the net consumed and value worked out from the rows written.

    PYTHONPATH=src python bench/inventory_consumption.py [--size tiny|full] [--moves N] [--activities N]

Runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database (single thread); prints the
machine's load (/proc/loadavg) with the figures.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta
from decimal import Decimal

from _company import start_company

ITEMS = 5


def _load() -> str:
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def main() -> None:
    from sqlalchemy import insert

    from vextrus.modules.inventory import service
    from vextrus.modules.inventory.schemas import StoreInput
    from vextrus.modules.inventory.tables import MaterialEstimateRow, MoveRow
    from vextrus.modules.master_data.schemas import ItemInput
    from vextrus.modules.master_data.service import items as item_service
    from vextrus.modules.projects import service as projects
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="tiny")
    ap.add_argument("--moves", type=int)
    ap.add_argument("--activities", type=int)
    a = ap.parse_args()
    n = a.moves or (100_000 if a.size == "full" else 2_000)
    n_act = a.activities or (200 if a.size == "full" else 10)
    rt, owner, c = start_company("consumption")
    from dataclasses import replace

    with context.acting_as(replace(owner, company_id=c.id)):
        t = time.perf_counter()
        p = projects.create_project("BENCH-P", "Bench project", company_id=c.id)
        codes = [f"A{k:04d}" for k in range(n_act)]
        for code in codes:
            projects.add_activity(p.id, code, f"Activity {code}", 8.0)
        store = service.create_store(StoreInput(company_id=c.id, code="SITE", name="Site", kind="site",
                                                project_id=p.id))
        items = [item_service.create_item(ItemInput(code=f"M-{k}", name=f"Material {k}", name_bn=f"উপকরণ {k}",
                                                    base_unit="bag")) for k in range(ITEMS)]
        tenant, start = context.require_tenant(), date(2025, 7, 1)
        mid = start + timedelta(days=182)
        rows, seq = [], dict.fromkeys((i.id for i in items), 0)
        expected = {start + timedelta(days=364): [Decimal(0), Decimal(0)], mid: [Decimal(0), Decimal(0)]}
        for j in range(n):
            item = items[j % ITEMS]
            seq[item.id] += 1
            back = j % 20 == 19  # a return: a priced positive adjustment carrying the project and activity
            qty, on = Decimal(1 + j % 7), start + timedelta(days=j * 365 // n)
            value = qty * 500 if back else -qty * 500
            rows.append(dict(id=new_id(), tenant_id=tenant, company_id=c.id, item_id=item.id, item_code=item.code,
                             seq=seq[item.id], move_date=on, kind="adjustment" if back else "issue", store_id=store.id,
                             quantity=qty, unit_cost=Decimal(500) if back else None, value=value,
                             moved_value=abs(value), project_id=p.id, activity_code=codes[j % n_act], memo=""))
            for day, tot in expected.items():
                if on <= day:
                    tot[0] += -qty if back else qty
                    tot[1] -= value
        estimates = [dict(id=new_id(), tenant_id=tenant, company_id=c.id, project_id=p.id, activity_code=code,
                          item_id=i.id, item_code=i.code, item_name=i.name, item_name_bn=i.name_bn, unit="bag",
                          quantity=Decimal(n // n_act), entered_quantity=Decimal(n // n_act), entered_unit="bag",
                          note="", version=1) for code in codes for i in items]
        with rt.session_factory.begin() as s:
            for k in range(0, len(rows), 10_000):
                s.execute(insert(MoveRow), rows[k:k + 10_000])
            s.execute(insert(MaterialEstimateRow), estimates)
        if rt.engine.dialect.name == "postgresql":
            from sqlalchemy import text

            with rt.session_factory.begin() as s:
                s.execute(text("ANALYZE inventory.inventory_move"))
        written = time.perf_counter() - t
        load = _load()
        for label, project_id, on in (("company, year's end", None, start + timedelta(days=364)),
                                      ("the project, mid-year", p.id, mid)):
            t, cpu = time.perf_counter(), time.process_time()
            report = service.consumption(c.id, project_id, on)
            wall, cpu = time.perf_counter() - t, time.process_time() - cpu
            net, value = expected[on]
            assert sum((ln.net for ln in report.lines), Decimal(0)) == net, (label, net)
            assert report.total_value == value and len(report.lines) == n_act * ITEMS, (label, report.total_value)
            print(f"inventory consumption ({rt.engine.dialect.name}): {label}, {n:,} moves over {n_act} activities × "
                  f"{ITEMS} items: {wall * 1000:,.0f} ms, CPU {cpu * 1000:,.0f} ms ({len(report.lines):,} rows, "
                  f"{len(report.over_activities)} over tolerance; load {load}; set-up {written:,.1f} s)")


if __name__ == "__main__":
    main()
