"""Posted RA bills in invoicing's receivables aging, on both databases: what each bill leaves due from the client
(its net payable, after retention, security deposit, advance recovered and the AIT the client deducts) less the
receipts the ledger credits against it, aged from the bill date (contracts have no payment terms); a draft is not
there; the client's rows add up to the ledger's 1130 Trade receivables of that client (finance's trial balance
with the party dimension is the check's source)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vextrus.app import create_app
from vextrus.modules.contracts import api, service
from vextrus.modules.contracts.schemas import (
    ContractAdvanceInput,
    ContractReleaseInput,
    RaBillInput,
    RaMeasureInput,
    RaReceiptInput,
    RaReceiptReversalInput,
)
from vextrus.modules.finance import service as finance
from vextrus.modules.invoicing import service as invoicing
from vextrus.modules.invoicing.schemas import InvoiceInput, InvoiceLineInput, InvoicePaymentInput
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform import context
from vextrus.platform.ids import new_id

_counter = itertools.count(1)


@pytest.fixture
def client(db, admin, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def _bill(contract_id, on: date, measures: list[tuple[str, str]], post: bool = True):
    b = service.draft_bill(contract_id, RaBillInput(bill_date=on, measures=[
        RaMeasureInput(item_no=no, cumulative_quantity=D(q)) for no, q in measures]))
    if post:
        b = service.post_bill(service.certify_bill(b.id).id)
    return b


def _receipt(co, party_id, on: date, amount: D, reference: str) -> None:
    """The client's payment as the ledger records it (contracts has no receipt of its own): Dr bank, Cr trade
    receivables (the client), the RA bill's number as the reference."""
    finance.post_entry(co.book, finance.EntryIn(journal_type="receipt", entry_date=on, reference=reference,
                                                narration=f"Received against {reference}", lines=[
        finance.LineIn(account_code="1120", debit=amount),
        finance.LineIn(account_code="1130", credit=amount, party_id=party_id)]))


def _ledger_receivable(co, party_id, as_of: date) -> D:
    tb = finance.trial_balance(co.book, None, as_of, finance.Dims(party_id=party_id))
    return sum((ln.closing_debit - ln.closing_credit for ln in tb.lines if ln.account_code == "1130"), D(0))


def _rows(ag):
    return [(r.party_name, r.source, r.days_0_30, r.days_31_60, r.days_61_90, r.days_over_90, r.total)
            for r in ag.rows]


