"""Procurement: the comparative statement for items × vendors (quotations entered per vendor, then the CS read
side by side with the lowest marked, then the selection), purchase orders made from it, and goods receipt
notes posted per second (each accepted line an inventory receipt with its journal through finance.api), and
the vendor performance report over those orders and GRNs (best of three reads).

    PYTHONPATH=src python bench/procurement.py [--size tiny|full]

tiny: 5 items × 3 vendors, 6 GRNs; full: 50 items × 5 vendors, 200 GRNs. Runs on a temporary SQLite file
unless VEXTRUS_DATABASE_URL names another database (single thread).
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from decimal import Decimal

from _company import start_company


def main() -> None:
    from vextrus.modules.inventory import service as inventory
    from vextrus.modules.inventory.schemas import StoreInput
    from vextrus.modules.master_data import service as master_data
    from vextrus.modules.master_data.schemas import ItemInput, PartyInput
    from vextrus.modules.master_data.service import items as item_service
    from vextrus.modules.procurement import service
    from vextrus.modules.procurement.schemas import (
        GrnInput,
        GrnLineInput,
        QuotationInput,
        QuotationLineInput,
        RequisitionInput,
        RequisitionLineInput,
        RfqInput,
        SelectionInput,
    )
    from vextrus.platform import context

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    tiny = ap.parse_args().size == "tiny"
    n_items, n_vendors, n_grns = (5, 3, 6) if tiny else (50, 5, 200)
    rt, owner, c = start_company("procbench")
    with context.acting_as(owner):
        site = inventory.create_store(StoreInput(company_id=c.id, code="SITE-1", name="Site store", kind="site"))
        items = [item_service.create_item(ItemInput(code=f"M-{k:03d}", name=f"Material {k}", name_bn=f"উপকরণ {k}",
                                                    base_unit="bag")).id for k in range(n_items)]
        vendors = []
        for v in range(n_vendors):
            p = master_data.create_party(PartyInput(legal_name=f"Supplier {v} Ltd.", roles=["vendor"],
                                                    vendor_categories=["supplier"]))
            vendors.append(master_data.change_vendor_status(p.id, "approved").id)
        day = date(2025, 8, 10)
        req = service.create_requisition(RequisitionInput(
            company_id=c.id, store_id=site.id, requested_on=day,
            lines=[RequisitionLineInput(item_id=i, quantity=Decimal(n_grns * 10), needed_by=date(2025, 9, 1))
                   for i in items]))
        service.submit_requisition(req.id)
        service.approve_requisition(req.id)
        rfq = service.create_rfq(RfqInput(requisition_id=req.id, vendor_ids=vendors))
        t = time.perf_counter()
        for v, party in enumerate(vendors):
            service.enter_quotation(rfq.id, QuotationInput(party_id=party, lines=[
                QuotationLineInput(item_id=i, rate=Decimal(500 + (k * 7 + v * 13) % 50), delivery_days=3 + v)
                for k, i in enumerate(items)]))
        t_quotes = time.perf_counter() - t
        t = time.perf_counter()
        cs = service.comparative_statement(rfq.id)
        t_cs = time.perf_counter() - t
        vendor_order = [x.party_id for x in cs.rfq.vendors]
        picks = [SelectionInput(item_id=r.item_id, party_id=vendor_order[next(j for j, cell in enumerate(r.cells)
                                                                               if cell and cell.lowest)])
                 for r in cs.rows]
        t = time.perf_counter()
        service.select_vendors(rfq.id, picks)
        orders = service.create_orders(rfq.id, day)
        t_orders = time.perf_counter() - t
        for o in orders:
            service.approve_order(o.id)
        t = time.perf_counter()
        for g in range(n_grns):
            po = orders[g % len(orders)]
            service.receive_goods(GrnInput(order_id=po.id, receipt_date=date(2025, 8, 11), challan_no=f"CH-{g}",
                                           lines=[GrnLineInput(line_no=ln.line_no, received=Decimal(10),
                                                               accepted=Decimal(9), rejected=Decimal(1))
                                                  for ln in po.lines]))
        t_grn = time.perf_counter() - t
        lines_posted = sum(len(orders[g % len(orders)].lines) for g in range(n_grns))
        t_perf = t_detail = float("inf")
        for _ in range(3):  # the best of three: the report over every vendor, then one vendor's detail
            t = time.perf_counter()
            perf = service.vendor_performance(c.id, date(2025, 8, 1), date(2025, 8, 31))
            t_perf = min(t_perf, time.perf_counter() - t)
            t = time.perf_counter()
            service.vendor_performance_detail(orders[0].party_id, c.id, date(2025, 8, 1), date(2025, 8, 31))
            t_detail = min(t_detail, time.perf_counter() - t)
    rt.close()
    db = rt.engine.dialect.name
    print(f"procurement ({db}): CS {n_items} items × {n_vendors} vendors read in {t_cs * 1000:,.0f} ms "
          f"(quotations entered in {t_quotes * 1000:,.0f} ms); selection and {len(orders)} orders in "
          f"{t_orders * 1000:,.0f} ms; {n_grns} GRNs ({lines_posted} lines, each an inventory receipt with its "
          f"journal) {n_grns / t_grn:,.1f} GRNs/s, {lines_posted / t_grn:,.1f} lines/s")
    print(f"procurement ({db}): vendor performance of {len(perf.vendors)} vendors over {n_grns} GRNs "
          f"({lines_posted} lines) in {t_perf * 1000:,.1f} ms; one vendor's detail in {t_detail * 1000:,.1f} ms")


if __name__ == "__main__":
    main()
