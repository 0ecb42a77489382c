"""Sales invoices with 5 lines drafted and posted per second (each post: VAT per line from tax.api, the
gapless number, one journal through finance.api), then payments recorded per second and one aging report.

    PYTHONPATH=src python bench/invoicing.py [--size tiny|full]

Runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database (single thread).
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta
from decimal import Decimal

from _company import start_company


def main() -> None:
    from vextrus.modules.finance import api as finance_api  # noqa: F401  (the module the posts go through)
    from vextrus.modules.invoicing import service
    from vextrus.modules.invoicing.schemas import InvoiceInput, InvoiceLineInput, InvoicePaymentInput
    from vextrus.modules.master_data import service as master_data
    from vextrus.modules.master_data.schemas import PartyInput
    from vextrus.platform import context

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    n = 20 if ap.parse_args().size == "tiny" else 1_000
    rt, admin, c = start_company("invbench")
    with context.acting_as(admin):
        customer = master_data.create_party(PartyInput(legal_name="Meghna Housing Ltd.", roles=["customer"]))
        codes = ["S004.00", "VAT15", "VAT7.5", "VAT5", "EXEMPT"]

        def data(i: int) -> InvoiceInput:
            return InvoiceInput(company_id=c.id, kind="sales", party_id=customer.id,
                                invoice_date=date(2025, 7, 1) + timedelta(days=i % 300), lines=[
                                    InvoiceLineInput(description=f"Work item {j}", quantity=Decimal(j + 1) / 4,
                                              unit_price=Decimal(1000 + 37 * i + j) + Decimal("0.25"),
                                              vat_code=codes[j]) for j in range(5)])

        t = time.perf_counter()
        drafts = [service.create_invoice(data(i)) for i in range(n)]
        t_draft = time.perf_counter() - t
        t = time.perf_counter()
        posted = [service.post_invoice(d.id) for d in drafts]
        t_post = time.perf_counter() - t
        t = time.perf_counter()
        for p in posted:
            service.record_payment(p.id, InvoicePaymentInput(amount=(p.gross / 2).quantize(Decimal("0.01")),
                                                      paid_on=p.invoice_date + timedelta(days=20)))
        t_pay = time.perf_counter() - t
        t = time.perf_counter()
        ag = service.aging(c.id, "sales", date(2026, 6, 30))
        t_aging = time.perf_counter() - t
    rt.close()
    assert posted[-1].number == f"SI-2025-26-{n:05d}"
    db = rt.engine.dialect.name if hasattr(rt, "engine") else "?"
    print(f"invoicing ({db}): {n:,} invoices × 5 lines: drafted {n / t_draft:,.1f}/s, posted {n / t_post:,.1f}/s, "
          f"drafted+posted {n / (t_draft + t_post):,.1f}/s; payments {n / t_pay:,.1f}/s; "
          f"aging of {n:,} invoices {t_aging * 1000:,.0f} ms (outstanding {ag.totals.total:,})")


if __name__ == "__main__":
    main()
