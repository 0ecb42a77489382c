"""The sale agreement and the final statement as PDFs (issue 19: "bookings with … the sale agreement",
"registration and handover with the final statement"), on both databases.

A flat of ৳1,00,00,000 booked on 1 Aug 2025 (booking money ৳10,00,000, then 3 monthly instalments of
৳30,00,000 on 1 Sep, 1 Oct, 1 Nov), the agreement signed on 10 Aug; paid ৳30,00,000 on 11 Sep (10 days late)
and ৳60,00,000 on 1 Nov (the October one 31 days late), handed over on 20 Nov. Delay charges at 0.05% a day,
by hand: (30,00,000 × 10 + 30,00,000 × 31) × 0.05% = ৳61,500. The final statement carries them beside a zero
balance; the PDFs' text (pdftotext) carries the statement's figures, in Bangla digits in Bangla. A second
flat is cancelled: 10% of ৳10,00,000 kept, ৳9,00,000 refunded."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.documents import service as documents
from vextrus.modules.finance import service as finance
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.service import create_party
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.modules.sales import service
from vextrus.modules.sales.schemas import (
    AgreementInput,
    BookingInput,
    BuildingInput,
    CancelInput,
    HandoverInput,
    PriceInput,
    ReceiptInput,
    ScheduleInput,
    UnitInput,
)
from vextrus.platform.errors import DomainError

API = "/api/v1/sales"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def _flat(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture
def estate(db, admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    p = projects.create_project("RE-1", "Padma Residency", company_id=c.id)
    b = service.create_building(BuildingInput(project_id=p.id, code="A", name="Building A", floors=3))
    units = [service.create_unit(UnitInput(building_id=b.id, code=code, kind="flat", floor=2, size_sft=D(1000),
                                           facing="south")) for code in ("2A", "2B")]
    service.set_price(PriceInput(project_id=p.id, effective_from=date(2025, 7, 1), rate_per_sft=D(10000)))
    buyer = create_party(PartyInput(legal_name="Rahim Uddin", legal_name_bn="রহিম উদ্দিন", party_type="individual",
                                    roles=["customer"], mobile="01711000011"))
    bookings = [service.create_booking(BookingInput(
        unit_id=u.id, buyer_party_id=buyer.id, booking_date=date(2025, 8, 1),
        schedule=ScheduleInput(booking_money=D(1000000), monthly_count=3))) for u in units]
    for bk in bookings:
        service.post_receipt(bk.id, ReceiptInput(receipt_date=date(2025, 8, 1), amount=D(1000000), reference="CHQ 1"))
    return c, bookings


def _hand_over(bk):
    bk = service.sign_agreement(bk.id, AgreementInput(agreement_date=date(2025, 8, 10), agreement_ref="AGR-7"))
    assert [(i.seq, i.due_date, i.amount) for i in bk.instalments] == [
        (1, date(2025, 8, 1), D(1000000)), (2, date(2025, 9, 1), D(3000000)), (3, date(2025, 10, 1), D(3000000)),
        (4, date(2025, 11, 1), D(3000000))]
    service.post_receipt(bk.id, ReceiptInput(receipt_date=date(2025, 9, 11), amount=D(3000000)))
    service.post_receipt(bk.id, ReceiptInput(receipt_date=date(2025, 11, 1), amount=D(6000000)))
    before = service.customer_statement(bk.id, date(2025, 11, 20))  # still live: its delay charges
    service.hand_over(bk.id, HandoverInput(handover_date=date(2025, 11, 20)))
    return before


@needs_pdftotext
def test_the_final_statement_at_handover_in_english_and_bangla(estate):
    _c, (bk, _other) = estate
    before = _hand_over(bk)
    assert before.delay_charges == D("61500.00")  # worked by hand above
    fs = service.final_statement(bk.id)
    assert (fs.closed_by, fs.closing_date) == ("handover", date(2025, 11, 20))
    assert (fs.billed, fs.received, fs.deduction, fs.refunded) == (D(10000000), D(10000000), 0, 0)
    assert fs.delay_charges == before.delay_charges == sum(ln.delay_charge for ln in fs.lines)
    assert (fs.balance, fs.balance_with_charges) == (0, D("61500.00"))
    assert [r.amount for r in fs.receipts] == [D(1000000), D(3000000), D(6000000)]

    en = service.final_statement_pdf(bk.id, "en")
    text = _flat(_text(en.content))
    assert en.content.startswith(b"%PDF") and en.filename.endswith("-en.pdf")
    assert "Final statement" in text and "Rahim Uddin" in text and bk.number in text
    for figure in ("1,00,00,000.00", "61,500.00", "30,00,000.00", "60,00,000.00"):
        assert figure in text, (figure, text[:1500])
    assert "Balance with delay charges 61,500.00" in text
    again = service.final_statement_pdf(bk.id, "en")
    assert (again.document_id, again.sha256) == (en.document_id, en.sha256)  # stored once per content
    assert documents.verify(en.document_id).genuine  # the QR code's check
    assert documents.get_document(en.document_id).source_id == bk.id

    bn = service.final_statement_pdf(bk.id, "bn")
    text = _flat(_text(bn.content))
    assert "চূড়ান্ত বিবরণী" in text and "রহিম উদ্দিন" in text
    for figure in ("১,০০,০০,০০০.০০", "৬১,৫০০.০০", "৩০,০০,০০০.০০"):
        assert figure in text, (figure, text[:1500])
    assert "61,500" not in text  # Bangla digits only
    assert bn.document_id != en.document_id


@needs_pdftotext
def test_the_sale_agreement_carries_parties_unit_price_schedule_and_terms(estate):
    c, (bk, _other) = estate
    unsigned = _text(service.agreement_pdf(bk.id, "en").content)
    assert "not yet signed" in unsigned
    service.sign_agreement(bk.id, AgreementInput(agreement_date=date(2025, 8, 10), agreement_ref="AGR-7"))
    en = service.agreement_pdf(bk.id, "en")
    text = _flat(_text(en.content))
    for part in ("Sale agreement", "Padma Builders Ltd.", "Rahim Uddin", "01711000011", "Padma Residency",
                 "Building A", "2A", "1,000.00 sft", "1,00,00,000.00", "10,00,000.00", "30,00,000.00", "AGR-7",
                 "0.05% of the late amount", "10.00% of the amount paid"):
        assert part in text, (part, text[:2000])
    assert sum(i.amount for i in service.get_booking(bk.id).instalments) == D(10000000)
    bn = _flat(_text(service.agreement_pdf(bk.id, "bn").content))
    for part in ("বিক্রয় চুক্তিপত্র", "রহিম উদ্দিন", "১,০০,০০,০০০.০০", "৩০,০০,০০০.০০", "দক্ষিণ", "শর্তাবলি"):
        assert part in bn, (part, bn[:2000])


@needs_pdftotext
def test_the_final_statement_of_a_cancellation_shows_the_deduction_and_refund(estate):
    _c, (_bk, other) = estate
    service.cancel_booking(other.id, CancelInput(cancelled_on=date(2025, 9, 15)))
    fs = service.final_statement(other.id)
    assert (fs.closed_by, fs.received, fs.deduction, fs.refunded) == ("cancellation", D(1000000), D(100000), D(900000))
    assert fs.balance == fs.deduction - fs.received + fs.refunded == 0 and fs.delay_charges == 0
    text = _flat(_text(service.final_statement_pdf(other.id, "en").content))
    assert "Cancelled on" in text and "Refunded 9,00,000.00" in text and "Deduction kept on cancellation 1,00,000.00" in text
    with pytest.raises(DomainError) as refused:  # a cancelled booking has no agreement to print
        service.agreement_pdf(other.id, "en")
    assert refused.value.field == "booking_id" and refused.value.message_bn != refused.value.message


def test_refusals_store_nothing(estate):
    _c, (bk, _other) = estate
    count = len(documents.list_documents(source_id=bk.id))
    with pytest.raises(DomainError) as open_:
        service.final_statement_pdf(bk.id, "en")
    assert (open_.value.code, open_.value.status, open_.value.field) == ("sales.not_closed", 409, "booking_id")
    assert "চূড়ান্ত বিবরণী" in open_.value.message_bn
    with pytest.raises(DomainError) as lang:
        service.agreement_pdf(bk.id, "fr")
    assert (lang.value.code, lang.value.field) == ("sales.lang_unknown", "lang")
    assert len(documents.list_documents(source_id=bk.id)) == count


def test_the_staff_sale_page_links_both_and_the_routes_answer(db, admin, estate):
    _c, (bk, _other) = estate
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as http:
        page = http.get(f"/sales/bookings/{bk.id}?lang=bn")
        assert page.status_code == 200 and "বিক্রয় চুক্তিপত্র (পিডিএফ)" in page.text
        assert "final-statement-pdf" not in page.text  # not yet closed
        pdf = http.get(f"/sales/bookings/{bk.id}/agreement.pdf")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert "-bn.pdf" in pdf.headers["content-disposition"]  # the page's language (the cookie)
        assert http.get(f"{API}/bookings/{bk.id}/final-statement").status_code == 409
        _hand_over(bk)
        page = http.get(f"/sales/bookings/{bk.id}?lang=en")
        assert "Final statement (PDF)" in page.text and f"/sales/bookings/{bk.id}/final-statement.pdf" in page.text
        body = http.get(f"{API}/bookings/{bk.id}/final-statement").json()
        assert (D(body["balance_with_charges"]), body["closed_by"]) == (D("61500.00"), "handover")
        pdf = http.get(f"{API}/bookings/{bk.id}/final-statement.pdf?lang=en")
        assert pdf.status_code == 200 and pdf.headers["x-document-number"].startswith("FST/")
        bad = http.get(f"{API}/bookings/{bk.id}/agreement.pdf?lang=xx")
        assert bad.status_code == 422 and bad.json()["field"] == "lang"
