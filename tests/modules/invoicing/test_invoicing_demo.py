"""The demo: Padma Builders' invoices, bills, notes and payments (January-February 2026) load once, post
balanced journals, and show what the invoicing pages list."""

from __future__ import annotations

from decimal import Decimal as D

from vextrus.modules.finance import service as finance
from vextrus.modules.invoicing import demo, service
from vextrus.modules.organization import api as organization
from vextrus.modules.organization import demo as org_demo
from vextrus.platform import bootstrap, context


def test_the_demo_invoices_bills_and_payments_reconcile_with_the_ledger(db):
    """By hand: design services 15,00,000 + 10 % VAT (S004.00) = 16,50,000, of which 10,00,000 settled with the
    client's VDS 1,50,000 (bank 8,50,000); earth filling 500 cum × 900 = 4,50,000 + 45,000, credited 50 cum
    (45,000 + 4,500); cement 2,000 bags × 540 = 10,80,000 + 15 % = 12,42,000 paid net of VDS 1,62,000 and s.89
    3 % AIT 32,400 (bank 10,47,600); subcontract 6,00,000 + 60,000 paid 3,00,000 in part; an advance of 3,00,000 to the steel
    supplier, half of its bill of 2 t × 95,000 + 7.5 % = 2,04,250 settled from it: VDS 7,125 (half the VAT 14,250)
    and s.89 AIT on half the 1,90,000 base split out, the advance giving the rest."""
    tenant, _created, _lines = bootstrap.load_demo()
    with context.acting_as(context.RequestContext(tenant_id=tenant.id, permissions=frozenset({"*"}),
                                                  actor="owner@test")):
        company = organization.company_by_code(org_demo.DEMO_COMPANY_CODE)  # other tests add companies
        items = service.list_invoices(company.id).items
        assert sorted((i.kind, i.status, i.gross, i.outstanding) for i in items) == sorted([
            ("sales", "partly_paid", D("1650000.00"), D("650000.00")),
            ("sales", "posted", D("495000.00"), D("445500.00")),
            ("purchase", "paid", D("1242000.00"), D(0)),
            ("purchase", "partly_paid", D("660000.00"), D("360000.00")),
            ("purchase", "partly_paid", D("204250.00"), D("102125.00")),
            ("purchase", "draft", D("510625.00"), D("510625.00"))])
        cement = service.get_invoice(next(i.id for i in items if i.gross == D("1242000.00")))
        [p] = cement.payments
        assert (p.vds, p.ait, p.cash_amount, p.method) == (D("162000.00"), D("32400.00"), D("1047600.00"), "cheque")
        got = {ln.account_code: ln.debit - ln.credit for ln in finance.get_entry(company.code, p.entry_id).lines}
        assert got == {"2110": D("1242000.00"), "1120": D("-1047600.00"), "2142": D("-162000.00"),
                       "2150": D("-32400.00")}
        issued = service.list_certificates(company.id, direction="issued")
        assert sorted(c.number for c in issued if c.tax == "vds") == ["M66-2025-26-00001", "M66-2025-26-00002",
                                                                      "M66-2025-26-00003"]
        [adv] = service.list_advances(company.id)
        [a] = service.get_advance(adv.id).allocations
        assert (adv.number, adv.status, a.amount, a.vds) == ("ADP-2025-26-00001", "partly_allocated",
                                                              D("102125.00"), D("7125.00"))
        assert a.applied == a.amount - a.vds - a.ait and adv.unallocated == D("300000.00") - a.applied
        tb = {ln.account_code: ln for ln in finance.trial_balance(company.code, None, None).lines}
        assert tb["1141"].closing_debit - tb["1141"].closing_credit >= adv.unallocated  # the ledger holds what is left
        assert service.get_company_settings(company.id).withholding_entity is True
        demo.load(tenant.id)  # a second load adds nothing
        assert len(service.list_invoices(company.id).items) == len(items)
