"""A party's statement and the aging show its advances (issue 16) on both databases: a customer with an invoice, an
advance partly allocated (the customer's VDS deducted) and a second advance reversed: the lines on their dates, the
running balance, the closing balance = open invoices - unallocated advances to the poisha (also at every date and
for a vendor); the aging's buckets unchanged, the unallocated advance and the net per party."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bangla_text import latin_in_main
from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import (
    AdvanceAllocateInput,
    AdvanceInput,
    AllocationInput,
    InvoiceLineInput,
)

PAID = date(2025, 8, 1)
ON = date(2025, 8, 30)
REV = date(2025, 9, 5)
API = "/api/v1/invoicing"


def _advance(co, party_id, amount, kind="sales", on=PAID):
    return service.record_advance(AdvanceInput(company_id=co.company_id, kind=kind, party_id=party_id, paid_on=on,
                                               amount=amount, method="bank_transfer", reference="BEFTN-7"))


def _customer_story(co, invoice):
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)  # 10 Aug
    adv = _advance(co, co.customer_id, D("500000.00"))
    service.allocate_advance(adv.id, AdvanceAllocateInput(
        allocated_on=ON, certificate_no="MHL/VDS/2025/7",
        allocations=[AllocationInput(invoice_id=inv.id, amount=D("220000.00"), vds=D("20000.00"))]))
    gone = _advance(co, co.customer_id, D("75000.50"), on=date(2025, 8, 20))
    service.reverse_advance(gone.id, REV, "Cheque returned by the bank")
    return inv, adv, gone


def test_a_customer_statement_shows_advance_allocation_and_reversal(db, co, invoice):
    inv, adv, gone = _customer_story(co, invoice)
    st_ = service.party_statement(co.company_id, "sales", co.customer_id, date(2025, 9, 30))
    got = [(ln.entry_date, ln.doc, ln.number, ln.invoice_number, ln.debit, ln.credit) for ln in st_.lines]
    assert got == [
        (PAID, "advance", adv.number, "", D(0), D("500000.00")),
        (date(2025, 8, 10), "invoice", inv.number, "", inv.gross, D(0)),
        (date(2025, 8, 20), "advance", gone.number, "", D(0), D("75000.50")),
        (ON, "advance_allocation", adv.number, inv.number, D("200000.00"), D("220000.00")),
        (REV, "advance_reversal", gone.number, "", D("75000.50"), D(0)),
    ]
    running = D(0)
    for ln in st_.lines:  # a customer's balance rises by a debit
        running += ln.debit - ln.credit
        assert ln.balance == running
    assert st_.lines[0].balance == D("-500000.00")  # held ahead: below zero
    open_inv = inv.gross - D("220000.00")
    assert (st_.open_invoices, st_.unallocated_advances) == (open_inv, D("300000.00"))
    assert st_.closing_balance == open_inv - D("300000.00") == st_.lines[-1].balance
    assert service.get_invoice(inv.id).outstanding == open_inv
    # before the reversal the second advance is still held; from a date on, earlier lines are the opening balance
    mid = service.party_statement(co.company_id, "sales", co.customer_id, date(2025, 9, 1), date_from=date(2025, 8, 15))
    assert [ln.doc for ln in mid.lines] == ["advance", "advance_allocation"]
    assert mid.opening_balance == inv.gross - D("500000.00")
    assert mid.unallocated_advances == D("375000.50")
    assert mid.closing_balance == mid.open_invoices - mid.unallocated_advances == mid.lines[-1].balance


def test_the_aging_shows_the_advance_and_the_net_per_party_buckets_unchanged(db, co, invoice):
    before = service.aging(co.company_id, "sales", date(2025, 9, 30))
    inv, adv, _ = _customer_story(co, invoice)
    ag = service.aging(co.company_id, "sales", date(2025, 9, 30))
    [row] = ag.rows
    open_inv = inv.gross - D("220000.00")
    assert (row.source, row.total, row.unallocated_advances, row.net) == (
        "invoice", open_inv, D("300000.00"), open_inv - D("300000.00"))
    assert sum((row.days_0_30, row.days_31_60, row.days_61_90, row.days_over_90), D(0)) == row.total  # not netted
    assert (ag.totals.total, ag.totals.unallocated_advances, ag.totals.net) == (row.total, row.unallocated_advances,
                                                                                  row.net)
    assert before.rows == []
    # a vendor with an advance and nothing due: a row of its own
    _advance(co, co.vendor_id, D("12345.67"), kind="purchase")
    [vrow] = service.aging(co.company_id, "purchase", date(2025, 9, 30)).rows
    assert (vrow.source, vrow.total, vrow.unallocated_advances, vrow.net) == (
        "advance", D(0), D("12345.67"), D("-12345.67"))
    # the day before the advance it is not there
    assert service.aging(co.company_id, "purchase", PAID - timedelta(days=1)).rows == []


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(advance=st.decimals("0.01", "90000.00", places=2), part=st.integers(0, 100), reverse_second=st.booleans(),
       day=st.integers(0, 60))
def test_a_vendor_statement_closes_at_open_bills_less_unallocated_advances(db, co, invoice, advance, part,
                                                                           reverse_second, day):
    """Any advance, any part of it allocated to a bill, a second advance reversed or not: on any date the closing
    balance (what the company owes the vendor, a credit raises it) is the open bills less the unallocated advances."""
    bill = service.post_invoice(service.create_invoice(invoice(
        co, "purchase", lines=[InvoiceLineInput(description="Rod 60 grade", quantity=D(1), unit_price=D("100000.00"),
                                                vat_code="VAT15")], party_id=co.vendor_id)).id)
    adv = _advance(co, co.vendor_id, advance, kind="purchase")
    use = (advance * part / 100).quantize(D("0.01"))
    if use:
        service.allocate_advance(adv.id, AdvanceAllocateInput(allocated_on=ON, withhold_vds=False, allocations=[
            AllocationInput(invoice_id=bill.id, amount=use)]))
    second = _advance(co, co.vendor_id, D("1000.00"), kind="purchase", on=date(2025, 8, 5))
    if reverse_second:
        service.reverse_advance(second.id, REV, "Paid twice")
    as_of = date(2025, 8, 1) + timedelta(days=day)
    st_ = service.party_statement(co.company_id, "purchase", co.vendor_id, as_of)
    ag = {r.party_id: r for r in service.aging(co.company_id, "purchase", as_of).rows}
    open_bills = ag[co.vendor_id].total if co.vendor_id in ag else D(0)
    advances = ag[co.vendor_id].unallocated_advances if co.vendor_id in ag else D(0)
    assert (st_.open_invoices, st_.unallocated_advances) == (open_bills, advances)
    assert st_.closing_balance == open_bills - advances
    assert st_.closing_balance == sum((ln.credit - ln.debit for ln in st_.lines), D(0))


def test_rest_graphql_and_the_pages_show_the_advance_in_english_and_bangla(client, co, invoice):
    inv, adv, _ = _customer_story(co, invoice)
    open_inv = inv.gross - D("220000.00")
    q = {"company_id": str(co.company_id), "kind": "sales"}
    rest = client.get(f"{API}/statement", params={**q, "party_id": str(co.customer_id), "date_to": "2025-09-30"})
    assert rest.status_code == 200
    body = rest.json()
    assert [ln["doc"] for ln in body["lines"]] == ["advance", "invoice", "advance", "advance_allocation",
                                                   "advance_reversal"]
    assert D(body["closing_balance"]) == D(body["open_invoices"]) - D(body["unallocated_advances"]) == (
        open_inv - D("300000.00"))
    ag = client.get(f"{API}/aging", params={**q, "as_of": "2025-09-30"}).json()
    assert (D(ag["rows"][0]["unallocated_advances"]), D(ag["rows"][0]["net"])) == (D("300000.00"),
                                                                                   open_inv - D("300000.00"))
    gql = client.post("/graphql", json={"query": """query($c: ID!, $p: ID!) {
        invoicingStatement(companyId: $c, kind: "sales", partyId: $p, dateTo: "2025-09-30") {
          closingBalance openInvoices unallocatedAdvances lines { doc debit credit balance } }
        invoicingAging(companyId: $c, kind: "sales", asOf: "2025-09-30") { rows { unallocatedAdvances net }
          totals { total unallocatedAdvances net } } }""",
        "variables": {"c": str(co.company_id), "p": str(co.customer_id)}}).json()
    assert "errors" not in gql, gql
    s = gql["data"]["invoicingStatement"]
    assert D(s["closingBalance"]) == D(s["openInvoices"]) - D(s["unallocatedAdvances"])
    assert D(gql["data"]["invoicingAging"]["totals"]["net"]) == open_inv - D("300000.00")
    for lang, words in (("en", ["Unallocated advances", "Net", "Advance received", "Advance allocated",
                                "Advance reversed", "Closing balance"]),
                        ("bn", ["অসমন্বিত অগ্রিম", "নিট অবস্থান", "অগ্রিম প্রাপ্তি", "অগ্রিম সমন্বয়", "অগ্রিম রিভার্স",
                                "সমাপনী স্থিতি", "৩,০০,০০০"])):
        aging = client.get(f"/invoicing/aging?company={co.company_id}&kind=sales&as_of=2025-09-30&lang={lang}")
        page = client.get(f"/invoicing/statement?company={co.company_id}&kind=sales&party={co.customer_id}"
                          f"&date_to=2025-09-30&lang={lang}")
        assert aging.status_code == page.status_code == 200
        assert f"party={co.customer_id}" in aging.text  # the party's name opens its statement
        text = aging.text + page.text
        for w in words:
            assert w in text, w
        if lang == "bn":
            assert latin_in_main(aging.text) == [] and latin_in_main(page.text) == []
            assert not re.search(r"[0-9],[0-9]", page.text.split("<main", 1)[-1])  # amounts in Bangla digits
