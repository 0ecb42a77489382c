"""Receipts against posted RA bills and a posted bill's reversal, on both databases.

The worked example's contract (retention 5 %, deposit 2.5 %, advance 5,35,000 recovered at 20 %, VAT 10 %, AIT
3 %): RA-01 (2025-08-31; 1.01 × 1000, 2.01 × 80) has net payable 11,52,750.00 (test_contracts_service works
it by hand). A receipt posts Dr bank / Dr VDS receivable 1151 / Cr 1130 with the bill's number as reference,
so the aging (contracts.api.receivables) and the ledger's 1130 of the client fall by the same amount."""

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
    RaBillInput,
    RaBillReversalInput,
    RaMeasureInput,
    RaReceiptInput,
)
from vextrus.modules.finance import service as finance
from vextrus.modules.invoicing import service as invoicing
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform.errors import Conflict, ValidationFailed

_counter = itertools.count(1)
NET1 = D("1152750.00")


@pytest.fixture
def client(db, admin, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/contracts")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def _bill(contract_id, on: date, measures: list[tuple[str, str]], post: bool = True):
    b = service.draft_bill(contract_id, RaBillInput(bill_date=on, measures=[
        RaMeasureInput(item_no=no, cumulative_quantity=D(q)) for no, q in measures]))
    if post:
        b = service.post_bill(service.certify_bill(b.id).id)
    return b


def _balance(co, code: str, as_of: date, party_id=None) -> D:
    tb = (finance.trial_balance(co.book, None, as_of, finance.Dims(party_id=party_id)) if party_id
          else finance.trial_balance(co.book, None, as_of))
    return sum((ln.closing_debit - ln.closing_credit for ln in tb.lines if ln.account_code == code), D(0))


def _tb(co, as_of: date) -> dict[str, D]:
    """Each account's closing balance (debit positive), accounts at zero left out."""
    tb = finance.trial_balance(co.book, None, as_of)
    out = {ln.account_code: ln.closing_debit - ln.closing_credit for ln in tb.lines}
    return {k: v for k, v in out.items() if v}


def _outstanding(co, number: str, as_of: date) -> D:
    return sum((d.outstanding for d in api.receivables(co.company_id, as_of) if d.number == number), D(0))


def _started(co, contract_input):
    c = service.create_contract(contract_input(co))
    service.receive_advance(c.id, ContractAdvanceInput(received_on=date(2025, 7, 20), amount=D("535000.00")))
    return c, _bill(c.id, date(2025, 8, 31), [("1.01", "1000"), ("2.01", "80")])


def test_part_receipts_and_a_vds_settled_receipt_lower_the_aging_and_the_ledger_equally(db, co, contract_input):
    """RA-01 11,52,750.00. 2025-09-20 cheque 5,00,000 → received 5,00,000, outstanding 6,52,750 (aging and the
    client's 1130 both). 2025-10-05 EFT 5,52,750 into 1121-less default bank 1120 with VDS 1,00,000 (Mushak 6.6
    certificate): 5,52,750 + 1,00,000 = 6,52,750 settles it: paid, outstanding 0, the client's 1130 0, VDS
    receivable 1151 1,00,000, bank 1120 up by 10,52,750 cash in all."""
    c, ra1 = _started(co, contract_input)
    assert (ra1.net_payable, ra1.received, ra1.outstanding, ra1.paid) == (NET1, D(0), NET1, False)
    bank0 = _balance(co, "1120", date(2025, 12, 31))
    assert _balance(co, "1130", date(2025, 9, 30), co.client_id) == NET1 == _outstanding(co, ra1.number, date(2025, 9, 30))

    b = service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 9, 20), amount=D("500000.00"),
                                                      reference="CHQ 4471203"))
    assert (b.received, b.outstanding, b.paid, b.status) == (D("500000.00"), D("652750.00"), False, "posted")
    assert [(r.number, r.amount, r.vds, r.account_code, r.reference) for r in b.receipts] == [
        ("MGH/C-01/RA-01/RCT-01", D("500000.00"), D(0), "1120", "CHQ 4471203")]
    assert _outstanding(co, ra1.number, date(2025, 9, 30)) == D("652750.00")
    assert _balance(co, "1130", date(2025, 9, 30), co.client_id) == D("652750.00")
    assert _outstanding(co, ra1.number, date(2025, 9, 19)) == NET1  # aged by date: not received yet then

    b = service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 10, 5), amount=D("552750.00"),
                                                      vds=D("100000.00"), certificate_no="MHL-VDS-0042",
                                                      reference="EFT 99812"))
    assert (b.received, b.outstanding, b.paid, b.status) == (NET1, D(0), True, "posted")
    assert b.receipts[1].settled == D("652750.00")
    assert _outstanding(co, ra1.number, date(2025, 10, 31)) == D(0)
    assert _balance(co, "1130", date(2025, 10, 31), co.client_id) == D(0)
    assert _balance(co, "1151", date(2025, 10, 31)) == D("100000.00")
    assert _balance(co, "1120", date(2025, 12, 31)) - bank0 == D("1052750.00")
    assert invoicing.aging(co.company_id, "sales", date(2025, 10, 31)).rows == []
    # the contract's list shows the same (one query for all bills' receipts)
    [listed] = service.contract_bills(c.id)
    assert (listed.received, listed.outstanding, listed.paid) == (NET1, D(0), True)


