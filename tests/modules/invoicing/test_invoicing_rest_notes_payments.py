"""Notes, payments with deductions, certificates and company settings over HTTP on both databases: 201 +
Location, idempotency keys, 422 with code/en/bn/field and nothing stored; the pages in English and Bangla."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import InvoiceLineInput, InvoicePaymentInput, NoteInput, NoteLineInput

API = "/api/v1/invoicing"


def test_rest_notes_are_201_idempotent_and_refused_with_the_field(client, co, invoice):
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)
    body = {"kind": "credit", "note_date": "2025-08-25", "reason": "Re-measured slab",
            "lines": [{"line_no": 1, "amount": "100000.00"}]}
    r1 = client.post(f"{API}/invoices/{inv.id}/notes", json=body, headers={"Idempotency-Key": "cn-1"})
    r2 = client.post(f"{API}/invoices/{inv.id}/notes", json=body, headers={"Idempotency-Key": "cn-1"})
    assert r1.status_code == 201 and r1.json()["id"] == r2.json()["id"]
    assert (r1.json()["number"], r1.json()["gross"]) == ("SCN-2025-26-00001", "110000.00")
    assert client.get(r1.headers["location"]).json()["number"] == "SCN-2025-26-00001"
    assert client.get(f"{API}/invoices/{inv.id}").json()["outstanding"] == "1046350.00"
    bad = client.post(f"{API}/invoices/{inv.id}/notes", json={**body, "lines": [{"line_no": 1, "amount": "900000.01"}]})
    j = bad.json()
    assert bad.status_code == 422 and (j["code"], j["field"]) == ("invoicing.credit_beyond_line", "lines[0].amount")
    assert j["message_bn"] and j["message_bn"] != j["message"]
    assert len(client.get(f"{API}/invoices/{inv.id}").json()["notes"]) == 1


def test_rest_settings_payment_with_deductions_and_certificates(client, co, invoice):
    url = f"{API}/companies/{co.company_id}/settings"
    assert client.get(url).json()["withholding_entity"] is False
    r = client.patch(url, json={"withholding_entity": True}, headers={"Idempotency-Key": "set-1"})
    assert r.status_code == 200 and r.json()["withholding_entity"] is True and r.json()["accounts"]["vds_payable"] == "2142"
    bad = client.patch(url, json={"accounts": {"vault": "1110"}})
    assert bad.status_code == 422 and bad.json()["field"] == "accounts.vault"
    bill = service.post_invoice(service.create_invoice(invoice(co, "purchase", lines=[
        InvoiceLineInput(description="Formwork hire", quantity=D(1), unit_price=D("100000.00"), vat_code="VAT15")])).id)
    pay = {"amount": "115000.00", "paid_on": "2025-09-01", "method": "bank_transfer", "reference": "RTGS-77812"}
    p1 = client.post(f"{API}/invoices/{bill.id}/payments", json=pay, headers={"Idempotency-Key": "bp-1"})
    p2 = client.post(f"{API}/invoices/{bill.id}/payments", json=pay, headers={"Idempotency-Key": "bp-1"})
    assert p1.status_code == p2.status_code == 201 and len(p2.json()["payments"]) == 1
    p = p1.json()["payments"][0]
    assert (p["vds"], p["cash_amount"], p["certificates"][0]["number"]) == ("15000.00", "100000.00", "M66-2025-26-00001")
    certs = client.get(f"{API}/certificates?company_id={co.company_id}&tax=vds").json()
    assert [c["number"] for c in certs] == ["M66-2025-26-00001"]
    refused = client.post(f"{API}/invoices/{bill.id}/payments", json={**pay, "method": "cheque"})
    assert refused.status_code == 409  # already paid in full


@pytest.mark.parametrize("lang, words, english", [
    ("en", ["Credit note (Mushak 6.7)", "Mobile money", "VDS (Mushak 6.6)", "Deduction certificates",
            "Invoicing settings", "VDS payable"], []),
    ("bn", ["ক্রেডিট নোট (মূসক ৬.৭)", "মোবাইল ব্যাংকিং", "উৎসে ভ্যাট (মূসক ৬.৬)", "উৎসে কর্তনের সনদ",
            "চালানের নির্ধারণ", "প্রদেয় উৎসে ভ্যাট", "মেঘনা হাউজিং লিমিটেড"],
     ["Credit note", "Mobile money", "Certificates", "Deduction", "settings", "payable", "Meghna Housing"]),
])
def test_pages_show_notes_payments_certificates_and_settings(client, co, invoice, lang, words, english):
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)
    service.issue_note(inv.id, NoteInput(kind="credit", note_date=date(2025, 8, 20), reason="পুনঃপরিমাপ",
                                         lines=[NoteLineInput(line_no=2, quantity=D("0.5"))]))
    service.record_payment(inv.id, InvoicePaymentInput(amount=D("100000.00"), paid_on=date(2025, 9, 1), vds=D("5000.00"),
                                                       certificate_no="MHL-118"))
    cid = co.company_id
    pages = [client.get(f"/invoicing/invoices/{inv.id}?lang={lang}"),
             client.get(f"/invoicing/certificates?company={cid}&lang={lang}"),
             client.get(f"/invoicing/settings?company={cid}&lang={lang}")]
    assert [p.status_code for p in pages] == [200, 200, 200]
    text = "".join(re.sub(r"<[^>]+>", " ", p.text) for p in pages)
    for w in words:
        assert w in text
    for w in english:
        assert w not in text


def test_note_payment_and_settings_forms(client, co, invoice):
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)
    base = {"kind": "credit", "note_date": "2025-08-20", "reason": "ফেরত"}
    bad = client.post(f"/invoicing/invoices/{inv.id}/notes?lang=bn", data={**base, "note-2-quantity": "৯"},
                      follow_redirects=False)
    assert bad.status_code == 422 and service.get_invoice(inv.id).notes == []
    ok = client.post(f"/invoicing/invoices/{inv.id}/notes", data={**base, "note-2-quantity": "১"}, follow_redirects=False)
    assert ok.status_code == 303
    assert [n.net for n in service.get_invoice(inv.id).notes] == [D("19600.00")]  # 49,000 × 1/2.5
    pay = {"amount": "1,00,000", "paid_on": "2025-09-01", "method": "cheque", "cheque_no": "CA-1001"}
    missing = client.post(f"/invoicing/invoices/{inv.id}/payments", data=pay, follow_redirects=False)
    assert missing.status_code == 422 and service.get_invoice(inv.id).payments == []
    done = client.post(f"/invoicing/invoices/{inv.id}/payments", data={**pay, "cheque_date": "2025-08-31"},
                       follow_redirects=False)
    assert done.status_code == 303
    [p] = service.get_invoice(inv.id).payments
    assert (p.method, p.instrument_no, p.amount) == ("cheque", "CA-1001", D("100000.00"))
    s = client.post("/invoicing/settings", data={"company_id": str(co.company_id), "withholding_entity": "on",
                                                 "account-bank": "1121"}, follow_redirects=False)
    assert s.status_code == 303
    now = service.get_company_settings(co.company_id)
    assert (now.withholding_entity, now.accounts["bank"]) == (True, "1121")
    unticked = client.post("/invoicing/settings", data={"company_id": str(co.company_id), "account-bank": " "},
                          follow_redirects=False)
    assert unticked.status_code == 303 and service.get_company_settings(co.company_id).withholding_entity is False


def test_rest_one_receipt_for_two_invoices_is_idempotent(client, co, invoice):
    a = service.post_invoice(service.create_invoice(invoice(co)).id)
    b = service.post_invoice(service.create_invoice(invoice(co)).id)
    body = {"paid_on": "2025-09-01", "method": "mfs", "mfs_provider": "nagad", "reference": "NG7781",
            "allocations": [{"invoice_id": str(a.id), "amount": str(a.gross)},
                            {"invoice_id": str(b.id), "amount": "1000.00", "vds": "100.00"}]}
    r1 = client.post(f"{API}/payments", json=body, headers={"Idempotency-Key": "alloc-1"})
    r2 = client.post(f"{API}/payments", json=body, headers={"Idempotency-Key": "alloc-1"})
    assert r1.status_code == r2.status_code == 201
    assert [v["status"] for v in r1.json()] == ["paid", "partly_paid"]
    assert len(service.get_invoice(b.id).payments) == 1
    bad = client.post(f"{API}/payments", json={**body, "allocations": [{"invoice_id": str(b.id), "amount": "1.00"}] * 2})
    assert bad.status_code == 422 and bad.json()["field"] == "allocations[1].invoice_id"
