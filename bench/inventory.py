"""Inventory stock moves posted per second (each receipt and issue: moving-average valuation, running totals
stored on the move, one journal through finance.api), then the valuation report and the stock on hand.

    PYTHONPATH=src python bench/inventory.py [--size tiny|full]

Then a backdated receipt (and a backdated issue) inserted before N later moves of the same item (N = 100,000;
1,000 at --size tiny): the later rows are written with one bulk INSERT (not through the posting path), and only
the backdated move's command is timed (its position read, the MIN() check, the one set-based UPDATE of the
later rows' running totals, the row and its journal).

Runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database (single thread).
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
    tiny = ap.parse_args().size == "tiny"
    n = 40 if tiny else 4_000
    later = 1_000 if tiny else 100_000
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
        t_receipt, t_issue = backdated(rt, c, store, later)
    rt.close()
    db = rt.engine.dialect.name
    print(f"inventory ({db}): {n:,} moves posted {n / t_post:,.1f}/s (each with its journal); valuation at {n:,} "
          f"moves {t_val * 1000:,.0f} ms (total {report.total:,}); stock on hand {t_soh * 1000:,.0f} ms")
    print(f"inventory ({db}): backdated receipt inserted before {later:,} later moves of the same item "
          f"{t_receipt * 1000:,.0f} ms; backdated issue before them {t_issue * 1000:,.0f} ms (target < 1 s)")


def backdated(rt, c, store, later: int) -> tuple[float, float]:
    """Bulk-insert `later` receipts of one item dated 1 Aug 2025 onwards (running totals filled in), then time
    one backdated receipt and one backdated issue dated in July, each through `post_move`."""
    from sqlalchemy import insert

    from vextrus.modules.inventory import service
    from vextrus.modules.inventory.schemas import MoveInput
    from vextrus.modules.inventory.tables import MoveRow
    from vextrus.modules.master_data.schemas import ItemInput
    from vextrus.modules.master_data.service import items as item_service
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    item = item_service.create_item(ItemInput(code="BK-1", name="Rebar 16 mm", name_bn="রড ১৬ মিমি", base_unit="kg"))
    tenant, one, price = context.require_tenant(), Decimal(1), Decimal(100)
    rows = [dict(id=new_id(), tenant_id=tenant, company_id=c.id, item_id=item.id, item_code="BK-1", seq=i + 1,
                 move_date=date(2025, 8, 1) + timedelta(days=i * 330 // later), kind="receipt", store_id=store.id,
                 quantity=one, unit_cost=price, value=price, moved_value=price, quantity_after=Decimal(i + 1),
                 value_after=price * (i + 1), store_quantity_after=Decimal(i + 1), store_value_after=price * (i + 1),
                 memo="") for i in range(later)]
    with rt.session_factory.begin() as s:
        for k in range(0, later, 10_000):
            s.execute(insert(MoveRow), rows[k:k + 10_000])
    t = time.perf_counter()
    service.post_move(MoveInput(company_id=c.id, store_id=store.id, item_id=item.id, kind="receipt",
                                move_date=date(2025, 7, 15), quantity=Decimal(10), unit_cost=Decimal(120)))
    t_receipt = time.perf_counter() - t
    t = time.perf_counter()
    service.post_move(MoveInput(company_id=c.id, store_id=store.id, item_id=item.id, kind="issue",
                                move_date=date(2025, 7, 20), quantity=Decimal(4)))
    t_issue = time.perf_counter() - t
    ledger = service.item_ledger(c.id, item.id)
    assert (ledger[-1].quantity_after, ledger[-1].value_after) == (later + 6, price * later + 1200 - 480), ledger[-1]
    return t_receipt, t_issue


if __name__ == "__main__":
    main()
