"""CRM: the pipeline board over 10,000 opportunities (per stage the count and total, and the cards closing
soonest), through the service and as the /crm page.

    PYTHONPATH=src python bench/crm_pipeline.py [--size tiny|full]

Runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database (single thread). The
opportunities are written in bulk (the set-up is not what is measured). Each figure is the median of 5 runs
after a warm-up.
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
    from vextrus.modules.crm import domain, service
    from vextrus.modules.crm.tables import OpportunityRow
    from vextrus.platform import context
    from vextrus.platform.ids import new_id
    from vextrus.platform.uow import unit_of_work

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    n = 200 if ap.parse_args().size == "tiny" else 10_000
    rt, owner, c = start_company("crmbench")
    owner = replace(owner, company_id=c.id)
    with context.acting_as(owner):
        tid, start = owner.tenant_id, date(2026, 1, 1)
        rows = [dict(id=new_id(), tenant_id=tid, company_id=c.id, title=f"Flat {k}", stage=domain.STAGES[k % 6],
                     lost_reason="price" if k % 6 == 5 else None, expected_value=Decimal(5_000_000 + 1_000 * k),
                     expected_close=start + timedelta(days=k % 365), version=1) for k in range(n)]
        with unit_of_work() as uow:
            for i in range(0, n, 5_000):
                uow.session.execute(insert(OpportunityRow), rows[i:i + 5_000])
        board = service.pipeline_board()
        assert sum(col.count for col in board.columns) == n
        t_service = median_time(lambda: service.pipeline_board())
    app = create_app(rt.settings, start_runtime=False, extra_authenticators=[lambda _r: owner])
    with TestClient(app) as client:
        assert client.get("/crm?lang=bn").status_code == 200
        t_page = median_time(lambda: client.get("/crm?lang=bn"))
    rt.close()
    print(f"crm ({rt.engine.dialect.name}): pipeline board over {n:,} opportunities: service {t_service * 1000:,.0f} ms, "
          f"page (Bangla) {t_page * 1000:,.0f} ms; open total {board.total_open:,}")


if __name__ == "__main__":
    main()