def test_posted_ra_bills_age_in_the_clients_receivables(db, co, contract_input, monkeypatch, tenant_id):
    """The worked example's contract (retention 5 %, deposit 2.5 %, advance 5,35,000 recovered at 20 %, VAT
    10 %, AIT 3 %): RA-01 (2025-08-31) net payable 11,52,750.00, RA-02 (2025-09-30) 22,06,680.00 (figures by
    hand in test_contracts_service.test_worked_example_three_ra_bills), RA-03 (2025-10-31) left a draft.

    As of 2025-10-10: RA-01 40 days old (31–60) 11,52,750; RA-02 10 days (0–30) 22,06,680; total 33,59,430.
    The client pays 10,00,000 against RA-01 on 2025-10-15. As of 2025-10-31: RA-01 61 days (61–90) 1,52,750;
    RA-02 31 days (31–60) 22,06,680; total 23,59,430. A sales invoice of 10,000 (exempt, 2025-10-01, due 30
    days later) is a row of its own (source invoice), and the totals are the sum of both rows."""
    c = service.create_contract(contract_input(co))
    service.receive_advance(c.id, ContractAdvanceInput(received_on=date(2025, 7, 20), amount=D("535000.00")))
    ra1 = _bill(c.id, date(2025, 8, 31), [("1.01", "1000"), ("2.01", "80")])
    ra2 = _bill(c.id, date(2025, 9, 30), [("2.01", "200"), ("3.01", "120.5")])
    draft = _bill(c.id, date(2025, 10, 31), [("3.01", "300")], post=False)
    assert (ra1.net_payable, ra1.retention, ra2.net_payable, draft.status) == (
        D("1152750.00"), D("72500.00"), D("2206680.00"), "draft")

    early = invoicing.aging(co.company_id, "sales", date(2025, 10, 10))
    assert _rows(early) == [("Meghna Housing Ltd.", "ra_bill", D("2206680.00"), D("1152750.00"), D(0), D(0),
                             D("3359430.00"))]
    assert early.totals.total == D("3359430.00") == _ledger_receivable(co, co.client_id, date(2025, 10, 10))

    _receipt(co, co.client_id, date(2025, 10, 15), D("1000000.00"), ra1.number)
    inv = invoicing.post_invoice(invoicing.create_invoice(InvoiceInput(
        company_id=co.company_id, kind="sales", party_id=co.client_id, invoice_date=date(2025, 10, 1),
        lines=[InvoiceLineInput(description="Soil test", quantity=D(1), unit_price=D("10000.00"),
                                vat_code="EXEMPT")])).id)
    ag = invoicing.aging(co.company_id, "sales", date(2025, 10, 31))
    assert _rows(ag) == [
        ("Meghna Housing Ltd.", "invoice", D("10000.00"), D(0), D(0), D(0), D("10000.00")),
        ("Meghna Housing Ltd.", "ra_bill", D(0), D("2206680.00"), D("152750.00"), D(0), D("2359430.00"))]
    assert (ag.totals.days_0_30, ag.totals.days_31_60, ag.totals.days_61_90, ag.totals.total) == (
        D("10000.00"), D("2206680.00"), D("152750.00"), D("2369430.00"))
    assert ag.totals.total == _ledger_receivable(co, co.client_id, date(2025, 10, 31))  # invoices + RA bills
    # a user who may only read the aging sees the same (invoicing reads contracts, contracts the ledger, as modules)
    with context.acting_as(context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="accounts@test",
                                                  permissions=frozenset({"invoicing.report.view"}))):
        assert invoicing.aging(co.company_id, "sales", date(2025, 10, 31)) == ag
    # what contracts says of each bill (the draft is not there); before the receipt, the receipt not counted
    docs = api.receivables(co.company_id, date(2025, 10, 31))
    assert [(d.kind, d.number, d.due_date, d.receivable, d.received, d.outstanding) for d in docs] == [
        ("ra_bill", "MGH/C-01/RA-01", date(2025, 8, 31), D("1152750.00"), D("1000000.00"), D("152750.00")),
        ("ra_bill", "MGH/C-01/RA-02", date(2025, 9, 30), D("2206680.00"), D(0), D("2206680.00"))]
    assert docs[0].client_party_id == co.client_id
    assert [d.outstanding for d in api.receivables(co.company_id, date(2025, 10, 14))][0] == D("1152750.00")
    assert api.receivables(co.company_id, date(2025, 8, 30)) == []

    # paid in full: RA-01 leaves the aging; the invoice paid too: only RA-02 is left
    _receipt(co, co.client_id, date(2025, 11, 5), D("152750.00"), ra1.number)
    invoicing.record_payment(inv.id, InvoicePaymentInput(amount=D("10000.00"), paid_on=date(2025, 11, 5)))
    late = invoicing.aging(co.company_id, "sales", date(2025, 11, 30))
    assert _rows(late) == [("Meghna Housing Ltd.", "ra_bill", D(0), D(0), D("2206680.00"), D(0), D("2206680.00"))]
    assert invoicing.aging(co.company_id, "purchase", date(2025, 11, 30)).rows == []  # a receivable, not payable

    # the retention and deposit released are due from the client as well (Dr 1130 on the release date)
    service.post_bill(service.certify_bill(draft.id).id)
    service.release_retention(c.id, ContractReleaseInput(release_date=date(2026, 4, 30),
                                                         retention_amount=D("100000.00")))
    end = invoicing.aging(co.company_id, "sales", date(2026, 4, 30))
    rel = [d for d in api.receivables(co.company_id, date(2026, 4, 30)) if d.kind == "release"]
    assert [(d.number, d.outstanding) for d in rel] == [("MGH/C-01/REL-01", D("100000.00"))]
    assert end.rows[0].days_0_30 == D("100000.00")
    assert end.totals.total == _ledger_receivable(co, co.client_id, date(2026, 4, 30)) == (
        D("2206680.00") + D("1428820.00") + D("100000.00"))

    # without contracts (an optional dependency of invoicing) aging is the invoices' alone, as before
    monkeypatch.setattr(db.registry, "modules", [m for m in db.registry.modules if m.name != "contracts"])
    assert invoicing.aging(co.company_id, "sales", date(2025, 10, 31)).totals.total == D("10000.00")