def test_refused_receipts_store_nothing(db, co, contract_input):
    c, ra1 = _started(co, contract_input)
    before = _tb(co, date(2026, 6, 30))
    for data, code, field in (
            (dict(received_on=date(2025, 9, 20), amount=D("1152750.01")), "contracts.receipt_over_outstanding",
             "amount"),
            (dict(received_on=date(2025, 9, 20), amount=D("1000000.00"), vds=D("152750.01")),
             "contracts.receipt_over_outstanding", "amount"),
            (dict(received_on=date(2025, 9, 20), amount=D(0)), "contracts.amount_not_positive", "amount"),
            (dict(received_on=date(2025, 9, 20), amount=D("-5")), "contracts.amount_not_positive", "amount"),
            (dict(received_on=date(2025, 9, 20), amount=D("5"), vds=D("-1")), "contracts.vds_negative", "vds"),
            (dict(received_on=date(2025, 8, 30), amount=D("5")), "contracts.receipt_before_bill", "received_on")):
        with pytest.raises(ValidationFailed) as e:
            service.record_receipt(ra1.id, RaReceiptInput(**data))
        assert (e.value.code, e.value.field) == (code, field)
        assert e.value.message_bn and e.value.message_bn != e.value.message
    draft = _bill(c.id, date(2025, 9, 30), [("2.01", "200")], post=False)
    with pytest.raises(Conflict) as e:
        service.record_receipt(draft.id, RaReceiptInput(received_on=date(2025, 10, 1), amount=D("5")))
    assert (e.value.code, e.value.field) == ("contracts.bill_not_posted", "status")
    assert _tb(co, date(2026, 6, 30)) == before
    assert service.get_bill(ra1.id).receipts == [] and service.get_bill(ra1.id).outstanding == NET1
    # exactly what is outstanding is taken
    assert service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 9, 20), amount=NET1)).paid


