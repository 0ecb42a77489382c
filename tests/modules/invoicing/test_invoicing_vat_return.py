"""Mushak 9.1 preview from posted documents on both databases: a month with sales at three rates and an
exempt one, purchases at the standard and a reduced rate paid with VDS, a customer's VDS and a credit note.

Sources: VAT and SD Act 2012 s.64 (monthly return) and VAT and SD Rules 2016 r.47 (form Mushak 9.1: supply
notes 1-8, purchase notes 10-22, increasing adjustments 24-27 with VDS at 24 and debit notes at 26,
decreasing 29-32 with VDS at 29 and credit notes at 31; the 2019 form as NBR publishes it); s.46 (no input tax
credit on a purchase at a reduced rate); s.49 (VDS). Rates as shipped by the tax module: VAT15 15 %, S004.00
10 % from 2025-07-01, VAT5 5 %, VAT7.5 7.5 %, EXEMPT."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest

from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.domain import vat_return as vr
from vextrus.modules.invoicing.schemas import (
    CompanySettingsInput,
    InvoiceLineInput,
    InvoicePaymentInput,
    NoteInput,
    NoteLineInput,
)
from vextrus.platform.errors import ValidationFailed

AUG = date(2025, 8, 5)


def _posted(co, invoice, kind, code, amount, on=AUG):
    data = invoice(co, kind, lines=[InvoiceLineInput(description=f"{code} supply", quantity=D(1), unit_price=D(amount),
                                                     vat_code=code)], on=on)
    return service.post_invoice(service.create_invoice(data).id)


@pytest.fixture
def august(co, invoice):
    service.set_company_settings(co.company_id, CompanySettingsInput(withholding_entity=True))
    a = _posted(co, invoice, "sales", "VAT15", "200000.00")  # 30,000
    b = _posted(co, invoice, "sales", "S004.00", "1000000.00")  # 1,00,000
    _posted(co, invoice, "sales", "VAT5", "100000.00")  # 5,000
    _posted(co, invoice, "sales", "EXEMPT", "50000.00")
    service.create_invoice(invoice(co, on=AUG))  # a draft: not in the return
    _posted(co, invoice, "sales", "VAT15", "999999.00", on=date(2025, 9, 1))  # next month
    service.issue_note(b.id, NoteInput(kind="credit", note_date=date(2025, 8, 20), reason="Re-measured",
                                       lines=[NoteLineInput(line_no=1, amount=D("100000.00"))]))  # 10,000 VAT back
    service.record_payment(a.id, InvoicePaymentInput(amount=a.gross, paid_on=date(2025, 8, 25), vds=D("30000.00"),
                                                     certificate_no="MHL-VDS-7"))
    p1 = _posted(co, invoice, "purchase", "VAT15", "400000.00")  # 60,000 input, VDS 60,000 at payment
    _posted(co, invoice, "purchase", "VAT7.5", "100000.00")  # 7,500, no credit (reduced rate)
    service.record_payment(p1.id, InvoicePaymentInput(amount=p1.gross, paid_on=date(2025, 8, 28)))
    return co


def test_a_month_with_three_rates_purchases_with_vds_and_a_credit_note(db, august):
    r = service.vat_return(august.company_id, "2025-08")
    assert [(ln.note, ln.key, ln.rate, ln.value, ln.vat) for ln in r.supplies] == [
        (3, "exempt", D(0), D("50000.00"), D(0)),
        (4, "standard", D(15), D("200000.00"), D("30000.00")),
        (7, "reduced", D(10), D("1000000.00"), D("100000.00")),
        (7, "reduced", D(5), D("100000.00"), D("5000.00"))]
    assert [(ln.note, ln.key, ln.vat) for ln in r.purchases] == [(14, "standard", D("60000.00")),
                                                                (18, "reduced", D("7500.00"))]
    assert {ln.note: ln.vat for ln in r.increasing} == {24: D("60000.00"), 26: D(0), 27: D(0)}
    assert {ln.note: (ln.value, ln.vat) for ln in r.decreasing} == {
        29: (D(0), D("30000.00")), 31: (D("100000.00"), D("10000.00")), 32: (D(0), D(0))}
    # 1,35,000 output − 60,000 credit + 60,000 VDS withheld − (30,000 VDS suffered + 10,000 credit note) = 95,000
    assert (r.output_tax, r.input_credit, r.increasing_total, r.decreasing_total, r.net_payable) == (
        D("135000.00"), D("60000.00"), D("60000.00"), D("40000.00"), D("95000.00"))
    assert service.vat_return(august.company_id, "2025-07").net_payable == 0
    with pytest.raises(ValidationFailed) as bad:
        service.vat_return(august.company_id, "August")
    assert bad.value.field == "month" and bad.value.message_bn


def test_the_pure_return_sums_notes_by_side():
    r = vr.mushak_9_1("2025-08", [
        vr.Figure("sales", "invoice", "standard", D(15), D(100), D(15)),
        vr.Figure("sales", "debit", "standard", D(15), D(10), D("1.50")),
        vr.Figure("purchase", "credit", "standard", D(15), D(20), D(3)),
        vr.Figure("purchase", "debit", "standard", D(15), D(40), D(6)),
        vr.Figure("purchase", "invoice", "standard", D(15), D(60), D(9))])
    assert (r.output_tax, r.input_credit, r.increasing_total, r.decreasing_total) == (D(15), D(9), D("4.50"), D(6))
    assert r.net_payable == D("4.50")
    assert vr.period_of("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert vr.period_of("2025-12") == (date(2025, 12, 1), date(2025, 12, 31))


@pytest.mark.parametrize("lang, words, english", [
    ("en", ["VAT return preview (Mushak 9.1)", "Standard rate", "Credit notes issued", "95,000.00"], []),
    ("bn", ["ভ্যাট রিটার্নের খসড়া (মূসক ৯.১)", "আদর্শ হার", "জারি করা ক্রেডিট নোট", "৯৫,০০০.০০"],
     ["Standard", "Credit notes", "Output tax"]),
])
def test_the_return_page_and_rest(client, august, lang, words, english):
    page = client.get(f"/invoicing/vat-return?company={august.company_id}&month=2025-08&lang={lang}")
    assert page.status_code == 200
    text = re.sub(r"<[^>]+>", " ", page.text)
    for w in words:
        assert w in text
    for w in english:
        assert w not in text
    r = client.get(f"/api/v1/invoicing/vat-return?company_id={august.company_id}&month=2025-08")
    assert r.status_code == 200 and r.json()["net_payable"] == "95000.00"
    bad = client.get(f"/api/v1/invoicing/vat-return?company_id={august.company_id}&month=13-2025")
    assert bad.status_code == 422 and bad.json()["field"] == "month"
