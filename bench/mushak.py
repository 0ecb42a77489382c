"""Mushak forms: tax invoices (Mushak 6.3) generated per second in English and Bangla (each: read the
invoice, render through the documents module, store the PDF as an immutable file, record the document), the
same asked again (found again by its idempotency key, read back from the store), and the sales register
(Mushak 6.2) of a month holding many posted invoices (loaded in bulk as bench/invoicing.py does, 5 lines
each): the register's query and rows, then its XLSX and CSV files.

    PYTHONPATH=src python bench/mushak.py [--size tiny|full] [--bulk N]

Runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database (single thread).
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date
from decimal import Decimal

from _company import start_company
from invoicing import _bulk_invoices


def main() -> None:
    from vextrus.modules.invoicing import service
    from vextrus.modules.invoicing.schemas import InvoiceInput, InvoiceLineInput
    from vextrus.modules.invoicing.service import mushak
    from vextrus.modules.master_data import service as master_data
    from vextrus.modules.master_data.schemas import PartyInput
    from vextrus.platform import context

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    ap.add_argument("--bulk", type=int, default=None, help="invoices in the register's month (default by size)")
    args = ap.parse_args()
    tiny = args.size == "tiny"
    n = 4 if tiny else 20
    bulk = args.bulk or (2_000 if tiny else 20_000)
    os.environ.setdefault("VEXTRUS_BASE_URL", "https://erp.example.com")
    rt, admin, c = start_company("mushakbench")
    with context.acting_as(admin):
        customer = master_data.create_party(PartyInput(legal_name="Meghna Housing Ltd.",
                                                       legal_name_bn="মেঘনা হাউজিং লিমিটেড", roles=["customer"],
                                                       bin="0007654320202"))
        posted = [service.post_invoice(service.create_invoice(InvoiceInput(
            company_id=c.id, kind="sales", party_id=customer.id, invoice_date=date(2025, 8, 1 + i % 28), lines=[
                InvoiceLineInput(description=f"কাজের অংশ {j} — work item {j}", quantity=Decimal(j + 1),
                                 unit_price=Decimal(1000 * (i + 1)) + Decimal("0.25"), vat_code=code)
                for j, code in enumerate(["S004.00", "VAT15", "VAT5", "VAT7.5", "EXEMPT"])])).id) for i in range(n)]
        t = time.perf_counter()
        cpu = time.process_time()
        for i, inv in enumerate(posted):
            mushak.mushak_6_3_pdf(inv.id, "bn" if i % 2 else "en")
        t_pdf, cpu_pdf = time.perf_counter() - t, time.process_time() - cpu
        t = time.perf_counter()
        for i, inv in enumerate(posted):
            mushak.mushak_6_3_pdf(inv.id, "bn" if i % 2 else "en")
        t_again = time.perf_counter() - t
        month = date(2026, 3, 1)
        _bulk_invoices(rt, c.id, admin.tenant_id, month, bulk)
        t = time.perf_counter()
        reg = mushak.register_view(c.id, "sales", "2026-03")
        t_reg = time.perf_counter() - t
        t = time.perf_counter()
        _, xlsx = mushak.register_xlsx(c.id, "sales", "2026-03")
        t_xlsx = time.perf_counter() - t
        t = time.perf_counter()
        _, csv = mushak.register_csv(c.id, "sales", "2026-03", "bn")
        t_csv = time.perf_counter() - t
        ret = service.vat_return(c.id, "2026-03")
    rt.close()
    assert len(reg.rows) == 5 * bulk and reg.vat == ret.output_tax
    print(f"mushak ({rt.engine.dialect.name}): Mushak 6.3 PDFs (en/bn alternating, generated and stored) "
          f"{n / t_pdf:,.1f}/s wall, {n / cpu_pdf:,.1f} per CPU second; asked again {n / t_again:,.1f}/s; "
          f"sales register 6.2 of {bulk:,} invoices ({len(reg.rows):,} rows) {t_reg * 1000:,.0f} ms, "
          f"XLSX {t_xlsx * 1000:,.0f} ms ({len(xlsx) / 1e6:,.1f} MB), CSV {t_csv * 1000:,.0f} ms "
          f"({len(csv) / 1e6:,.1f} MB); register VAT {reg.vat:,} = 9.1 output tax {ret.output_tax:,}")


if __name__ == "__main__":
    main()
