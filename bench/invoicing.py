"""Sales invoices with 5 lines drafted and posted per second (each post: VAT per line from tax.api, the
gapless number, one journal through finance.api), then payments recorded per second and one aging report;
credit notes issued per second; vendor bills paid with VDS and s.89 AIT split out per second; and the
Mushak 9.1 preview of a month holding many posted invoices (loaded in bulk straight into the tables, 5
lines each at five VAT codes: the figure is the return's query and arithmetic, not the posting). Last, the
bulk post (`service.post_invoices`, the list's "post selected drafts"): drafts of 5 lines loaded straight
into the tables (as the service would have stored them), then posted in one call, its events held back
and delivered after (wall, CPU and statements of each, and the load average).

    PYTHONPATH=src python bench/invoicing.py [--size tiny|full] [--bulk N] [--bulk-post N] [--only-bulk-post]

`--only-bulk-post` runs the bulk post and the delivery of its events alone (events/s, CPU, load).

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
    from vextrus.modules.invoicing.schemas import (
        CompanySettingsInput,
        InvoiceInput,
        InvoiceLineInput,
        InvoicePaymentInput,
        NoteInput,
        NoteLineInput,
    )
    from vextrus.modules.master_data import service as master_data
    from vextrus.modules.master_data.schemas import PartyInput
    from vextrus.platform import context

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    ap.add_argument("--bulk", type=int, default=None, help="invoices in the Mushak 9.1 month (default by size)")
    ap.add_argument("--bulk-post", type=int, default=None, help="drafts posted at once (default by size)")
    ap.add_argument("--only-bulk-post", action="store_true", help="only the bulk post and its events' delivery")
    args = ap.parse_args()
    tiny = args.size == "tiny"
    n = 20 if tiny else 1_000
    bulk = args.bulk or (2_000 if tiny else 100_000)
    rt, admin, c = start_company("invbench")
    with context.acting_as(admin):
        customer = master_data.create_party(PartyInput(legal_name="Meghna Housing Ltd.", roles=["customer"]))
        if args.only_bulk_post:
            rt.relay.drain()  # the set-up's events, so the timed drain holds the bulk post's only
            print(_bulk_post(rt, c.id, admin.tenant_id, customer.id, args.bulk_post or (100 if tiny else 5_000)))
            rt.close()
            return
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
        t = time.perf_counter()
        for p in posted:
            service.issue_note(p.id, NoteInput(kind="credit", note_date=p.invoice_date + timedelta(days=25),
                                               reason="bench", lines=[NoteLineInput(line_no=2, quantity=Decimal("0.1"))]))
        t_note = time.perf_counter() - t
        service.set_company_settings(c.id, CompanySettingsInput(withholding_entity=True))
        vendor = master_data.create_party(PartyInput(legal_name="BSRM Steels Ltd.", roles=["vendor"],
                                                     vendor_categories=["supplier"], tin="123456789012"))
        bills = [service.post_invoice(service.create_invoice(InvoiceInput(**{
            **data(i).model_dump(), "kind": "purchase", "party_id": vendor.id})).id) for i in range(n)]
        t = time.perf_counter()
        for b in bills:
            service.record_payment(b.id, InvoicePaymentInput(amount=b.gross, paid_on=b.invoice_date + timedelta(days=5),
                                                             method="bank_transfer", reference="BEFTN-1",
                                                             ait_section="89"))
        t_wpay = time.perf_counter() - t
        month = date(2026, 3, 1)
        _bulk_invoices(rt, c.id, admin.tenant_id, month, bulk)
        t = time.perf_counter()
        ret = service.vat_return(c.id, "2026-03")
        t_return = time.perf_counter() - t
        bulk_post = _bulk_post(rt, c.id, admin.tenant_id, customer.id, args.bulk_post or (100 if tiny else 5_000))
    rt.close()
    assert posted[-1].number == f"SI-2025-26-{n:05d}"
    db = rt.engine.dialect.name if hasattr(rt, "engine") else "?"
    print(f"invoicing ({db}): {n:,} invoices × 5 lines: drafted {n / t_draft:,.1f}/s, posted {n / t_post:,.1f}/s, "
          f"drafted+posted {n / (t_draft + t_post):,.1f}/s; payments {n / t_pay:,.1f}/s; "
          f"aging of {n:,} invoices {t_aging * 1000:,.0f} ms (outstanding {ag.totals.total:,}); "
          f"credit notes {n / t_note:,.1f}/s; bills paid with VDS+AIT {n / t_wpay:,.1f}/s; "
          f"Mushak 9.1 of a month of {bulk:,} invoices × 5 lines {t_return * 1000:,.0f} ms "
          f"(output tax {ret.output_tax:,})")
    print(bulk_post)


def _bulk_post(rt, company_id, tenant_id, party_id, count: int) -> str:  # noqa: ANN001
    """`count` sales drafts × 5 lines (five VAT codes) stored as create_invoice stores them, then posted by one
    `service.post_invoices` call (delivery of its events held back, then timed on its own)."""
    import os

    from sqlalchemy import event, insert

    from vextrus.modules.invoicing import domain, service
    from vextrus.modules.invoicing.schemas import InvoicesPostInput
    from vextrus.modules.invoicing.tables import InvoiceRow, LineRow
    from vextrus.modules.tax import api as tax
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    codes = ["S004.00", "VAT15", "VAT7.5", "VAT5", "EXEMPT"]
    with context.acting_as(context.system_context(tenant_id)):
        invoices, lines = [], []
        for i in range(count):
            iid, on = new_id(), date(2025, 7, 1) + timedelta(days=i % 360)
            priced = []
            for j in range(5):
                ln = domain.Line(f"Work item {j}", Decimal(j + 1) / 4, Decimal(1000 + 37 * i + j) + Decimal("0.25"),
                                 vat_code=codes[j])
                net = domain.line_net(ln)
                priced.append((ln, net, tax.vat_for(ln.vat_code, net, on)))
            net, vat = sum(n for _, n, _ in priced), sum(r.vat for _, _, r in priced)
            invoices.append(dict(id=iid, tenant_id=tenant_id, company_id=company_id, kind="sales", number=None,
                                 fiscal_year=domain.fiscal_year(on), status="draft", party_id=party_id, invoice_date=on,
                                 due_date=on + timedelta(days=30), reference="", narration="", net=net, vat=vat,
                                 gross=net + vat, paid=Decimal(0), credited=Decimal(0), debited=Decimal(0),
                                 entry_number="", version=1))
            lines += [dict(id=new_id(), tenant_id=tenant_id, invoice_id=iid, line_no=j + 1, description=ln.description,
                           quantity=ln.quantity, unit_price=ln.unit_price, discount=ln.discount, vat_code=ln.vat_code,
                           vat_rate=r.rate, net=n, vat=r.vat, gross=n + r.vat)
                      for j, (ln, n, r) in enumerate(priced)]
        with rt.session_factory.begin() as s:
            s.execute(insert(InvoiceRow), invoices)
            s.execute(insert(LineRow), lines)
    statements = [0]

    def count_statement(*_args: object) -> None:
        statements[0] += 1

    event.listen(rt.engine, "before_cursor_execute", count_statement)
    rt.relay.synchronous = False  # the command alone; its events are delivered (timed) after
    load = os.getloadavg()[0]
    t, cpu = time.perf_counter(), time.process_time()
    res = service.post_invoices(InvoicesPostInput(company_id=company_id, kind="sales"))
    t_cmd, cpu_cmd, st_cmd = time.perf_counter() - t, time.process_time() - cpu, statements[0]
    rt.relay.synchronous = True
    t, cpu = time.perf_counter(), time.process_time()
    delivered = rt.relay.drain(batch=500, tenants=[tenant_id])
    t_dlv, cpu_dlv, st_dlv = time.perf_counter() - t, time.process_time() - cpu, statements[0] - st_cmd
    event.remove(rt.engine, "before_cursor_execute", count_statement)
    assert len(res.posted) == count and not res.refused, res.refused[:3]
    db = rt.engine.dialect.name
    return (f"invoicing ({db}) bulk post: {count:,} drafts × 5 lines posted by one post_invoices in {t_cmd:.2f} s = "
            f"{count / t_cmd:,.0f} invoices/s (CPU {cpu_cmd:.2f} s, {st_cmd:,} statements, load {load:.1f}); "
            f"its {delivered:,} events delivered after in {t_dlv:.2f} s = {delivered / t_dlv:,.0f} events/s "
            f"(CPU {cpu_dlv:.2f} s, {st_dlv:,} statements, load {os.getloadavg()[0]:.1f})")


def _bulk_invoices(rt, company_id, tenant_id, month: date, count: int) -> None:  # noqa: ANN001
    """`count` posted sales invoices of `month`, 5 lines each at five VAT codes, inserted in bulk."""
    from sqlalchemy import insert

    from vextrus.modules.invoicing.tables import InvoiceRow, LineRow
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    rates = [("S004.00", Decimal(10)), ("VAT15", Decimal(15)), ("VAT7.5", Decimal("7.5")), ("VAT5", Decimal(5)),
             ("EXEMPT", Decimal(0))]
    party = new_id()
    with context.acting_as(context.system_context(tenant_id)):
        for start in range(0, count, 5_000):
            invoices, lines = [], []
            for i in range(start, min(count, start + 5_000)):
                iid = new_id()
                on = month + timedelta(days=i % 28)
                nets = [Decimal(1000 + i % 997) + Decimal(j) for j in range(5)]
                vats = [(net * r / 100).quantize(Decimal("0.01")) for net, (_, r) in zip(nets, rates, strict=True)]
                invoices.append(dict(id=iid, tenant_id=tenant_id, company_id=company_id, kind="sales",
                                     number=f"BULK-{i:07d}", fiscal_year="2025-26", status="posted", party_id=party,
                                     invoice_date=on, due_date=on, reference="", narration="", net=sum(nets),
                                     vat=sum(vats), gross=sum(nets) + sum(vats), paid=Decimal(0), credited=Decimal(0),
                                     debited=Decimal(0), entry_number="", version=1))
                lines += [dict(id=new_id(), tenant_id=tenant_id, invoice_id=iid, line_no=j + 1, description="bulk",
                               quantity=Decimal(1), unit_price=nets[j], discount=Decimal(0), vat_code=rates[j][0],
                               vat_rate=rates[j][1], net=nets[j], vat=vats[j], gross=nets[j] + vats[j])
                          for j in range(5)]
            with rt.session_factory.begin() as s:
                s.execute(insert(InvoiceRow), invoices)
                s.execute(insert(LineRow), lines)
    # fresh statistics, as autovacuum would have after a month of posting: without them PostgreSQL plans the
    # join for an empty table (a nested loop over 500,000 lines: minutes instead of a second)
    with rt.engine.begin() as conn:
        if rt.engine.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE invoicing.invoicing_invoice")
            conn.exec_driver_sql("ANALYZE invoicing.invoicing_line")
        else:
            conn.exec_driver_sql("ANALYZE")


if __name__ == "__main__":
    main()
