"""Advances recorded per second (the gapless number, one journal through finance.api) and allocated per second
(each to a posted vendor bill: the payment path's VDS and s.89 AIT split, the bill's payment row and certificates,
one journal), each allocation then undone per second (its journal reversed through finance.api, the bill open again,
its certificates taken back) and each advance refunded per second (one journal), with the load average.

    PYTHONPATH=src python bench/invoicing_advances.py [--size tiny|full] [--n N]

Runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database (single thread).
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date, timedelta
from decimal import Decimal

from _company import start_company


def main() -> None:
    from vextrus.modules.invoicing import service
    from vextrus.modules.invoicing.schemas import (
        AdvanceAllocateInput,
        AdvanceAllocationReverseInput,
        AdvanceInput,
        AdvanceRefundInput,
        AllocationInput,
        CompanySettingsInput,
        InvoiceInput,
        InvoiceLineInput,
    )
    from vextrus.modules.master_data import service as master_data
    from vextrus.modules.master_data.schemas import PartyInput
    from vextrus.platform import context

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=["tiny", "full"], default="full", help="tiny (CI): 5 advances; full: 100")
    ap.add_argument("--n", type=int, default=None, help="advances (overrides --size)")
    args = ap.parse_args()
    n = args.n or (5 if args.size == "tiny" else 100)
    rt, admin, c = start_company("advbench")
    with context.acting_as(admin):
        service.set_company_settings(c.id, CompanySettingsInput(withholding_entity=True))
        vendor = master_data.create_party(PartyInput(legal_name="Rupayan Civil Works", roles=["vendor"],
                                                     vendor_categories=["subcontractor"], tin="123456789012"))
        on = date(2025, 8, 1)
        t = time.perf_counter()
        advances = [service.record_advance(AdvanceInput(
            company_id=c.id, kind="purchase", party_id=vendor.id, paid_on=on + timedelta(days=i % 200),
            amount=Decimal("970000.00"), method="bank_transfer", reference=f"BEFTN-{i}")) for i in range(n)]
        t_rec = time.perf_counter() - t
        bills = [service.post_invoice(service.create_invoice(InvoiceInput(
            company_id=c.id, kind="purchase", party_id=vendor.id, invoice_date=on + timedelta(days=i % 200),
            lines=[InvoiceLineInput(description="Piling", quantity=Decimal(1), unit_price=Decimal("1000000.00"),
                                    vat_code="S004.00")])).id) for i in range(n)]
        t = time.perf_counter()
        allocated = []
        for a, b in zip(advances, bills, strict=True):
            done = service.allocate_advance(a.id, AdvanceAllocateInput(
                allocated_on=b.invoice_date, ait_section="89",
                allocations=[AllocationInput(invoice_id=b.id, amount=b.gross)]))
            assert done.status == "allocated"
            allocated.append(done)
        t_alloc = time.perf_counter() - t
        t = time.perf_counter()
        undone = []
        for a in allocated:
            back = service.reverse_advance_allocation(a.id, a.allocations[0].id, AdvanceAllocationReverseInput(
                reversed_on=a.allocations[0].allocated_on, reason="bench", expected_version=a.version))
            assert back.status == "open"
            undone.append(back)
        t_undo = time.perf_counter() - t
        t = time.perf_counter()
        for a in undone:
            assert service.refund_advance(a.id, AdvanceRefundInput(
                refunded_on=a.paid_on + timedelta(days=30), amount=a.unallocated, method="bank_transfer",
                reference="BEFTN-R", expected_version=a.version)).status == "refunded"
        t_refund = time.perf_counter() - t
    rt.close()
    load = os.getloadavg()[0]
    print(f"advances: {n} recorded {n / t_rec:,.1f}/s; {n} allocated to bills with VDS+AIT {n / t_alloc:,.1f}/s; "
          f"{n} allocations undone {n / t_undo:,.1f}/s; {n} refunded {n / t_refund:,.1f}/s "
          f"(load average {load:.1f})")


if __name__ == "__main__":
    main()
