"""A receipt's reversal (a wrong amount, a bounced cheque) and contracts journals reversed directly in finance, on
both databases.

The worked example's RA-01 (2025-08-31) has net payable 11,52,750.00. A receipt posts Dr bank / Dr VDS 1151 /
Cr 1130 (reference the bill's number); its reversal is finance's reversal of that journal (Dr 1130 / Cr bank,
Cr 1151, reference the receipt entry's number), so the bill is outstanding again and the receivables aging
(contracts.api.receivables) counts it back from the reversal's date: aging = the client's 1130 on every date."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal as D
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_contracts_receipts import (  # the helpers of the receipts' tests (this directory)
    NET1,
    _balance,
    _bill,
    _outstanding,
    _started,
    _tb,
)

from vextrus.app import create_app
from vextrus.modules.contracts import api, service
from vextrus.modules.contracts.schemas import RaBillReversalInput, RaReceiptInput, RaReceiptReversalInput
from vextrus.modules.finance import service as finance
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform.errors import Conflict, DomainError, ValidationFailed

_counter = itertools.count(1)
END = date(2026, 6, 30)


@pytest.fixture
def client(db, admin, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/contracts")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def _aging_is_the_ledger(co, party, *days: date) -> None:
    """On each day the client's rows of the aging add up to its 1130 in the ledger."""
    for on in days:
        aged = sum((d.outstanding for d in api.receivables(co.company_id, on) if d.client_party_id == party), D(0))
        assert aged == _balance(co, "1130", on, party), on


def test_reversing_a_receipt_puts_the_bill_the_ledger_and_the_aging_back(db, co, contract_input):
    """RA-01: 2025-09-20 cheque 5,00,000 + VDS 50,000 (outstanding 6,02,750); the cheque bounces and the receipt
    is reversed on 2025-10-10: received 0, outstanding 11,52,750 again, the trial balance is the one before the
    receipt; the aging is 11,52,750 before 09-20, 6,02,750 from 09-20 to 10-09 and 11,52,750 again from 10-10,
    each day equal to the client's 1130. The receipt stays listed (reversed, its date, reason and reversal
    entry); a new receipt (RCT-02) can settle the whole bill."""
    c, ra1 = _started(co, contract_input)
    before = _tb(co, END)
    b = service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 9, 20), amount=D("500000.00"),
                                                      vds=D("50000.00"), reference="CHQ 4471203"))
    assert b.outstanding == NET1 - D("550000.00")
    rct = b.receipts[0]
    r = service.reverse_receipt(rct.id, RaReceiptReversalInput(reason="Cheque 4471203 bounced",
                                                               reversal_date=date(2025, 10, 10)))
    assert (r.received, r.outstanding, r.paid, r.status) == (D(0), NET1, False, "posted")
    [got] = r.receipts
    assert (got.number, got.status, got.reversed_at, got.reversal_reason) == (
        "MGH/C-01/RA-01/RCT-01", "reversed", date(2025, 10, 10), "Cheque 4471203 bounced")
    assert got.reversal_entry_id is not None and got.reversal_entry_number
    assert _tb(co, END) == before
    assert _outstanding(co, ra1.number, date(2025, 9, 19)) == NET1
    assert _outstanding(co, ra1.number, date(2025, 9, 20)) == NET1 - D("550000.00")
    assert _outstanding(co, ra1.number, date(2025, 10, 9)) == NET1 - D("550000.00")
    assert _outstanding(co, ra1.number, date(2025, 10, 10)) == NET1
    _aging_is_the_ledger(co, co.client_id, date(2025, 9, 19), date(2025, 9, 20), date(2025, 10, 9),
                         date(2025, 10, 10), date(2025, 12, 31))
    [listed] = service.contract_bills(c.id)
    assert (listed.received, listed.outstanding) == (D(0), NET1)
    assert service.get_bill(ra1.id).receipts[0].status == "reversed"
    db.relay.drain()  # finance's reversed event reaches contracts: already reversed here, nothing more happens
    assert _tb(co, END) == before and service.get_bill(ra1.id).outstanding == NET1
    again = service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 10, 12), amount=NET1))
    assert again.paid and [x.number for x in again.receipts][-1] == "MGH/C-01/RA-01/RCT-02"
    _aging_is_the_ledger(co, co.client_id, date(2025, 10, 11), date(2025, 10, 12))