def test_reversal_restores_the_ledger_and_the_cumulative_quantities(db, co, contract_input):
    """RA-02 (2.01 to 200, 3.01 to 120.5) posted then reversed on 2025-10-10: the trial balance equals the one
    before it was posted; the contract's billed quantities, billed to date and advance recovered are RA-01's
    again; RA-02 leaves the aging after the reversal date (due before it, as the ledger says); the next bill
    (RA-03) measures from RA-01's cumulative quantities."""
    c, ra1 = _started(co, contract_input)
    before = _tb(co, date(2026, 6, 30))
    view0 = service.get_contract(c.id)
    ra2 = _bill(c.id, date(2025, 9, 30), [("2.01", "200"), ("3.01", "120.5")])
    assert service.get_contract(c.id).billed_to_date > view0.billed_to_date
    with pytest.raises(Conflict) as e:  # not the last bill
        service.reverse_bill(ra1.id, RaBillReversalInput(reversal_date=date(2025, 10, 10)))
    assert e.value.code == "contracts.not_last_bill"
    r = service.reverse_bill(ra2.id, RaBillReversalInput(reversal_date=date(2025, 10, 10)))
    assert (r.status, r.outstanding, r.paid) == ("reversed", D(0), False)
    assert r.reversal_entry_id is not None and r.reversal_entry_number
    assert _tb(co, date(2026, 6, 30)) == before
    view = service.get_contract(c.id)
    assert [(i.item_no, i.billed_quantity) for i in view.items] == [(i.item_no, i.billed_quantity)
                                                                    for i in view0.items]
    assert (view.billed_to_date, view.advance_recovered, view.retention_held) == (
        view0.billed_to_date, view0.advance_recovered, view0.retention_held)
    assert [d.number for d in api.receivables(co.company_id, date(2025, 10, 31))] == [ra1.number, ra2.number]
    assert _outstanding(co, ra2.number, date(2025, 10, 31)) == D(0)
    assert _outstanding(co, ra2.number, date(2025, 10, 5)) == ra2.net_payable  # due until reversed
    assert _balance(co, "1130", date(2025, 10, 5), co.client_id) == NET1 + ra2.net_payable
    with pytest.raises(Conflict):  # reversed twice
        service.reverse_bill(ra2.id, RaBillReversalInput(reversal_date=date(2025, 10, 10)))
    ra3 = _bill(c.id, date(2025, 10, 31), [("2.01", "150")], post=False)
    assert ra3.number == "MGH/C-01/RA-03"
    prev = {ln.item_no: (ln.previous_quantity, ln.this_quantity) for ln in ra3.lines}
    assert prev["2.01"] == (D(80), D(70)) and prev["1.01"] == (D(1000), D(0))


def test_reversal_refused_after_a_receipt_and_before_the_bill(db, co, contract_input):
    _c, ra1 = _started(co, contract_input)
    with pytest.raises(ValidationFailed) as e:  # finance: not before the entry it reverses
        service.reverse_bill(ra1.id, RaBillReversalInput(reversal_date=date(2025, 8, 30)))
    assert e.value.field == "reversal_date"
    assert service.get_bill(ra1.id).status == "posted"
    service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 9, 20), amount=D("100.00")))
    before = _tb(co, date(2026, 6, 30))
    with pytest.raises(Conflict) as e:
        service.reverse_bill(ra1.id, RaBillReversalInput(reversal_date=date(2025, 10, 10)))
    assert (e.value.code, e.value.field) == ("contracts.bill_has_receipts", "status")
    assert service.get_bill(ra1.id).status == "posted" and _tb(co, date(2026, 6, 30)) == before


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.decimals(min_value=D("0.01"), max_value=D("0.7"), places=2),
                          st.decimals(min_value=D(0), max_value=D("0.2"), places=2)), min_size=1, max_size=5))
def test_received_plus_outstanding_is_the_net_payable(db, co, contract_input, shares):
    """Any series of part receipts (each a share of what is still outstanding, some with VDS; one over what is
    left is refused): received + outstanding = net payable after each, and the aging and the client's 1130 say
    the same outstanding."""
    n = next(_counter)
    client_ = master_data.create_party(PartyInput(legal_name=f"Payer {n:03d}", roles=["customer"]))
    c = service.create_contract(contract_input(co, code=f"RC/{n}", client_party_id=client_.id, advance_amount=D(0)))
    b = _bill(c.id, date(2025, 8, 31), [("1.01", "700")])
    for k, (share, vds_share) in enumerate(shares):
        left = service.get_bill(b.id).outstanding
        cash, vds = (left * share).quantize(D("0.01")), (left * vds_share).quantize(D("0.01"))
        if cash <= 0:
            continue
        on = date(2025, 9, 1 + k)
        v = service.record_receipt(b.id, RaReceiptInput(received_on=on, amount=cash, vds=vds))
        assert v.received + v.outstanding == v.net_payable
        assert v.outstanding == left - cash - vds
        assert _outstanding(co, b.number, on) == v.outstanding == _balance(co, "1130", on, client_.id)
    v = service.get_bill(b.id)
    with pytest.raises(ValidationFailed):
        service.record_receipt(b.id, RaReceiptInput(received_on=date(2025, 9, 30), amount=v.outstanding + D("0.01")))
    assert service.get_bill(b.id).received == v.received


