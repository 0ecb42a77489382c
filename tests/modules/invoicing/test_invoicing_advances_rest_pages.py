"""Advances over HTTP, GraphQL and the pages on both databases: 201 + Location and an Idempotency-Key that records
once; allocation refused with code/en/bn/field (`allocations[0].amount`) and nothing stored, 409 when stale; the
GraphQL query and mutations; the advances page's "Record advance" form and the advance's allocation form in English
and Bangla (no English word on the Bangla page), a refusal shown at the invoice's row."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from bangla_text import latin_in_main
from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import InvoiceLineInput

API = "/api/v1/invoicing"


def _bill(co, invoice, amount=D("100000.00")):
    data = invoice(co, "purchase", lines=[InvoiceLineInput(description="Rod 60 grade", quantity=D(1), unit_price=amount,
                                                           vat_code="VAT15")], party_id=co.vendor_id)
    return service.post_invoice(service.create_invoice(data).id)


def test_rest_records_once_allocates_and_refuses_with_the_field(client, co, invoice):
    body = {"company_id": str(co.company_id), "kind": "purchase", "party_id": str(co.vendor_id),
            "paid_on": "2025-08-01", "amount": "50000.00", "method": "bank_transfer", "reference": "BEFTN-77"}
    r1 = client.post(f"{API}/advances", json=body, headers={"Idempotency-Key": "adv-1"})
    r2 = client.post(f"{API}/advances", json=body, headers={"Idempotency-Key": "adv-1"})
    assert r1.status_code == 201 and r1.json()["id"] == r2.json()["id"]
    assert len(client.get(f"{API}/advances", params={"company_id": str(co.company_id)}).json()) == 1
    adv = client.get(r1.headers["location"]).json()
    assert (adv["number"], adv["status"], adv["unallocated"]) == ("ADP-2025-26-00001", "open", "50000.00")
    bill = _bill(co, invoice)  # 1,15,000 (not a withholding entity: no VDS)
    assert [i["id"] for i in client.get(f"{API}/advances/{adv['id']}/open-invoices").json()] == [str(bill.id)]
    url = f"{API}/advances/{adv['id']}/allocate"
    bad = client.post(url, json={"allocated_on": "2025-08-30", "allocations": [
        {"invoice_id": str(bill.id), "amount": "50000.01"}]})
    j = bad.json()
    assert bad.status_code == 422 and (j["code"], j["field"]) == ("invoicing.advance_over_allocated",
                                                                   "allocations[0].amount")
    assert j["message_bn"] and j["message_bn"] != j["message"]
    stale = client.post(url, json={"allocated_on": "2025-08-30", "expected_version": adv["version"] + 1,
                                   "allocations": [{"invoice_id": str(bill.id), "amount": "100.00"}]})
    assert stale.status_code == 409
    assert client.get(f"{API}/invoices/{bill.id}").json()["payments"] == []
    ok = client.post(url, json={"allocated_on": "2025-08-30", "expected_version": adv["version"],
                                "allocations": [{"invoice_id": str(bill.id), "amount": "30000.00"}]},
                     headers={"Idempotency-Key": "alloc-1"})
    assert ok.status_code == 200 and (ok.json()["status"], ok.json()["unallocated"]) == ("partly_allocated", "20000.00")
    assert client.get(f"{API}/invoices/{bill.id}").json()["status"] == "partly_paid"


def test_graphql_records_allocates_and_reads_an_advance(client, co, invoice):
    bill = _bill(co, invoice)
    rec = client.post("/graphql", json={"query": """mutation($a: InvoicingAdvanceInput!) {
        recordAdvance(advance: $a, idempotencyKey: "g-1") { id number status amount unallocated version } }""",
        "variables": {"a": {"companyId": str(co.company_id), "kind": "purchase", "partyId": str(co.vendor_id),
                            "paidOn": "2025-08-01", "amount": "115000.00", "method": "cash"}}}).json()
    adv = rec["data"]["recordAdvance"]
    assert (adv["number"], adv["status"]) == ("ADP-2025-26-00001", "open")
    done = client.post("/graphql", json={"query": """mutation($id: ID!, $x: InvoicingAdvanceAllocateInput!) {
        allocateAdvance(id: $id, allocation: $x) { status unallocated allocations { invoiceNumber applied } } }""",
        "variables": {"id": adv["id"], "x": {"allocatedOn": "2025-08-30", "expectedVersion": adv["version"],
                                             "allocations": [{"invoiceId": str(bill.id), "amount": "115000.00"}]}}}).json()
    got = done["data"]["allocateAdvance"]
    assert (got["status"], got["unallocated"], got["allocations"][0]["applied"]) == ("allocated", "0.00", "115000.00")
    listed = client.post("/graphql", json={"query": "query($c: ID!) { invoicingAdvances(companyId: $c) { number status } }",
                                           "variables": {"c": str(co.company_id)}}).json()
    assert listed["data"]["invoicingAdvances"] == [{"number": "ADP-2025-26-00001", "status": "allocated"}]


@pytest.mark.parametrize("lang, words", [
    ("en", ["Advances", "Record advance", "Paid to a vendor", "Allocate to invoices", "Unallocated"]),
    ("bn", ["অগ্রিম লিখুন", "বিক্রেতাকে প্রদত্ত", "চালানে সমন্বয়", "অসমন্বিত", "বিএসআরএম স্টিলস লিমিটেড"]),
])
def test_pages_record_and_allocate_an_advance(client, co, invoice, lang, words):
    cid = co.company_id
    form = {"company_id": str(cid), "kind": "purchase", "party_id": str(co.vendor_id), "paid_on": "2025-08-01",
            "method": "cheque", "cheque_no": "CA-7", "cheque_date": "2025-08-01"}
    bad = client.post(f"/invoicing/advances?lang={lang}", data={**form, "amount": "০"}, follow_redirects=False)
    assert bad.status_code == 422 and 'id="error-amount"' in bad.text and service.list_advances(cid) == []
    ok = client.post(f"/invoicing/advances?lang={lang}", data={**form, "amount": "৫০,০০০"}, follow_redirects=False)
    assert ok.status_code == 303
    [adv] = service.list_advances(cid)
    assert adv.amount == D("50000.00")
    bill = _bill(co, invoice)
    page = client.get(f"/invoicing/advances/{adv.id}?lang={lang}")
    listing = client.get(f"/invoicing/advances?company={cid}&lang={lang}")
    text = "".join(re.sub(r"<[^>]+>", " ", p.text) for p in (page, listing))
    for w in words:
        assert w in text
    if lang == "bn":
        assert latin_in_main(page.text) == [] and latin_in_main(listing.text) == []
    over = client.post(f"/invoicing/advances/{adv.id}/allocate?lang={lang}", data={
        "invoice_id": str(bill.id), f"amount-{bill.id}": "60000", "allocated_on": "2025-08-30",
        "expected_version": str(adv.version)}, follow_redirects=False)
    assert over.status_code == 422 and f'id="error-amount-{bill.id}"' in over.text
    if lang == "bn":
        assert latin_in_main(over.text) == []
    assert service.get_invoice(bill.id).payments == []
    done = client.post(f"/invoicing/advances/{adv.id}/allocate", data={
        "invoice_id": str(bill.id), f"amount-{bill.id}": "50,000", "allocated_on": "2025-08-30",
        "expected_version": str(adv.version)}, follow_redirects=False)
    assert done.status_code == 303 and service.get_advance(adv.id).status == "allocated"