def test_aging_page_and_rest_say_which_rows_are_ra_bills(db, co, contract_input, client):
    c = service.create_contract(contract_input(co, advance_amount=D(0)))
    b = _bill(c.id, date(2025, 8, 31), [("1.01", "500")])
    body = client.get(f"/api/v1/invoicing/aging?company_id={co.company_id}&kind=sales&as_of=2025-09-15").json()
    assert [(r["source"], D(r["days_0_30"]), D(r["total"])) for r in body["rows"]] == [
        ("ra_bill", b.net_payable, b.net_payable)]
    for lang, word in (("en", "RA bills"), ("bn", "চলতি বিল")):
        page = client.get(f"/invoicing/aging?company={co.company_id}&kind=sales&as_of=2025-09-15&lang={lang}")
        assert page.status_code == 200 and word in page.text and 'data-source="ra_bill"' in page.text
    q = (f'{{ invoicingAging(companyId: "{co.company_id}", kind: "sales", asOf: "2025-09-15") '
         '{ asOf rows { source days0To30 total } totals { total } } }')
    gql = client.post("/graphql", json={"query": q}).json()
    assert "errors" not in gql, gql
    aging = gql["data"]["invoicingAging"]
    assert [(r["source"], D(r["days0To30"])) for r in aging["rows"]] == [("ra_bill", b.net_payable)]
    assert D(aging["totals"]["total"]) == b.net_payable and aging["asOf"] == "2025-09-15"


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.decimals(min_value=D("0.05"), max_value=D(1), places=2), min_size=1, max_size=3),
       st.lists(st.tuples(st.integers(min_value=0, max_value=120), st.decimals(min_value=D(0), max_value=D("0.6"),
                                                                                places=2)), max_size=4),
       st.integers(min_value=0, max_value=150), st.one_of(st.none(), st.integers(min_value=0, max_value=120)))
def test_aging_rows_add_up_and_equal_the_ledger(db, co, contract_input, fractions, receipts, as_of_day,
                                                reversal_day):
    """Any series of posted bills of a new client, part-paid by receipts on any days against any of them (posted
    in finance, and one recorded in contracts, reversed on any later day or not): as of any date, each aging
    row's buckets add up to its total, the rows to the totals, and the client's RA-bill row to the ledger's 1130
    balance of the client on that date."""
    n = next(_counter)
    client_ = master_data.create_party(PartyInput(legal_name=f"Client {n:03d}", roles=["customer"]))
    c = service.create_contract(contract_input(co, code=f"AG/{n}", client_party_id=client_.id, advance_amount=D(0)))
    qty = D(1000)
    done, bills = D(0), []
    for k, f in enumerate(fractions):
        done = max(done, (qty * f).quantize(D("0.0001")))
        if bills and done == D(bills[-1][1]):
            continue
        bills.append((_bill(c.id, date(2025, 8, 1 + k), [("1.01", str(done))]), str(done)))
    start = date(2025, 8, 10)
    for day, share in receipts:
        b = bills[day % len(bills)][0]
        amount = (b.net_payable * share).quantize(D("0.01"))
        if amount:
            _receipt(co, client_.id, date.fromordinal(start.toordinal() + day), amount, b.number)
    own = service.record_receipt(bills[0][0].id, RaReceiptInput(received_on=start, amount=(
        bills[0][0].net_payable / 10).quantize(D("0.01")), vds=D("1.00"))).receipts[-1]
    if reversal_day is not None:
        service.reverse_receipt(own.id, RaReceiptReversalInput(
            reason="cheque bounced", reversal_date=date.fromordinal(start.toordinal() + reversal_day)))
    as_of = date.fromordinal(date(2025, 8, 1).toordinal() + as_of_day)
    ag = invoicing.aging(co.company_id, "sales", as_of)
    for r in [*ag.rows, ag.totals]:
        assert r.days_0_30 + r.days_31_60 + r.days_61_90 + r.days_over_90 == r.total
    assert sum((r.total for r in ag.rows), D(0)) == ag.totals.total
    mine = [r.total for r in ag.rows if r.party_id == client_.id]
    assert sum(mine, D(0)) == _ledger_receivable(co, client_.id, as_of)
    assert all(r.source == "ra_bill" for r in ag.rows if r.party_id == client_.id)


