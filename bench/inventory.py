"""Inventory stock moves posted per second (each receipt and issue: moving-average valuation, running totals
stored on the move, one journal through finance.api), then the valuation report and the stock on hand.

    PYTHONPATH=src python bench/inventory.py [--size tiny|full]

Runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database (single thread).
Not measured yet (the first slice refuses backdated moves): a backdated move before 100,000 later moves.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta
from decimal import Decimal

from _company import start_company


def main() -> None:
    from vextrus.modules.inventory import service
    from vextrus.modules.inventory.schemas import MoveInput, StoreInput
    from vextrus.modules.master_data.schemas import ItemInput
    from vextrus.modules.master_data.service import items as item_service
    from vextrus.platform import context

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    n = 40 if ap.parse_args().size == "tiny" else 4_000
    rt, admin, c = start_company("invtbench")
    with context.acting_as(admin):
        store = service.create_store(StoreInput(company_id=c.id, code="CW", name="Central warehouse",
                                                name_bn="কেন্দ্রীয় গুদাম", kind="central"))
        items = [item_service.create_item(ItemInput(code=f"B-{k}", name=f"Item {k}", name_bn=f"পণ্য {k}",
                                                    base_unit="bag")) for k in range(4)]
        t = time.perf_counter()
        for i in range(n):
            kind = "receipt" if i % 3 != 2 else "issue"
            service.post_move(MoveInput(company_id=c.id, store_id=store.id, item_id=items[(i // 3) % 4].id, kind=kind,
                                        move_date=date(2025, 7, 1) + timedelta(days=i * 300 // n),
                                        quantity=Decimal(10 + i % 3),
                                        unit_cost=Decimal(500) + Decimal(i % 13) / 4 if kind == "receipt" else None))
        t_post = time.perf_counter() - t
        t = time.perf_counter()
        report = service.valuation(c.id, date(2026, 6, 30))
        t_val = time.perf_counter() - t
        t = time.perf_counter()
        service.stock_on_hand(c.id, date(2026, 6, 30))
        t_soh = time.perf_counter() - t
    rt.close()
    db = rt.engine.dialect.name
    print(f"inventory ({db}): {n:,} moves posted {n / t_post:,.1f}/s (each with its journal); valuation at {n:,} "
          f"moves {t_val * 1000:,.0f} ms (total {report.total:,}); stock on hand {t_soh * 1000:,.0f} ms")


if __name__ == "__main__":
    main()