def test_refused_reversals_change_nothing(db, co, contract_input):
    """No reason, a date before the receipt (422 with their fields), a receipt already reversed (409), an unknown
    receipt (404): each in English and Bangla, the trial balance and the bill unchanged."""
    _c, ra1 = _started(co, contract_input)
    b = service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 9, 20), amount=D("100000.00")))
    rid = b.receipts[0].id
    before = _tb(co, END)
    for data, code, field in (
            (dict(reason="", reversal_date=date(2025, 9, 25)), "contracts.reason_missing", "reason"),
            (dict(reason="   ", reversal_date=date(2025, 9, 25)), "contracts.reason_missing", "reason"),
            (dict(reason="wrong amount", reversal_date=date(2025, 9, 19)), "contracts.reversal_before_receipt",
             "reversal_date")):
        with pytest.raises(ValidationFailed) as e:
            service.reverse_receipt(rid, RaReceiptReversalInput(**data))
        assert (e.value.code, e.value.field) == (code, field)
        assert e.value.message_bn and e.value.message_bn != e.value.message
        assert _tb(co, END) == before
    assert service.get_bill(ra1.id).outstanding == NET1 - D("100000.00")
    with pytest.raises(DomainError) as e:
        service.reverse_receipt(uuid4(), RaReceiptReversalInput(reason="x", reversal_date=date(2025, 9, 25)))
    assert e.value.status == 404
    service.reverse_receipt(rid, RaReceiptReversalInput(reason="wrong amount", reversal_date=date(2025, 9, 20)))
    after = _tb(co, END)
    with pytest.raises(Conflict) as e:
        service.reverse_receipt(rid, RaReceiptReversalInput(reason="again", reversal_date=date(2025, 9, 25)))
    assert (e.value.code, e.value.field) == ("contracts.receipt_reversed", "status")
    assert e.value.message_bn and e.value.message_bn != e.value.message
    assert _tb(co, END) == after and service.get_bill(ra1.id).outstanding == NET1


def test_a_reversed_receipt_lets_the_bill_be_reversed(db, co, contract_input):
    """A bill with a receipt is not reversed; once the receipt is reversed it is, and the client's 1130 and
    the aging are both zero after the bill's reversal date."""
    c, _ra1 = _started(co, contract_input)
    ra2 = _bill(c.id, date(2025, 9, 30), [("2.01", "200")])
    before = _tb(co, END)
    b = service.record_receipt(ra2.id, RaReceiptInput(received_on=date(2025, 10, 5), amount=D("300000.00")))
    with pytest.raises(Conflict) as e:
        service.reverse_bill(ra2.id, RaBillReversalInput(reversal_date=date(2025, 10, 20)))
    assert e.value.code == "contracts.bill_has_receipts"
    service.reverse_receipt(b.receipts[0].id, RaReceiptReversalInput(reason="posted to the wrong bill",
                                                                     reversal_date=date(2025, 10, 15)))
    r = service.reverse_bill(ra2.id, RaBillReversalInput(reversal_date=date(2025, 10, 20)))
    assert r.status == "reversed" and [x.status for x in r.receipts] == ["reversed"]
    db.relay.drain()
    assert service.get_bill(ra2.id).status == "reversed"
    assert _outstanding(co, ra2.number, date(2025, 10, 31)) == D(0)
    _aging_is_the_ledger(co, co.client_id, date(2025, 10, 5))
    assert _balance(co, "1130", date(2025, 10, 31), co.client_id) == NET1  # RA-01's alone
    # the ledger is back where it was before RA-02's receipt, less RA-02 itself
    diff = {k: _tb(co, END).get(k, D(0)) - before.get(k, D(0)) for k in set(before) | set(_tb(co, END))}
    assert diff["1130"] == -ra2.net_payable and diff.get("1120", D(0)) == D(0)