def test_the_demo_clients_aging_equals_its_ledger_receivable(db):
    """The demo (test_contracts_demo works its bills by hand): Meghdoot Housing owes on 2026-03-31 RA-01
    11,08,800 (59 days) + RA-02 24,94,800 (31 days) = 36,03,600, both 31–60 days, RA-03 a draft; beside its
    invoices (invoicing's demo) 10,95,500. Together 46,99,100: the ledger's 1130 of that client on that date
    (finance's trial balance with the party dimension). Before RA bills were counted the aging showed 10,95,500."""
    from vextrus.modules.organization import api as organization
    from vextrus.modules.organization import demo as org_demo
    from vextrus.platform import bootstrap

    tenant, _created, _lines = bootstrap.load_demo()
    with context.acting_as(context.RequestContext(tenant_id=tenant.id, permissions=frozenset({"*"}),
                                                  actor="owner@test")):
        company = organization.company_by_code(org_demo.DEMO_COMPANY_CODE)
        as_of = date(2026, 3, 31)
        ag = invoicing.aging(company.id, "sales", as_of)
        [ra] = [r for r in ag.rows if r.source == "ra_bill"]
        assert (ra.party_name, ra.days_31_60, ra.total) == ("Meghdoot Housing Ltd.", D("3603600.00"), D("3603600.00"))
        theirs = sum((r.total for r in ag.rows if r.party_id == ra.party_id), D(0))
        tb = finance.trial_balance(company.code, None, as_of, finance.Dims(party_id=ra.party_id))
        ledger = sum((ln.closing_debit - ln.closing_credit for ln in tb.lines if ln.account_code == "1130"), D(0))
        assert theirs == ledger == D("4699100.00")


def test_a_bill_whose_entry_finance_reversed_is_no_longer_due(db, co, contract_input):
    """Finance's reversal of a bill's entry carries the entry's number as its reference: the bill's 1130 debit
    is undone, so it leaves the aging; once finance's event is delivered the bill reads reversed too (the
    contract's last bill, nothing received) and the aging is unchanged."""
    c = service.create_contract(contract_input(co, advance_amount=D(0)))
    b = _bill(c.id, date(2025, 8, 31), [("1.01", "500")])
    assert invoicing.aging(co.company_id, "sales", date(2025, 9, 30)).totals.total == b.net_payable
    finance.reverse_entry(co.book, b.entry_id, date(2025, 9, 15))
    assert invoicing.aging(co.company_id, "sales", date(2025, 9, 10)).totals.total == b.net_payable
    assert invoicing.aging(co.company_id, "sales", date(2025, 9, 30)).rows == []
    assert _ledger_receivable(co, co.client_id, date(2025, 9, 30)) == D(0)
    db.relay.drain()
    assert service.get_bill(b.id).status == "reversed"
    assert invoicing.aging(co.company_id, "sales", date(2025, 9, 10)).totals.total == b.net_payable
    assert invoicing.aging(co.company_id, "sales", date(2025, 9, 30)).rows == []
