"""The demo: Padma Builders' contract for the lifts, substation, generator and fire safety package of its building
(PADMA-RES), its advance and RA bills, reconciled with the ledger and with what projects' EVM reads."""

from __future__ import annotations

from decimal import Decimal as D

from vextrus.modules.contracts import api, demo, service
from vextrus.modules.finance import service as finance
from vextrus.modules.organization import api as organization
from vextrus.modules.organization import demo as org_demo
from vextrus.modules.projects import api as projects
from vextrus.platform import bootstrap, context


def test_the_demo_contract_reconciles_with_the_ledger(db):
    """By hand (VAT S004.00 10 %, AIT s.89 3 % up to 50 lakh, retention 10 %, advance 18,40,000 recovered at
    20 %): RA-01 6.04 to 30 % of 48,00,000 = 14,40,000; VAT 1,44,000; retention 1,44,000; advance 2,88,000;
    AIT 43,200; net 11,08,800. RA-02 6.03 to 50 % of 36,00,000 = 18,00,000 and 6.04 to 60 % (+14,40,000):
    gross 32,40,000; VAT 3,24,000; retention 3,24,000; advance 6,48,000; AIT 97,200; net 24,94,800. RA-03 is
    a draft: 6.01 one lift of two (42,00,000) and 6.04 to 80 % (+9,60,000) = 51,60,000."""
    tenant, _created, _lines = bootstrap.load_demo()
    with context.acting_as(context.RequestContext(tenant_id=tenant.id, permissions=frozenset({"*"}),
                                                  actor="owner@test")):
        company = organization.company_by_code(org_demo.DEMO_COMPANY_CODE)  # other tests add companies
        [c] = [x for x in service.list_contracts(company.id).items if x.code == demo.CODE]
        c = service.get_contract(c.id)
        assert [(b.status, b.gross, b.net_payable) for b in c.bills] == [
            ("posted", D("1440000.00"), D("1108800.00")), ("posted", D("3240000.00"), D("2494800.00")),
            ("draft", D("5160000.00"), c.bills[2].net_payable)]
        assert (c.billed_to_date, c.retention_held, c.advance_received, c.advance_outstanding) == (
            D("4680000.00"), D("468000.00"), D("1840000.00"), D("904000.00"))
        book = company.code
        for b in c.bills[:2]:
            e = finance.get_entry(book, b.entry_id)
            got = {ln.account_code: ln.debit - ln.credit for ln in e.lines}
            assert got == {k: v for k, v in {"1130": b.net_payable, "1131": b.retention, "2130": b.advance_recovered,
                                             "1152": b.ait, "4100": -b.gross, "2140": -b.vat}.items() if v}
        project = projects.project_by_code(demo.PROJECT)
        assert api.billed_to_date(project.id) == c.billed_to_date  # what projects' EVM reads beside EV


def test_the_demo_subcontract_is_certified_and_leaves_the_ledger_alone(db):
    """The demo's subcontract (PBL/PR-SC-01, Rahman Construction & Engineering: TIN, no BIN): 6.04 at the subcontract
    rate 28,00,000, RA-01 50 % = 14,00,000; no VDS (not VAT-registered); AIT s.89 3 % = 42,000; retention 5 % =
    70,000; net 12,88,000. Certified, not posted: no journal, nothing payable yet (projects' demo reconciliation
    and margin stay as they are)."""
    tenant, _created, _lines = bootstrap.load_demo()
    with context.acting_as(context.RequestContext(tenant_id=tenant.id, permissions=frozenset({"*"}),
                                                  actor="owner@test")):
        company = organization.company_by_code(org_demo.DEMO_COMPANY_CODE)
        [sc] = [x for x in service.list_contracts(company.id, kind="subcontract").items if x.code == demo.SUB_CODE]
        sc = service.get_contract(sc.id)
        assert (sc.kind, sc.vat_code, sc.client_name) == ("subcontract", "", "Rahman Construction & Engineering")
        [b] = sc.bills
        assert (b.status, b.gross, b.vds, b.ait, b.retention, b.net_payable, b.entry_id) == (
            "certified", D("1400000.00"), D(0), D("42000.00"), D("70000.00"), D("1288000.00"), None)
        assert sc.payables is not None and (sc.payables.billed, sc.payables.outstanding) == (D(0), D(0))