def test_finance_side_reversal_of_the_last_bill_flips_it_to_reversed(db, co, contract_input):
    """RA-02's journal reversed in finance (not through contracts): after delivery the bill is reversed with
    finance's reversal entry, its quantities no longer count (RA-03 measures from RA-01) and delivering again
    changes nothing."""
    c, _ra1 = _started(co, contract_input)
    ra2 = _bill(c.id, date(2025, 9, 30), [("2.01", "200")])
    rev = finance.reverse_entry(co.book, ra2.entry_id, date(2025, 10, 10))
    db.relay.drain()
    b = service.get_bill(ra2.id)
    assert (b.status, b.reversal_entry_id, b.reversal_entry_number) == ("reversed", rev.id, rev.number)
    db.relay.drain()
    assert service.get_bill(ra2.id).version == b.version
    ra3 = _bill(c.id, date(2025, 10, 31), [("2.01", "150")], post=False)
    assert {ln.item_no: ln.previous_quantity for ln in ra3.lines}["2.01"] == D(80)
    _aging_is_the_ledger(co, co.client_id, date(2025, 10, 5), date(2025, 10, 10))


def test_finance_side_reversal_of_a_receipt_and_of_a_bill_with_a_receipt(db, co, contract_input, client):
    """A receipt's journal reversed in finance: the receipt becomes reversed (no reason: the page says "reversed
    in finance", in Bangla too) and the bill is outstanding again. A bill with a live receipt reversed in
    finance stays posted (it cannot be reversed here) but is flagged with the reversal entry; the aging still
    equals the ledger; once its receipt is reversed, the bill is reversed here without a second ledger reversal."""
    _c, ra1 = _started(co, contract_input)
    b = service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 9, 20), amount=D("200000.00")))
    finance.reverse_entry(co.book, b.receipts[0].entry_id, date(2025, 9, 22))
    db.relay.drain()
    v = service.get_bill(ra1.id)
    assert (v.outstanding, v.receipts[0].status, v.receipts[0].reversed_at) == (NET1, "reversed", date(2025, 9, 22))
    page = client.get(f"/contracts/bills/{ra1.id}?lang=bn")
    assert page.status_code == 200 and "হিসাব বিভাগে রিভার্স করা" in page.text
    _aging_is_the_ledger(co, co.client_id, date(2025, 9, 21), date(2025, 9, 22))

    b = service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 9, 25), amount=D("100000.00")))
    rev = finance.reverse_entry(co.book, ra1.entry_id, date(2025, 9, 30))
    db.relay.drain()
    v = service.get_bill(ra1.id)
    assert (v.status, v.reversal_entry_id) == ("posted", rev.id)  # flagged, still counted
    assert 'id="ledger-reversed"' in client.get(f"/contracts/bills/{ra1.id}").text
    _aging_is_the_ledger(co, co.client_id, date(2025, 9, 29), date(2025, 9, 30), date(2025, 12, 31))
    ledger = _tb(co, END)
    service.reverse_receipt(b.receipts[1].id, RaReceiptReversalInput(reason="bounced",
                                                                     reversal_date=date(2025, 10, 1)))
    r = service.reverse_bill(ra1.id, RaBillReversalInput(reversal_date=date(2025, 10, 2)))
    assert (r.status, r.reversal_entry_id) == ("reversed", rev.id)
    diff = {k: _tb(co, END).get(k, D(0)) - ledger.get(k, D(0)) for k in set(ledger) | set(_tb(co, END))}
    assert {k: v for k, v in diff.items() if v} == {"1130": D("100000.00"), "1120": D("-100000.00")}  # receipt's only
    _aging_is_the_ledger(co, co.client_id, date(2025, 10, 1), date(2025, 12, 31))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.booleans(), st.decimals(min_value=D("0.01"), max_value=D("0.8"), places=2),
                          st.decimals(min_value=D(0), max_value=D("0.2"), places=2)), min_size=1, max_size=6))
