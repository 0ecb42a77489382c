"""Mushak 6.3 (tax invoice) and 6.6 (VDS certificate) as PDFs in English and Bangla, on both databases, read
back with poppler's `pdftotext` as a reader of the printed form would.

Sources: VAT and SD Act 2012 s.51 and VAT and SD Rules 2016 r.40(1)(c) (a tax invoice in form Mushak 6.3 with
both parties' name, address and BIN, number, date and time of issue, per line the description, quantity,
price, value, SD, VAT rate and amount); s.49 and r.40(1)(e) (the withholding entity issues Mushak 6.6 for VAT
deducted at source); fields as `../shared/domain/bangladesh.md` ("Mushak forms (NBR)") lists them."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import CompanySettingsInput, InvoicePaymentInput
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import AddressIn, PartyInput
from vextrus.modules.organization import api as org
from vextrus.platform.i18n import to_bangla_digits

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")

SELLER_BIN = "0001234560101"
BUYER_BIN = "0007654320202"
VENDOR_BIN = "0009998880303"


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")


def _amounts(text: str) -> list[D]:
    ascii_text = text.translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789"))
    return [D(m.replace(",", "")) for m in re.findall(r"\d[\d,]*\.\d\d", ascii_text)]


@pytest.fixture
def setup(db, admin):
    from vextrus.modules.finance import service as finance

    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড",
                                            bin=SELLER_BIN, address="House 12, Road 5, Dhanmondi, Dhaka 1205"))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    cust = master_data.create_party(PartyInput(
        legal_name="Meghna Housing Ltd.", legal_name_bn="মেঘনা হাউজিং লিমিটেড", roles=["customer"], bin=BUYER_BIN,
        addresses=[AddressIn(line1="45 Motijheel C/A", city="Dhaka", postcode="1000")]))
    vend = master_data.create_party(PartyInput(
        legal_name="BSRM Steels Ltd.", legal_name_bn="বিএসআরএম স্টিলস লিমিটেড", roles=["vendor"],
        vendor_categories=["supplier"], bin=VENDOR_BIN, addresses=[AddressIn(line1="Nasirabad", city="Chattogram")]))
    return SimpleNamespace(company_id=c.id, book="PBL", customer_id=cust.id, vendor_id=vend.id)


def _posted_sale(setup, invoice):
    return service.post_invoice(service.create_invoice(invoice(setup, "sales")).id)


def test_the_tax_invoice_in_english_names_both_bins_and_its_vat_to_the_poisha(client, setup, invoice):
    inv = _posted_sale(setup, invoice)
    r = client.get(f"/api/v1/invoicing/invoices/{inv.id}/mushak-6.3.pdf?lang=en")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = text_of(r.content)
    assert "Tax invoice" in text and "Mushak-6.3" in text
    assert SELLER_BIN in text and BUYER_BIN in text and inv.number in text
    assert "Meghna Housing Ltd." in text and "45 Motijheel C/A" in text and "Dhanmondi" in text
    assert "RA work, slab casting" in text and "Site supervision" in text
    # conftest's invoice: 10,00,000 at 10 % (S004.00 from 2025-07-01) + (2.5 × 20,000 − 1,000) at 15 % = 1,07,350.00
    assert inv.vat == D("107350.00") and sum(ln.vat for ln in inv.lines) == inv.vat
    amounts = _amounts(text)
    assert inv.vat in amounts and inv.gross in amounts and inv.net in amounts
    for ln in inv.lines:
        assert ln.vat in amounts and ln.net in amounts
    # asking again gives the same stored document, not a second one
    again = client.get(f"/api/v1/invoicing/invoices/{inv.id}/mushak-6.3.pdf?lang=en")
    assert again.content == r.content
    docs = client.get(f"/api/v1/documents?source_id={inv.id}").json()
    assert [d["doc_type"] for d in (docs["items"] if isinstance(docs, dict) else docs)] == ["vat_mushak_6_3"]


def test_the_tax_invoice_in_bangla_has_bangla_labels_and_digits(client, setup, invoice):
    inv = _posted_sale(setup, invoice)
    r = client.get(f"/invoicing/invoices/{inv.id}/mushak-6.3.pdf?lang=bn")
    assert r.status_code == 200
    text = text_of(r.content)
    for label in ("কর চালানপত্র", "মূসক-৬.৩", "নিবন্ধিত ব্যক্তির নাম", "ক্রেতার বিআইএন", "চালানপত্র নম্বর",
                  "ইস্যুর তারিখ ও সময়", "পণ্য বা সেবার বর্ণনা", "সম্পূরক", "মূসকের", "সর্বমোট", "কথায়",
                  "পদ্মা বিল্ডার্স লিমিটেড", "মেঘনা হাউজিং লিমিটেড"):
        assert label in text, label
    assert to_bangla_digits(SELLER_BIN) in text and to_bangla_digits(BUYER_BIN) in text
    assert to_bangla_digits(inv.number) in text and SELLER_BIN not in text
    assert "১,০৭,৩৫০.০০" in text  # the VAT total in Bangla digits, lakh grouping
    assert inv.vat in _amounts(text)


def test_only_a_posted_sales_invoice_has_a_tax_invoice(client, setup, invoice):
    draft = service.create_invoice(invoice(setup, "sales"))
    r = client.get(f"/api/v1/invoicing/invoices/{draft.id}/mushak-6.3.pdf")
    j = r.json()
    assert r.status_code == 422 and j["code"] == "invoicing.not_a_tax_invoice" and j["message_bn"]
    assert j["field"] == "invoice_id"
    bill = service.post_invoice(service.create_invoice(invoice(setup, "purchase")).id)
    assert client.get(f"/api/v1/invoicing/invoices/{bill.id}/mushak-6.3.pdf").status_code == 422
    bad = client.get(f"/api/v1/invoicing/invoices/{bill.id}/mushak-6.3.pdf?lang=fr").json()
    assert bad["code"] == "invoicing.lang_unknown" and bad["field"] == "lang"


@pytest.mark.parametrize("lang, link", [("en", "Mushak 6.3 (PDF)"), ("bn", "মূসক ৬.৩ (পিডিএফ)")])
def test_the_invoice_page_links_its_tax_invoice(client, setup, invoice, lang, link):
    inv = _posted_sale(setup, invoice)
    page = client.get(f"/invoicing/invoices/{inv.id}?lang={lang}").text
    assert link in page and f"/invoicing/invoices/{inv.id}/mushak-6.3.pdf?lang={lang}" in page
    draft = service.create_invoice(invoice(setup, "sales"))
    assert "mushak-6.3.pdf" not in client.get(f"/invoicing/invoices/{draft.id}?lang={lang}").text


def test_a_vds_deduction_prints_its_mushak_6_6(client, setup, invoice):
    service.set_company_settings(setup.company_id, CompanySettingsInput(withholding_entity=True))
    bill = service.post_invoice(service.create_invoice(invoice(setup, "purchase", reference="BSRM/25/881")).id)
    paid = service.record_payment(bill.id, InvoicePaymentInput(amount=bill.gross, paid_on=date(2025, 8, 28)))
    cert = next(c for p in paid.payments for c in p.certificates if c.tax == "vds")
    assert cert.amount == bill.vat  # a withholding entity deducts the whole VAT of a standard-rated supply
    en = text_of(client.get(f"/api/v1/invoicing/certificates/{cert.id}/mushak-6.6.pdf?lang=en").content)
    assert "Mushak-6.6" in en and "deducted at source" in en
    assert SELLER_BIN in en and VENDOR_BIN in en and cert.number in en and "BSRM/25/881" in en
    assert cert.amount in _amounts(en) and cert.base in _amounts(en)
    bn = text_of(client.get(f"/invoicing/certificates/{cert.id}/mushak-6.6.pdf?lang=bn").content)
    for label in ("উৎসে কর কর্তন সনদপত্র", "মূসক-৬.৬", "সরবরাহকারীর", "বিআইএন", "কর্তনকৃত মূসক", "বিএসআরএম স্টিলস লিমিটেড"):
        assert label in bn, label
    assert to_bangla_digits(VENDOR_BIN) in bn and to_bangla_digits(cert.number) in bn and VENDOR_BIN not in bn
    assert cert.amount in _amounts(bn)
    page = client.get(f"/invoicing/certificates?company={setup.company_id}&lang=bn").text
    assert f"/invoicing/certificates/{cert.id}/mushak-6.6.pdf?lang=bn" in page and "মূসক ৬.৬ (পিডিএফ)" in page
    # a sales invoice's VDS received from a customer is the customer's certificate, not ours to print
    sale = _posted_sale(setup, invoice)
    got = service.record_payment(sale.id, InvoicePaymentInput(amount=sale.gross, paid_on=date(2025, 8, 29),
                                                              vds=sale.vat, certificate_no="MHL-VDS-7"))
    received = next(c for p in got.payments for c in p.certificates if c.tax == "vds")
    r = client.get(f"/api/v1/invoicing/certificates/{received.id}/mushak-6.6.pdf")
    assert r.status_code == 422 and r.json()["code"] == "invoicing.not_a_vds_certificate"


def test_who_may_print_the_tax_invoice(db, admin, setup, invoice):
    """Viewing the invoice is what it takes: invoicing generates and reads the PDF through documents and
    files as itself (its manifest's `uses`), and the grant holds through documents' own call to files
    (nested `calling_as` keeps the outer module's grants). Documents' permission alone is not enough."""
    from dataclasses import replace

    from vextrus.modules.invoicing.service import mushak
    from vextrus.platform import context
    from vextrus.platform.errors import PermissionDenied

    inv = _posted_sale(setup, invoice)
    clerk = replace(admin, permissions=frozenset({"invoicing.invoice.view", "documents.document.create"}),
                    company_id=setup.company_id, actor="clerk@test")
    with context.acting_as(clerk):
        name, pdf = mushak.mushak_6_3_pdf(inv.id, "en")
    assert name == f"Mushak-6.3-{inv.number}-en.pdf" and BUYER_BIN in text_of(pdf)
    with context.acting_as(replace(clerk, permissions=frozenset({"documents.document.create"}))), \
            pytest.raises(PermissionDenied):
        mushak.mushak_6_3_pdf(inv.id, "en")
    viewer = replace(clerk, permissions=frozenset({"invoicing.invoice.view"}))
    with context.acting_as(viewer):  # a copy already stored is read back for anyone who may see the invoice
        assert mushak.mushak_6_3_pdf(inv.id, "en")[1] == pdf
    other = _posted_sale(setup, invoice)
    with context.acting_as(viewer):  # ... and the first copy of another is printed for them too
        assert BUYER_BIN in text_of(mushak.mushak_6_3_pdf(other.id, "en")[1])
