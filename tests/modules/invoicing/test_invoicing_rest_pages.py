"""invoicing over HTTP on both databases: REST (201 + Location, idempotency keys, 422 with code/en/bn/field
and nothing stored, post and payments, aging) and the pages in English and Bangla."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import InvoicePaymentInput


def _body(co, **kw):
    return {"company_id": str(co.company_id), "kind": "sales", "party_id": str(co.customer_id),
            "invoice_date": "2025-08-10", "reference": "RA-3",
            "lines": [{"description": "RA bill 3: slab casting", "quantity": "1", "unit_price": "250000.00",
                       "vat_code": "S004.00"},
                      {"description": "Shuttering hire", "quantity": "3", "unit_price": "1500.50", "discount": "1.50",
                       "vat_code": "VAT15"}], **kw}


def test_rest_creates_posts_pays_and_ages_an_invoice(client, co):
    r1 = client.post("/api/v1/invoicing/invoices", json=_body(co), headers={"Idempotency-Key": "inv-1"})
    r2 = client.post("/api/v1/invoicing/invoices", json=_body(co), headers={"Idempotency-Key": "inv-1"})
    assert r1.status_code == 201 and r1.json()["id"] == r2.json()["id"]
    inv = client.get(r1.headers["location"]).json()
    # 250,000 at 10 % = 25,000; 3 × 1,500.50 − 1.50 = 4,500.00 at 15 % = 675.00
    assert (inv["net"], inv["vat"], inv["gross"], inv["status"]) == ("254500.00", "25675.00", "280175.00", "draft")
    listed = client.get(f"/api/v1/invoicing/invoices?company_id={co.company_id}&kind=sales").json()["items"]
    assert [i["id"] for i in listed] == [inv["id"]]
    p1 = client.post(f"/api/v1/invoicing/invoices/{inv['id']}/post", headers={"Idempotency-Key": "post-1"})
    p2 = client.post(f"/api/v1/invoicing/invoices/{inv['id']}/post", headers={"Idempotency-Key": "post-1"})
    assert p1.status_code == 200 and p1.json()["number"] == p2.json()["number"] == "SI-2025-26-00001"
    again = client.post(f"/api/v1/invoicing/invoices/{inv['id']}/post")
    assert again.status_code == 409 and again.json()["code"] == "invoicing.not_draft"
    pay = {"amount": "80175.00", "paid_on": "2025-08-20"}
    r = client.post(f"/api/v1/invoicing/invoices/{inv['id']}/payments", json=pay, headers={"Idempotency-Key": "pay-1"})
    r = client.post(f"/api/v1/invoicing/invoices/{inv['id']}/payments", json=pay, headers={"Idempotency-Key": "pay-1"})
    assert r.status_code == 201 and (r.json()["status"], r.json()["outstanding"]) == ("partly_paid", "200000.00")
    assert len(r.json()["payments"]) == 1  # the repeated key did not pay twice
    ag = client.get(f"/api/v1/invoicing/aging?company_id={co.company_id}&kind=sales&as_of=2025-11-15").json()
    # due 9 September (30 days): 67 days past due on 15 November
    assert ag["totals"]["days_61_90"] == "200000.00" and ag["rows"][0]["party_name"] == "Meghna Housing Ltd."


@pytest.mark.parametrize("change, field, code", [
    ({"lines": [{"description": "x", "quantity": "0", "unit_price": "1", "vat_code": "VAT15"}]},
     "lines[0].quantity", "invoicing.quantity_not_positive"),
    ({"lines": [{"description": "x", "quantity": "1", "unit_price": "1", "vat_code": "VAT15"},
                {"description": "y", "quantity": "1", "unit_price": "1", "vat_code": "VAT99"}]},
     "lines[1].vat_code", None),
    ({"lines": []}, "lines", "invoicing.lines_missing"),
    ({"kind": "lease"}, "kind", "invoicing.kind_unknown"),
])
def test_rest_bad_input_is_422_with_code_en_bn_field_and_nothing_stored(client, co, change, field, code):
    r = client.post("/api/v1/invoicing/invoices", json=_body(co, **change))
    assert r.status_code == 422
    j = r.json()
    assert j["field"] == field and j["message"] and j["message_bn"] and j["message_bn"] != j["message"]
    assert code is None or j["code"] == code
    assert client.get(f"/api/v1/invoicing/invoices?company_id={co.company_id}").json()["items"] == []


@pytest.mark.parametrize("lang, words", [
    ("en", ["Invoicing", "Sales invoice", "Partly paid", "Journal entry", "Payments", "Receivables aging", "Over 90 days"]),
    ("bn", ["চালান", "বিক্রয় চালান", "আংশিক পরিশোধিত", "জাবেদা এন্ট্রি", "পরিশোধ", "প্রাপ্য বয়স বিশ্লেষণ", "৯০ দিনের বেশি"]),
])
def test_pages_in_english_and_bangla(client, co, invoice, lang, words):
    inv = service.post_invoice(service.create_invoice(invoice(co)).id)
    service.record_payment(inv.id, InvoicePaymentInput(amount=D("100000.00"), paid_on=date(2025, 9, 1)))
    cid = co.company_id
    pages = [client.get(f"/invoicing?company={cid}&lang={lang}"),
             client.get(f"/invoicing/invoices/{inv.id}?lang={lang}"),
             client.get(f"/invoicing/new?company={cid}&kind=purchase&lang={lang}"),
             client.get(f"/invoicing/aging?company={cid}&kind=sales&as_of=2026-01-31&lang={lang}")]
    assert [p.status_code for p in pages] == [200, 200, 200, 200]
    text = "".join(p.text for p in pages)
    for w in words:
        assert w in text
    assert f"/finance/{co.book}/entries/{inv.entry_id}" in pages[1].text
    entry = client.get(f"/finance/{co.book}/entries/{inv.entry_id}?lang={lang}")
    assert entry.status_code == 200, entry.text[:3000]
    if lang == "bn":
        assert "১০,৫৬,৩৫০" in text  # what is still due, lakh commas in Bangla digits
    else:
        assert "1,056,350" in text or "10,56,350" in text


def test_the_new_invoice_form_saves_a_draft_and_refuses_a_bad_line(client, co):
    form = {"company_id": str(co.company_id), "kind": "purchase", "party_id": str(co.vendor_id),
            "invoice_date": "2025-08-10", "lines-0-description": "Brick 10,000 pcs", "lines-0-quantity": "১০০০০",
            "lines-0-unit_price": "12.50", "lines-0-vat_code": "VAT7.5",
            "lines-1-description": "Sand", "lines-1-quantity": "-2", "lines-1-unit_price": "100", "lines-1-vat_code": "VAT5"}
    bad = client.post("/invoicing/new?lang=bn", data=form, follow_redirects=False)
    assert bad.status_code == 422 and "Brick 10,000 pcs" in bad.text
    assert service.list_invoices(co.company_id).items == []
    ok = client.post("/invoicing/new", data={**form, "lines-1-quantity": "2"}, follow_redirects=False)
    assert ok.status_code == 303
    [inv] = service.list_invoices(co.company_id).items
    assert (inv.kind, inv.net, inv.vat) == ("purchase", D("125200.00"), D("9385.00"))


@pytest.mark.parametrize("lang, label", [("en", "Vendor bills"), ("bn", "বিক্রেতার বিল")])
def test_the_payables_aging_names_its_rows_vendor_bills(client, co, invoice, lang, label):
    service.post_invoice(service.create_invoice(invoice(co, "purchase")).id)
    page = client.get(f"/invoicing/aging?company={co.company_id}&kind=purchase&as_of=2026-01-31&lang={lang}")
    assert page.status_code == 200
    row = re.search(r'<tr data-source="invoice">(.*?)</tr>', page.text, re.S).group(1)
    assert label in row and ("Invoices" not in row and "চালান" not in row)
