"""An advance's allocation undone and its remainder refunded over REST (Idempotency-Key: done once), GraphQL and the
advance's page in English and Bangla (buttons, the refusal at its input, no English word on the Bangla page), on
both databases."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from bangla_text import latin_in_main
from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import (
    AdvanceAllocateInput,
    AdvanceInput,
    AllocationInput,
    InvoiceLineInput,
)

API = "/api/v1/invoicing"


def _allocated(co, invoice, amount=D("50000.00")):
    """A vendor advance of 50,000 with 30,000 of it allocated to a bill of 1,15,000 (no withholding)."""
    bill = service.post_invoice(service.create_invoice(invoice(co, "purchase", lines=[InvoiceLineInput(
        description="Rod 60 grade", quantity=D(1), unit_price=D("100000.00"), vat_code="VAT15")],
        party_id=co.vendor_id)).id)
    adv = service.record_advance(AdvanceInput(company_id=co.company_id, kind="purchase", party_id=co.vendor_id,
                                              paid_on=date(2025, 8, 1), amount=amount, method="bank_transfer",
                                              reference="BEFTN-77"))
    adv = service.allocate_advance(adv.id, AdvanceAllocateInput(allocated_on=date(2025, 8, 30), allocations=[
        AllocationInput(invoice_id=bill.id, amount=D("30000.00"))]))
    return adv, bill


def test_rest_undoes_once_refunds_once_and_refuses_with_the_field(client, co, invoice):
    adv, bill = _allocated(co, invoice)
    [a] = adv.allocations
    url = f"{API}/advances/{adv.id}/allocations/{a.id}/reverse"
    early = client.post(url, json={"reversed_on": "2025-08-29", "reason": "wrong bill"})
    j = early.json()
    assert early.status_code == 422 and (j["code"], j["field"]) == ("invoicing.allocation_reversal_before_allocation",
                                                                     "reversed_on")
    assert j["message_bn"] and j["message_bn"] != j["message"]
    stale = client.post(url, json={"reversed_on": "2025-09-02", "reason": "wrong bill",
                                   "expected_version": adv.version + 1})
    assert stale.status_code == 409
    body = {"reversed_on": "2025-09-02", "reason": "wrong bill", "expected_version": adv.version}
    r1 = client.post(url, json=body, headers={"Idempotency-Key": "undo-1"})
    r2 = client.post(url, json=body, headers={"Idempotency-Key": "undo-1"})
    assert r1.status_code == r2.status_code == 200 and r1.json() == r2.json()
    assert (r1.json()["status"], r1.json()["unallocated"]) == ("open", "50000.00")
    assert client.get(f"{API}/invoices/{bill.id}").json()["status"] == "posted"
    again = client.post(url, json={"reversed_on": "2025-09-02", "reason": "again"})
    assert again.status_code == 409 and again.json()["code"] == "invoicing.allocation_already_reversed"
    refund = f"{API}/advances/{adv.id}/refund"
    over = client.post(refund, json={"refunded_on": "2025-09-03", "amount": "50000.01", "method": "cash"})
    assert over.status_code == 422 and (over.json()["code"], over.json()["field"]) == (
        "invoicing.advance_over_refunded", "amount")
    body = {"refunded_on": "2025-09-03", "amount": "20000.00", "method": "cash", "reason": "Order cut"}
    f1 = client.post(refund, json=body, headers={"Idempotency-Key": "refund-1"})
    f2 = client.post(refund, json=body, headers={"Idempotency-Key": "refund-1"})
    assert f1.status_code == 200 and f1.json() == f2.json()
    got = client.get(f"{API}/advances/{adv.id}").json()
    assert (got["status"], got["refunded"], got["unallocated"], len(got["refunds"])) == (
        "partly_refunded", "20000.00", "30000.00", 1)


def test_graphql_undoes_an_allocation_and_refunds(client, co, invoice):
    adv, _ = _allocated(co, invoice)
    [a] = adv.allocations
    undo = client.post("/graphql", json={"query": """mutation($id: ID!, $al: ID!, $r: InvoicingAdvanceAllocationReverseInput!) {
        reverseAdvanceAllocation(id: $id, allocationId: $al, reversal: $r, idempotencyKey: "g-u") {
          status unallocated version allocations { reversedOn reversalReason } } }""",
        "variables": {"id": str(adv.id), "al": str(a.id),
                      "r": {"reversedOn": "2025-09-02", "reason": "wrong bill", "expectedVersion": adv.version}}}).json()
    got = undo["data"]["reverseAdvanceAllocation"]
    assert (got["status"], got["unallocated"], got["allocations"]) == (
        "open", "50000.00", [{"reversedOn": "2025-09-02", "reversalReason": "wrong bill"}])
    bad = client.post("/graphql", json={"query": """mutation($id: ID!, $f: InvoicingAdvanceRefundInput!) {
        refundAdvance(id: $id, refund: $f) { status } }""",
        "variables": {"id": str(adv.id), "f": {"refundedOn": "2025-09-03", "amount": "60000.00"}}}).json()
    assert bad["errors"][0]["extensions"]["code"] == "invoicing.advance_over_refunded"
    assert bad["errors"][0]["extensions"]["field"] == "amount"
    done = client.post("/graphql", json={"query": """mutation($id: ID!, $f: InvoicingAdvanceRefundInput!) {
        refundAdvance(id: $id, refund: $f) { status refunded unallocated refunds { amount method } } }""",
        "variables": {"id": str(adv.id), "f": {"refundedOn": "2025-09-03", "amount": "50000.00",
                                               "method": "cash", "expectedVersion": got["version"]}}}).json()
    assert done["data"]["refundAdvance"] == {"status": "refunded", "refunded": "50000.00", "unallocated": "0.00",
                                             "refunds": [{"amount": "50000.00", "method": "cash"}]}


@pytest.mark.parametrize("lang, words, reason", [
    ("en", ["Undo allocation", "Refund the unallocated remainder", "Partly refunded", "Refunds", "Undone"],
     "Wrong bill"),
    ("bn", ["সমন্বয় ফিরিয়ে নিন", "অসমন্বিত অংশ ফেরত দিন", "আংশিক ফেরত", "ফেরতসমূহ", "ফিরিয়ে নেওয়া হয়েছে"],
     "ভুল বিল"),
])
def test_the_advance_page_undoes_and_refunds_with_errors_at_the_inputs(client, co, invoice, lang, words, reason):
    adv, bill = _allocated(co, invoice)
    [a] = adv.allocations
    page = client.get(f"/invoicing/advances/{adv.id}?lang={lang}")
    assert f'action="/invoicing/advances/{adv.id}/allocations/{a.id}/reverse"' in page.text
    assert f'action="/invoicing/advances/{adv.id}/refund"' in page.text
    early = client.post(f"/invoicing/advances/{adv.id}/allocations/{a.id}/reverse?lang={lang}", data={
        f"reversed_on-{a.id}": "2025-08-29", f"reason-{a.id}": reason, "expected_version": str(adv.version)},
        follow_redirects=False)
    assert early.status_code == 422 and f'id="error-reversed_on-{a.id}"' in early.text
    if lang == "bn":
        assert latin_in_main(early.text) == []
    assert service.get_invoice(bill.id).status == "partly_paid"
    ok = client.post(f"/invoicing/advances/{adv.id}/allocations/{a.id}/reverse", data={
        f"reversed_on-{a.id}": "২০২৫-০৯-০২", f"reason-{a.id}": reason, "expected_version": str(adv.version)},
        follow_redirects=False)
    assert ok.status_code == 303 and service.get_invoice(bill.id).status == "posted"
    v = service.get_advance(adv.id)
    over = client.post(f"/invoicing/advances/{adv.id}/refund?lang={lang}", data={
        "refunded_on": "2025-09-03", "amount": "৬০,০০০", "method": "cash", "expected_version": str(v.version)},
        follow_redirects=False)
    assert over.status_code == 422 and 'id="error-amount"' in over.text and service.get_advance(adv.id).refunded == 0
    if lang == "bn":
        assert latin_in_main(over.text) == []
    done = client.post(f"/invoicing/advances/{adv.id}/refund", data={
        "refunded_on": "2025-09-03", "amount": "২০,০০০", "method": "cash", "reason": reason,
        "expected_version": str(v.version)}, follow_redirects=False)
    assert done.status_code == 303 and service.get_advance(adv.id).status == "partly_refunded"
    page = client.get(f"/invoicing/advances/{adv.id}?lang={lang}")
    text = re.sub(r"<[^>]+>", " ", page.text)
    for w in words:
        assert w in text, w
    if lang == "bn":
        assert latin_in_main(page.text) == []
