"""Paying the subcontractor (issues 16/17) on both databases: the worked example's two posted subcontractor bills
(nets 3,55,063.09 and 7,44,787.82) paid by one payment allocated over both and a part payment; over-allocation,
a bill paid twice in one payment, an unposted or another subcontract's bill, a client contract refused with the
field path and nothing stored; a payment reversed gives back what it paid (bills outstanding again, the trial
balance of before); a bill a live payment pays is not reversed; a payment's journal reversed in finance is
followed; a hypothesis property: 2111 (the subcontractor) = Σ outstanding nets of its bills to the poisha."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bangla_text import latin_words
from vextrus.modules.contracts import service
from vextrus.modules.contracts.schemas import (
    RaBillInput,
    RaBillReversalInput,
    RaMeasureInput,
    SubcontractAllocationInput,
    SubcontractInput,
    SubcontractItemInput,
    SubcontractPaymentInput,
    SubcontractPaymentReversalInput,
)
from vextrus.modules.finance import service as finance
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform.errors import Conflict, DomainError, ValidationFailed

NET1, NET2 = D("355063.09"), D("744787.82")
_counter = itertools.count(1)
_vendors = itertools.count(101)


def _vendor(name: str):
    n = next(_vendors)  # each its own BIN and TIN (master data refuses a duplicate)
    p = master_data.create_party(PartyInput(legal_name=name, legal_name_bn="বিসমিল্লাহ কনস্ট্রাকশন", roles=["vendor"],
                                            bin=f"00012345{n:05d}", tin=f"1234567{n:05d}"))
    master_data.change_vendor_status(p.id, "approved")
    return p


def _m(no: str, q: str | None = None, pct: str | None = None) -> RaMeasureInput:
    return RaMeasureInput(item_no=no, cumulative_quantity=D(q) if q else None, percent_complete=D(pct) if pct else None)


def _post(bill_id):
    b = service.certify_bill(bill_id)
    return service.post_bill(b.id, expected_version=b.version)


def subcontract_with_two_bills(co, vendor_id, code: str = "MGH/SC-01"):
    """The worked example of docs/contracts.md (brickwork at 5,200 + scaffolding at 85.50, retention 10 %,
    advance 2,00,000 at 25 %): RA-01 net 3,55,063.09 (2025-08-31), RA-02 net 7,44,787.82 (2025-09-30), posted."""
    sc = service.create_subcontract(SubcontractInput(
        company_id=co.company_id, project_id=co.project_id, vendor_party_id=vendor_id, code=code,
        title="Brickwork subcontract", contract_date=date(2025, 7, 20), retention_pct=D("10"),
        advance_amount=D("200000.00"), advance_recovery_pct=D("25"),
        items=[SubcontractItemInput(item_no="3.01", rate=D("5200.00")),
               SubcontractItemInput(item_no="S.01", free=True, description="Scaffolding and curing", unit="m2",
                                    quantity=D("1200"), rate=D("85.50"))]))
    b1 = _post(service.draft_bill(sc.id, RaBillInput(bill_date=date(2025, 8, 31),
                                                      measures=[_m("3.01", "120.5"), _m("S.01", pct="40")])).id)
    b2 = _post(service.draft_bill(sc.id, RaBillInput(bill_date=date(2025, 9, 30),
                                                      measures=[_m("3.01", "300"), _m("S.01", pct="100")])).id)
    assert (b1.net_payable, b2.net_payable) == (NET1, NET2)
    return sc, b1, b2


def _pay(contract_id, on: date, *allocs, account: str = "1120", reference: str = "CHQ 100"):
    return service.pay_subcontractor(contract_id, SubcontractPaymentInput(
        paid_on=on, account_code=account, reference=reference,
        allocations=[SubcontractAllocationInput(bill_id=b, amount=D(a)) for b, a in allocs]))


def _tb(co, as_of: date = date(2026, 6, 30)) -> dict[str, D]:
    tb = finance.trial_balance(co.book, None, as_of)
    out = {ln.account_code: ln.closing_debit - ln.closing_credit for ln in tb.lines}
    return {k: v for k, v in out.items() if v}


def _payable(co, party_id, as_of: date = date(2026, 6, 30)) -> D:
    """What the company owes the subcontractor on 2111 (credit positive)."""
    tb = finance.trial_balance(co.book, None, as_of, finance.Dims(party_id=party_id))
    return sum((ln.closing_credit - ln.closing_debit for ln in tb.lines if ln.account_code == "2111"), D(0))


def test_one_payment_pays_two_bills_then_a_part_payment(db, co):
    """RA-01 in full (3,55,063.09) and 2,00,000 of RA-02 by one cheque of 5,55,063.09 from the bank (Dr 2111 the
    subcontractor / Cr 1120), then 1,00,000 of RA-02 in cash (1110): RA-01 paid, RA-02 outstanding 7,44,787.82 −
    3,00,000 = 4,44,787.82; the subcontract's payables billed 10,99,850.91, paid 6,55,063.09, outstanding
    4,44,787.82 = 2111 for the subcontractor."""
    v = _vendor("Bismillah Construction")
    sc, b1, b2 = subcontract_with_two_bills(co, v.id)
    bank_before = _tb(co).get("1120", D(0))
    p1 = _pay(sc.id, date(2025, 10, 5), (b1.id, "355063.09"), (b2.id, "200000.00"))
    assert (p1.number, p1.amount, p1.account_code, p1.reference, p1.status) == (
        "MGH/SC-01/PAY-01", D("555063.09"), "1120", "CHQ 100", "posted")
    assert [(a.bill_number, a.amount) for a in p1.allocations] == [("MGH/SC-01/RA-01", NET1),
                                                                   ("MGH/SC-01/RA-02", D("200000.00"))]
    e = finance.get_entry(co.book, p1.entry_id)
    assert (e.journal_type, e.reference) == ("payment", "MGH/SC-01/PAY-01")
    assert sorted((ln.account_code, ln.debit, ln.credit, ln.party_id) for ln in e.lines) == [
        ("1120", D(0), D("555063.09"), None), ("2111", D("555063.09"), D(0), v.id)]
    r1, r2 = service.get_bill(b1.id), service.get_bill(b2.id)
    assert (r1.received, r1.outstanding, r1.paid) == (NET1, D(0), True)
    assert (r2.received, r2.outstanding, r2.paid) == (D("200000.00"), NET2 - D("200000.00"), False)
    assert [(p.number, p.amount, p.payment_amount) for p in r2.payments] == [
        ("MGH/SC-01/PAY-01", D("200000.00"), D("555063.09"))]

    p2 = _pay(sc.id, date(2025, 10, 20), (b2.id, "100000.00"), account="1110", reference="cash voucher 7")
    assert (p2.number, p2.account_code) == ("MGH/SC-01/PAY-02", "1110")
    assert service.get_bill(b2.id).outstanding == D("444787.82")
    c = service.get_contract(sc.id)
    assert c.payables is not None
    assert (c.payables.billed, c.payables.paid, c.payables.outstanding) == (
        D("1099850.91"), D("655063.09"), D("444787.82"))
    assert [p.number for p in c.payments] == ["MGH/SC-01/PAY-01", "MGH/SC-01/PAY-02"]
    assert [b.outstanding for b in service.contract_bills(sc.id)] == [D(0), D("444787.82")]
    assert _payable(co, v.id) == c.payables.outstanding
    tb = _tb(co)
    assert (bank_before - tb["1120"], -tb["1110"]) == (D("555063.09"), D("100000.00"))


def test_refusals_name_the_field_and_store_nothing(db, co, contract_input):
    v = _vendor("Bismillah Construction")
    sc, b1, b2 = subcontract_with_two_bills(co, v.id)
    before = _tb(co)
    cases = [
        (((b1.id, "355063.10"),), "contracts.payment_over_outstanding", "allocations[0].amount"),
        (((b1.id, "100.00"), (b2.id, "744787.83")), "contracts.payment_over_outstanding", "allocations[1].amount"),
        (((b1.id, "100.00"), (b1.id, "100.00")), "contracts.payment_bill_twice", "allocations[1].bill_id"),
        (((b1.id, "0"),), "contracts.amount_not_positive", "allocations[0].amount"),
        (((b1.id, "10.001"),), None, "allocations[0].amount"),
        ((), "contracts.payment_no_bills", "allocations"),
    ]
    for allocs, code, field in cases:
        with pytest.raises(ValidationFailed) as e:
            _pay(sc.id, date(2025, 10, 5), *allocs)
        assert e.value.field == field and (code is None or e.value.code == code), (allocs, e.value.code)
        assert e.value.message_bn
    with pytest.raises(ValidationFailed) as e:  # before RA-02's date
        _pay(sc.id, date(2025, 9, 15), (b1.id, "1000.00"), (b2.id, "1000.00"))
    assert (e.value.code, e.value.field) == ("contracts.payment_before_bill", "paid_on")
    with pytest.raises(DomainError) as e:  # an account the ledger lacks: finance refuses, on the form's field
        _pay(sc.id, date(2025, 10, 5), (b1.id, "1000.00"), account="9999")
    assert e.value.field == "account_code"
    # a bill of another subcontract, a draft bill, a client contract
    other, o1, _o2 = subcontract_with_two_bills(co, _vendor("Other Builders").id, code="MGH/SC-02")
    with pytest.raises(ValidationFailed) as e:
        _pay(sc.id, date(2025, 10, 5), (o1.id, "1000.00"))
    assert (e.value.code, e.value.field) == ("contracts.payment_bill_unknown", "allocations[0].bill_id")
    service.reverse_bill(_o2.id, RaBillReversalInput(reversal_date=date(2025, 10, 31)))
    draft = service.draft_bill(other.id, RaBillInput(bill_date=date(2025, 10, 31), measures=[_m("3.01", "300")]))
    before = _tb(co)
    with pytest.raises(Conflict) as e:
        _pay(other.id, date(2025, 11, 5), (draft.id, "10.00"))
    assert (e.value.code, e.value.field) == ("contracts.bill_not_posted", "allocations[0].bill_id")
    client_c = service.create_contract(contract_input(co, advance_amount=D(0)))
    with pytest.raises(Conflict) as e:
        _pay(client_c.id, date(2025, 10, 5), (b1.id, "10.00"))
    assert (e.value.code, e.value.field) == ("contracts.client_contract_no_payment", "contract_kind")
    assert _tb(co) == before
    assert service.get_contract(sc.id).payments == [] and service.get_bill(b1.id).outstanding == NET1
    with pytest.raises(Conflict) as e:  # a stale subcontract version
        service.pay_subcontractor(sc.id, SubcontractPaymentInput(
            paid_on=date(2025, 10, 5), allocations=[SubcontractAllocationInput(bill_id=b1.id, amount=D(1))]),
            expected_version=1)
    assert e.value.code == "stale_version"


def test_reversal_gives_back_and_a_paid_bill_is_not_reversed(db, co):
    """PAY-01 (RA-01 1,00,000 + RA-02 50,000) reversed on 2025-10-12: finance reverses the journal (Dr 1120 / Cr
    2111), both bills are outstanding in full again and the trial balance is the one before the payment; RA-02
    cannot be reversed while PAY-02 pays it; once PAY-02 is reversed, it can. A new payment is PAY-03."""
    v = _vendor("Bismillah Construction")
    sc, b1, b2 = subcontract_with_two_bills(co, v.id)
    before = _tb(co)
    p1 = _pay(sc.id, date(2025, 10, 5), (b1.id, "100000.00"), (b2.id, "50000.00"))
    p2 = _pay(sc.id, date(2025, 10, 6), (b2.id, "1000.00"))
    with pytest.raises(Conflict) as e:
        service.reverse_bill(b2.id, RaBillReversalInput(reversal_date=date(2025, 10, 31)))
    assert (e.value.code, e.value.field) == ("contracts.bill_has_payments", "status") and e.value.message_bn
    with pytest.raises(ValidationFailed) as e:
        service.reverse_subcontract_payment(p1.id, SubcontractPaymentReversalInput(reason=" "))
    assert (e.value.code, e.value.field) == ("contracts.reason_missing", "reason")
    with pytest.raises(ValidationFailed) as e:
        service.reverse_subcontract_payment(p1.id, SubcontractPaymentReversalInput(
            reason="cheque bounced", reversal_date=date(2025, 10, 4)))
    assert (e.value.code, e.value.field) == ("contracts.reversal_before_payment", "reversal_date")
    r = service.reverse_subcontract_payment(p1.id, SubcontractPaymentReversalInput(
        reason="cheque bounced", reversal_date=date(2025, 10, 12)))
    assert (r.status, r.reversed_at, r.reversal_reason) == ("reversed", date(2025, 10, 12), "cheque bounced")
    rev = finance.get_entry(co.book, r.reversal_entry_id)
    assert sorted((ln.account_code, ln.debit, ln.credit) for ln in rev.lines) == [
        ("1120", D("150000.00"), D(0)), ("2111", D(0), D("150000.00"))]
    assert service.get_bill(b1.id).outstanding == NET1
    assert service.get_bill(b2.id).outstanding == NET2 - D("1000.00")
    assert [(p.number, p.status) for p in service.get_bill(b2.id).payments] == [
        ("MGH/SC-01/PAY-01", "reversed"), ("MGH/SC-01/PAY-02", "posted")]
    with pytest.raises(Conflict) as e:
        service.reverse_subcontract_payment(p1.id, SubcontractPaymentReversalInput(reason="again"))
    assert e.value.code == "contracts.payment_reversed"
    service.reverse_subcontract_payment(p2.id, SubcontractPaymentReversalInput(
        reason="wrong amount", reversal_date=date(2025, 10, 12)))
    assert _tb(co) == before
    assert service.reverse_bill(b2.id, RaBillReversalInput(reversal_date=date(2025, 10, 31))).status == "reversed"
    assert _pay(sc.id, date(2025, 11, 1), (b1.id, str(NET1))).number == "MGH/SC-01/PAY-03"
    assert _payable(co, v.id) == D(0)


def test_a_payment_reversed_in_finance_is_followed(db, co):
    """PAY-01's journal reversed in finance (not through contracts): once finance's event is delivered the payment
    is reversed with finance's reversal entry and date, the bill is outstanding again; delivering again changes
    nothing."""
    v = _vendor("Bismillah Construction")
    sc, b1, _b2 = subcontract_with_two_bills(co, v.id)
    p = _pay(sc.id, date(2025, 10, 5), (b1.id, "5000.00"))
    rev = finance.reverse_entry(co.book, p.entry_id, date(2025, 10, 9))
    db.relay.drain()
    got = service.get_payment(p.id)
    assert (got.status, got.reversed_at, got.reversal_entry_id, got.reversal_reason) == (
        "reversed", date(2025, 10, 9), rev.id, "")
    db.relay.drain()
    assert service.get_bill(b1.id).outstanding == NET1 and _payable(co, v.id) == NET1 + NET2
    assert service.reverse_bill(_b2.id, RaBillReversalInput(reversal_date=date(2025, 10, 31))).status == "reversed"


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["pay", "reverse"]),
                          st.decimals(min_value=D("0.01"), max_value=D("0.9"), places=2),
                          st.decimals(min_value=D(0), max_value=D("0.9"), places=2)), min_size=1, max_size=5))
def test_property_2111_is_the_sum_of_outstanding_nets(db, co, ops):
    """Any series of payments (random shares of each bill's outstanding, over one or both bills) and whole
    reversals of a live payment: each bill's paid + outstanding = net, paid = Σ its live allocations, and the
    subcontractor's 2111 = Σ outstanding nets of its bills = the subcontract's payables outstanding, to the
    poisha."""
    n = next(_counter)
    v = _vendor(f"Gang {n:03d}")
    sc, b1, b2 = subcontract_with_two_bills(co, v.id, code=f"SC/P{n}")
    on = date(2025, 10, 1)
    for k, (op, s1, s2) in enumerate(ops):
        day = date(2025, 10, 1 + k)
        live = [p for p in service.subcontract_payments(sc.id) if p.status == "posted"]
        if op == "reverse" and live:
            service.reverse_subcontract_payment(live[int(s1 * 100) % len(live)].id,
                                                SubcontractPaymentReversalInput(reason="test", reversal_date=day))
        else:
            allocs = []
            for b, share in ((b1, s1), (b2, s2)):
                amount = (service.get_bill(b.id).outstanding * share).quantize(D("0.01"))
                if amount > 0:
                    allocs.append((b.id, str(amount)))
            if allocs:
                _pay(sc.id, day, *allocs)
        on = day
    bills = [service.get_bill(b.id) for b in (b1, b2)]
    pays = service.subcontract_payments(sc.id)
    for b in bills:
        assert b.received + b.outstanding == b.net_payable
        assert b.received == sum((a.amount for p in pays if p.status == "posted" for a in p.allocations
                                  if a.bill_id == b.id), D(0))
    c = service.get_contract(sc.id)
    assert c.payables is not None
    assert _payable(co, v.id, on) == sum(b.outstanding for b in bills) == c.payables.outstanding


# ---- over HTTP: REST, GraphQL and the pages (en/bn) ---------------------------------------------------------


@pytest.fixture
def client(db, admin, co):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/contracts")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def test_rest_and_graphql(client, co):
    v = _vendor("Bismillah Construction")
    sc, b1, b2 = subcontract_with_two_bills(co, v.id)
    url = f"/api/v1/contracts/contracts/{sc.id}/payments"
    body = {"paid_on": "2025-10-05", "reference": "EFT 55", "allocations": [
        {"bill_id": str(b1.id), "amount": "355063.09"}, {"bill_id": str(b2.id), "amount": "44936.91"}]}
    r1 = client.post(url, json=body, headers={"Idempotency-Key": "pay-1"})
    r2 = client.post(url, json=body, headers={"Idempotency-Key": "pay-1"})
    assert r1.status_code == 201 and r1.json()["id"] == r2.json()["id"]  # the same key: paid once
    assert (r1.json()["amount"], r1.json()["number"]) == ("400000.00", "MGH/SC-01/PAY-01")
    assert client.get(r1.headers["location"]).json()["status"] == "posted"
    assert [p["number"] for p in client.get(url).json()] == ["MGH/SC-01/PAY-01"]
    bill = client.get(f"/api/v1/contracts/bills/{b2.id}").json()
    assert (bill["received"], bill["outstanding"]) == ("44936.91", "699850.91")
    assert [p["amount"] for p in bill["payments"]] == ["44936.91"]
    over = client.post(url, json={"paid_on": "2025-10-06", "allocations": [
        {"bill_id": str(b2.id), "amount": "699850.92"}]}, headers={"Idempotency-Key": "pay-2"})
    j = over.json()
    assert over.status_code == 422 and (j["code"], j["field"]) == ("contracts.payment_over_outstanding",
                                                                   "allocations[0].amount") and j["message_bn"]
    stale = client.post(url, json={**body, "expected_version": 1}, headers={"Idempotency-Key": "pay-3"})
    assert stale.status_code == 409
    assert len(client.get(url).json()) == 1  # refused: nothing stored
    rev = client.post(f"/api/v1/contracts/payments/{r1.json()['id']}/reverse",
                      json={"reason": "cheque bounced", "reversal_date": "2025-10-08"}, headers={"Idempotency-Key": "r-1"})
    assert rev.status_code == 200 and rev.json()["status"] == "reversed"
    again = client.post(f"/api/v1/contracts/payments/{r1.json()['id']}/reverse", json={"reason": "again"})
    assert again.status_code == 409 and again.json()["code"] == "contracts.payment_reversed"
    q = ('mutation($c: ID!, $b: ID!) { contractsPaySubcontractor(contractId: $c, paidOn: "2025-10-10", '
         'accountCode: "1110", reference: "cash 1", allocations: [{billId: $b, amount: "1000.50"}], '
         'idempotencyKey: "g-1") { id number amount status allocations { billNumber amount } } }')
    g = client.post("/graphql", json={"query": q, "variables": {"c": str(sc.id), "b": str(b1.id)}}).json()
    assert "errors" not in g, g
    p = g["data"]["contractsPaySubcontractor"]
    assert (p["number"], p["amount"], p["allocations"]) == (
        "MGH/SC-01/PAY-02", "1000.50", [{"billNumber": "MGH/SC-01/RA-01", "amount": "1000.50"}])
    q2 = ('query($id: ID!) { contractsContract(id: $id) { payables { billed paid outstanding } '
          'payments { number status } bills { number outstanding payments { number amount } } } }')
    c = client.post("/graphql", json={"query": q2, "variables": {"id": str(sc.id)}}).json()["data"]["contractsContract"]
    assert c["payables"] == {"billed": "1099850.91", "paid": "1000.50", "outstanding": "1098850.41"}
    assert [x["status"] for x in c["payments"]] == ["reversed", "posted"]
    q3 = ('mutation($id: ID!) { contractsReverseSubcontractPayment(paymentId: $id, reason: "wrong account", '
          'reversalDate: "2025-10-11") { status reversalReason } }')
    g3 = client.post("/graphql", json={"query": q3, "variables": {"id": p["id"]}}).json()
    assert g3["data"]["contractsReverseSubcontractPayment"] == {"status": "reversed", "reversalReason": "wrong account"}
    assert service.get_contract(sc.id).payables.outstanding == D("1099850.91")
    assert _payable(co, v.id) == D("1099850.91")


def _section(html: str, marker: str) -> str:
    start = html.index(">", html.index(marker)) + 1  # from after the marked tag to the end of its section
    return html[start:html.index("</section>", start)]


@pytest.mark.parametrize("lang, words", [
    ("en", ["Payables to the subcontractor", "Paid to date", "Pay the subcontractor", "Payments to the subcontractor",
            "Reverse payment", "Paid of this bill", "3,55,063.09"]),
    ("bn", ["উপ-ঠিকাদারের প্রদেয়", "এ পর্যন্ত পরিশোধিত", "উপ-ঠিকাদারকে পরিশোধ করুন", "উপ-ঠিকাদারকে পরিশোধ",
            "পরিশোধ রিভার্স করুন", "এই বিলে পরিশোধ", "৩,৫৫,০৬৩.০৯"]),
])
def test_the_pages_pay_list_and_reverse(client, co, lang, words):
    """The subcontract page's payment form refuses an over-allocation on the form (nothing stored), then pays RA-01
    in full and part of RA-02 (Bangla digits typed); the payables, the payments and each bill's sheet show it; a
    bill paid shows "paid"; RA-02 offers no reversal while paid; the payment is reversed from the page."""
    v = _vendor("Bismillah Construction")
    sc, b1, b2 = subcontract_with_two_bills(co, v.id)
    form = {"paid_on": "2025-10-05", "account_code": "1120", "reference": "CHQ 9", f"pay-{b1.id}": "355063.09",
            f"pay-{b2.id}": "744787.83"}
    bad = client.post(f"/contracts/{sc.id}/payments?lang={lang}", data=form, follow_redirects=False)
    assert bad.status_code == 422 and 'role="alert"' in bad.text
    assert ("বাকি মাত্র" if lang == "bn" else "is outstanding on bill") in bad.text  # the page's language
    assert service.get_contract(sc.id).payments == []
    ok = client.post(f"/contracts/{sc.id}/payments", data={**form, f"pay-{b2.id}": "১,০০,০০০"}, follow_redirects=False)
    assert ok.status_code == 303, ok.text[:2000]
    page = client.get(f"/contracts/{sc.id}?lang={lang}").text
    sheet1 = client.get(f"/contracts/bills/{b1.id}?lang={lang}").text
    sheet2 = client.get(f"/contracts/bills/{b2.id}?lang={lang}").text
    for w in words:
        assert w in page + sheet1 + sheet2, w
    assert 'id="payment-form"' in page and f'name="pay-{b1.id}"' not in page  # RA-01 is paid: not offered again
    assert 'id="paid"' in sheet1 and 'id="paid"' not in sheet2
    assert 'id="reverse-form"' not in sheet2  # a live payment pays it
    if lang == "bn":
        assert latin_words(_section(page, 'id="payables-card"')) == []
        assert latin_words(_section(sheet2, 'id="bill-payments"')) == []
    [p] = service.get_contract(sc.id).payments
    assert p.amount == D("455063.09")
    no_reason = client.post(f"/contracts/{sc.id}/payments/{p.id}/reverse?lang={lang}", data={"reason": "",
                            "reversal_date": "2025-10-06"}, follow_redirects=False)
    assert no_reason.status_code == 422 and service.get_payment(p.id).status == "posted"
    done = client.post(f"/contracts/{sc.id}/payments/{p.id}/reverse", data={"reason": "cheque bounced",
                       "reversal_date": "2025-10-06"}, follow_redirects=False)
    assert done.status_code == 303 and service.get_payment(p.id).status == "reversed"
    assert 'id="reverse-form"' in client.get(f"/contracts/bills/{b2.id}?lang={lang}").text
    other, _o1, _o2 = subcontract_with_two_bills(co, _vendor("Other Builders").id, code="MGH/SC-02")
    assert client.post(f"/contracts/{other.id}/payments/{p.id}/reverse", data={"reason": "x"},
                       follow_redirects=False).status_code == 404
