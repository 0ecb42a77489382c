"""Issue 19's benchmark (CRM and property sales; the issue names it bench/crm.py): the unit availability grid of
a 2,000-unit building rendered as a page, and the collections due/overdue report over 50,000 instalments
(targets: < 200 ms each). The pipeline board is bench/crm_pipeline.py.

    PYTHONPATH=src python bench/crm.py [--size tiny|full]

Runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database (single thread). The
units, bookings and instalments are written in bulk (the set-up is not what is measured); the grid is timed
through the HTTP app (one GET of /sales/buildings/{id}: the query and the template) and through the service
alone; the report through the service and its page. Each figure is the median of 5 runs after a warm-up.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from _company import median_time, start_company


def main() -> None:
    from fastapi.testclient import TestClient
    from sqlalchemy import insert

    from vextrus.app import create_app
    from vextrus.modules.projects import service as projects
    from vextrus.modules.sales import service
    from vextrus.modules.sales.schemas import BuildingInput
    from vextrus.modules.sales.tables import BookingRow, InstalmentRow, UnitRow
    from vextrus.platform import context
    from vextrus.platform.ids import new_id
    from vextrus.platform.uow import unit_of_work

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    tiny = ap.parse_args().size == "tiny"
    floors, per_floor = (10, 10) if tiny else (50, 40)  # 100 or 2,000 units
    bookings, per_booking = (40, 25) if tiny else (2_000, 25)  # 1,000 or 50,000 instalments
    rt, owner, c = start_company("salesbench")
    owner = replace(owner, company_id=c.id)  # a user acts in one company (the report's index leads with it)
    with context.acting_as(owner):
        p = projects.create_project("TOWER", "Bench Tower", company_id=c.id)
        b = service.create_building(BuildingInput(project_id=p.id, code="T", name="Tower", floors=floors))
        statuses = ("available", "available", "held", "booked", "sold", "handed_over", "cancelled")
        unit_rows, booking_rows, inst_rows = [], [], []
        tid = owner.tenant_id
        for f in range(1, floors + 1):
            for k in range(per_floor):
                unit_rows.append(dict(id=new_id(), tenant_id=tid, company_id=c.id, project_id=p.id, building_id=b.id,
                                      code=f"{f}-{k:02d}", kind="flat", floor=f, size_sft=Decimal(1100 + 10 * k),
                                      facing="south", status=statuses[(f + k) % len(statuses)], version=1))
        start = date(2024, 1, 1)
        for n in range(bookings):
            unit = unit_rows[n % len(unit_rows)]
            bid = new_id()
            booking_rows.append(dict(id=bid, tenant_id=tid, company_id=c.id, project_id=p.id, unit_id=unit["id"],
                                     number=f"BK-{n + 1:06d}", buyer_party_id=new_id(), booking_date=start,
                                     price=Decimal(per_booking * 400_000), status="booked", agreement_ref="", version=1))
            for s in range(per_booking):
                due = start + timedelta(days=30 * s + n % 30)
                inst_rows.append(dict(id=new_id(), tenant_id=tid, company_id=c.id, project_id=p.id, booking_id=bid,
                                      seq=s + 1, kind="monthly", label=f"Instalment {s + 1}", label_bn="",
                                      amount=Decimal(400_000), paid=Decimal(400_000) if s < 6 else Decimal(0),
                                      due_date=due, open=0 if s < 6 else 1))
        with unit_of_work() as uow:
            uow.session.execute(insert(UnitRow), unit_rows)
            uow.session.execute(insert(BookingRow), booking_rows)
            for i in range(0, len(inst_rows), 5_000):
                uow.session.execute(insert(InstalmentRow), inst_rows[i:i + 5_000])
        as_of = start + timedelta(days=30 * 12)
        t_grid = median_time(lambda: service.unit_grid(b.id))
        t_report = median_time(lambda: service.collections_report(as_of))
        report = service.collections_report(as_of)
    app = create_app(rt.settings, start_runtime=False, extra_authenticators=[lambda _r: owner])
    with TestClient(app) as client:
        page = client.get(f"/sales/buildings/{b.id}")
        assert page.status_code == 200 and page.text.count('class="unit st-') == len(unit_rows), page.status_code
        t_page = median_time(lambda: client.get(f"/sales/buildings/{b.id}"))
        coll = client.get(f"/sales/collections?as_of={as_of.isoformat()}")
        assert coll.status_code == 200, coll.status_code
        t_coll_page = median_time(lambda: client.get(f"/sales/collections?as_of={as_of.isoformat()}"))
    rt.close()
    db = rt.engine.dialect.name
    print(f"crm/sales ({db}): unit grid of {len(unit_rows):,} units ({floors} floors × {per_floor}) page "
          f"{t_page * 1000:,.0f} ms (service {t_grid * 1000:,.0f} ms); collections report over {len(inst_rows):,} "
          f"instalments {t_report * 1000:,.0f} ms (page {t_coll_page * 1000:,.0f} ms; "
          f"{sum(report.counts.values()):,} owed, overdue {report.total_overdue:,})")


if __name__ == "__main__":
    main()