def test_rest_graphql_and_the_bill_page(db, co, contract_input, client):
    _c, ra1 = _started(co, contract_input)
    r = client.post(f"/api/v1/contracts/bills/{ra1.id}/receipts", headers={"Idempotency-Key": "rct-1"},
                    json={"received_on": "2025-09-20", "amount": "200000.00", "reference": "CHQ 1"})
    assert r.status_code == 200 and D(r.json()["outstanding"]) == NET1 - D("200000.00")
    again = client.post(f"/api/v1/contracts/bills/{ra1.id}/receipts", headers={"Idempotency-Key": "rct-1"},
                        json={"received_on": "2025-09-20", "amount": "200000.00", "reference": "CHQ 1"})
    assert D(again.json()["received"]) == D("200000.00")  # the same key: recorded once
    over = client.post(f"/api/v1/contracts/bills/{ra1.id}/receipts",
                       json={"received_on": "2025-09-20", "amount": "9999999.00"})
    assert over.status_code == 422 and over.json()["field"] == "amount"
    q = ('mutation($id: ID!) { contractsRecordReceipt(billId: $id, receivedOn: "2025-09-25", amount: "100000.00", '
         'vds: "2750.00") { outstanding paid } }')
    g = client.post("/graphql", json={"query": q, "variables": {"id": str(ra1.id)}}).json()
    assert "errors" not in g, g
    assert D(g["data"]["contractsRecordReceipt"]["outstanding"]) == NET1 - D("302750.00")
    # the page: the receipt form refuses on the form (en and bn), then records
    page = client.get(f"/contracts/bills/{ra1.id}?lang=bn")
    assert page.status_code == 200 and 'id="receipt-form"' in page.text and 'id="reverse-form"' not in page.text
    bad = client.post(f"/contracts/bills/{ra1.id}/receipts?lang=bn",
                      data={"received_on": "2025-09-26", "amount": "১২x"})
    assert bad.status_code == 422 and 'role="alert"' in bad.text
    bad = client.post(f"/contracts/bills/{ra1.id}/receipts",
                      data={"received_on": "2025-09-26", "amount": "9999999"})
    assert bad.status_code == 422 and "outstanding" in bad.text
    ok = client.post(f"/contracts/bills/{ra1.id}/receipts", data={
        "received_on": "2025-09-26", "amount": "850000.00", "vds": "", "account_code": "", "reference": "EFT 7"},
        follow_redirects=False)
    assert ok.status_code == 303
    page = client.get(f"/contracts/bills/{ra1.id}")
    assert 'id="paid"' in page.text and 'id="receipt-form"' not in page.text
    assert service.get_bill(ra1.id).paid


def test_reverse_from_rest_and_the_page(db, co, contract_input, client):
    c, _ra1 = _started(co, contract_input)
    ra2 = _bill(c.id, date(2025, 9, 30), [("2.01", "200")])
    page = client.get(f"/contracts/bills/{ra2.id}")
    assert 'id="reverse-form"' in page.text
    bad = client.post(f"/contracts/bills/{ra2.id}/reverse", data={"reversal_date": "2025-09-01"})
    assert bad.status_code == 422 and 'role="alert"' in bad.text
    ok = client.post(f"/contracts/bills/{ra2.id}/reverse", data={"reversal_date": "2025-10-01"},
                     follow_redirects=False)
    assert ok.status_code == 303
    page = client.get(f"/contracts/bills/{ra2.id}?lang=bn")
    assert 'id="reversal"' in page.text and 'id="reverse-form"' not in page.text
    r = client.post(f"/api/v1/contracts/bills/{ra2.id}/reverse", json={"reversal_date": "2025-10-01"})
    assert r.status_code == 409