def test_received_plus_outstanding_is_the_net_payable_through_receipts_and_reversals(db, co, contract_input, ops):
    """Any series of part receipts and reversals (each op a receipt of a share of what is outstanding, or the
    reversal of the oldest live receipt): received + outstanding = net payable after each, received is the sum
    of the live receipts, and the aging and the client's 1130 say the same outstanding on each op's date."""
    n = next(_counter)
    payer = master_data.create_party(PartyInput(legal_name=f"Reverser {n:03d}", roles=["customer"]))
    c = service.create_contract(contract_input(co, code=f"RR/{n}", client_party_id=payer.id, advance_amount=D(0)))
    b = _bill(c.id, date(2025, 8, 31), [("1.01", "700")])
    for k, (reverse, share, vds_share) in enumerate(ops):
        on = date(2025, 9, 1 + k)
        v = service.get_bill(b.id)
        live = [r for r in v.receipts if r.status == "posted"]
        if reverse and live:
            v = service.reverse_receipt(live[0].id, RaReceiptReversalInput(reason="bounced", reversal_date=on))
        else:
            cash, vds = (v.outstanding * share).quantize(D("0.01")), (v.outstanding * vds_share).quantize(D("0.01"))
            if cash <= 0:
                continue
            v = service.record_receipt(b.id, RaReceiptInput(received_on=on, amount=cash, vds=vds))
        assert v.received + v.outstanding == v.net_payable
        assert v.received == sum((r.settled for r in v.receipts if r.status == "posted"), D(0))
        assert _outstanding(co, b.number, on) == v.outstanding == _balance(co, "1130", on, payer.id)


def test_rest_graphql_and_the_bill_page(db, co, contract_input, client):
    _c, ra1 = _started(co, contract_input)
    b = service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 9, 20), amount=D("200000.00")))
    b = service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 9, 21), amount=D("100000.00")))
    b = service.record_receipt(ra1.id, RaReceiptInput(received_on=date(2025, 9, 22), amount=D("50000.00")))
    r1, r2, r3 = (r.id for r in b.receipts)
    url = f"/api/v1/contracts/receipts/{r1}/reverse"
    bad = client.post(url, json={"reason": "", "reversal_date": "2025-09-25"})
    assert bad.status_code == 422 and bad.json()["field"] == "reason"
    body = {"reason": "CHQ bounced", "reversal_date": "2025-09-25"}
    ok = client.post(url, headers={"Idempotency-Key": "rrv-1"}, json=body)
    assert ok.status_code == 200 and D(ok.json()["outstanding"]) == NET1 - D("150000.00")
    again = client.post(url, headers={"Idempotency-Key": "rrv-1"}, json=body)
    assert again.status_code == 200 and again.json() == ok.json()  # the same key: reversed once
    assert client.post(url, json=body).status_code == 409
    q = ('mutation($id: ID!) { contractsReverseReceipt(receiptId: $id, reason: "wrong amount", '
         'reversalDate: "2025-09-26") { outstanding receipts { status reversalReason } } }')
    g = client.post("/graphql", json={"query": q, "variables": {"id": str(r2)}}).json()
    assert "errors" not in g, g
    assert D(g["data"]["contractsReverseReceipt"]["outstanding"]) == NET1 - D("50000.00")
    assert g["data"]["contractsReverseReceipt"]["receipts"][1] == {"status": "reversed",
                                                                  "reversalReason": "wrong amount"}
    # the page: a form beside the live receipt, the reversed ones shown with their date and reason (en and bn)
    page = client.get(f"/contracts/bills/{ra1.id}?lang=bn")
    assert page.status_code == 200 and page.text.count('class="reverse-receipt-form"') == 1
    assert 'id="receipt-reversed-1"' in page.text and "রিভার্স করা হয়েছে" in page.text
    form_url = f"/contracts/bills/{ra1.id}/receipts/{r3}/reverse"
    bad = client.post(f"{form_url}?lang=bn", data={"reason": "", "reversal_date": "2025-09-26"})
    assert bad.status_code == 422 and 'role="alert"' in bad.text and "লিখুন" in bad.text
    bad = client.post(form_url, data={"reason": "x", "reversal_date": "২০২৫-০৯-১০"})
    assert bad.status_code == 422 and 'role="alert"' in bad.text
    ok = client.post(form_url, data={"reason": "bounced", "reversal_date": "2025-09-27"}, follow_redirects=False)
    assert ok.status_code == 303
    assert service.get_bill(ra1.id).outstanding == NET1
    page = client.get(f"/contracts/bills/{ra1.id}")
    assert 'class="reverse-receipt-form"' not in page.text and 'id="receipt-reversed-3"' in page.text
    assert client.post(f"/contracts/bills/{ra1.id}/receipts/{uuid4()}/reverse",
                       data={"reason": "x", "reversal_date": "2025-09-27"}).status_code == 404
