"""The buyer's documents and a client's contracts in the portal, on both databases (issue 19).

A buyer downloads the statement of account of their booking and their money receipt as PDFs in their own
language (Bangla digits and dates in Bangla), stored once as documents; another buyer's booking or receipt is
not found. A contract's client sees their contract with the RA bill's amount, deductions, retention held, the
receipt and what is outstanding (contracts' own figures), and prints the RA bill; another client's contract or
bill is not found."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.contracts import service as contracts
from vextrus.modules.contracts.schemas import ContractInput
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.portal import service as portal
from vextrus.modules.portal.schemas import InviteInput
from vextrus.platform import context
from vextrus.platform.errors import NotFound, ValidationFailed

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def _client(db, ctx) -> TestClient:
    return TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx]))


@needs_pdftotext
def test_a_buyer_downloads_their_statement_and_receipt_in_bangla_and_english(estate):
    own, other = estate.bookings
    with context.acting_as(estate.as_("buyer0")):
        st = portal.statement_pdf(own.id, "bn", as_of=date(2026, 2, 1))
        assert st.content.startswith(b"%PDF") and st.lang == "bn"
        text = _text(st.content)
        assert "নাসিমা বেগম" in text and "হিসাব বিবরণী" in text
        assert "৩,০০,০০০.০০" in text and "৭৭,০০,০০০.০০" in text  # paid, balance (lakh grouping, Bangla digits)
        assert "১ ফেব্রুয়ারি ২০২৬" in text or "১ ফেব ২০২৬" in text, text[:600]
        again = portal.statement_pdf(own.id, "bn", as_of=date(2026, 2, 1))
        assert (again.document_id, again.sha256) == (st.document_id, st.sha256)  # stored once per content
        en = portal.statement_pdf(own.id, "en", as_of=date(2026, 2, 1))
        assert "Nasima Begum" in _text(en.content) and "77,00,000.00" in _text(en.content)
        rc = portal.receipt_pdf(own.id, estate.receipts[0].id, "bn")
        text = _text(rc.content)
        assert "টাকা প্রাপ্তির রসিদ" in text and "৳৩,০০,০০০.০০" in text.replace(" ", "")
        with pytest.raises(NotFound):  # another buyer's booking
            portal.statement_pdf(other.id, "en")
        with pytest.raises(NotFound):  # another buyer's receipt, even under one's own booking
            portal.receipt_pdf(own.id, estate.receipts[1].id, "en")
        with pytest.raises(NotFound):
            portal.receipt_pdf(other.id, estate.receipts[1].id, "en")


def test_a_client_sees_their_contract_bills_deductions_retention_receipts_and_outstanding(estate):
    own, other = estate.contracts
    bill = estate.bills[0]
    with context.acting_as(estate.staff):
        staff_view = contracts.get_contract(own.id)
    with context.acting_as(estate.as_("client0")):
        assert portal.my_bookings() == []
        (mine,) = portal.my_contracts()
        assert (mine.contract_id, mine.code) == (own.id, "EST/C-01")
        assert mine.retention_held == staff_view.retention_held == bill.retention > 0
        assert mine.billed_to_date == bill.gross
        assert (mine.received, mine.outstanding) == (D("300000.00"), bill.net_payable - D("300000.00"))
        full = portal.my_contract(own.id)
        (b,) = full.bills
        assert (b.gross, b.vat, b.retention, b.security_deposit, b.ait, b.deductions, b.net_payable) == (
            bill.gross, bill.vat, bill.retention, bill.security_deposit, bill.ait, bill.deductions, bill.net_payable)
        assert b.deductions == bill.retention + bill.advance_recovered + bill.security_deposit + bill.ait
        assert b.outstanding == bill.net_payable - D("300000.00") and b.printable
        (r,) = b.receipts
        assert (r.amount, r.reference, r.status) == (D("300000.00"), "EFT 77", "posted")
        printed = portal.bill_pdf(own.id, bill.id, "en")
        assert printed.content.startswith(b"%PDF") and printed.filename.endswith("-en.pdf")
        with pytest.raises(NotFound):
            portal.my_contract(other.id)
        with pytest.raises(NotFound):  # another client's bill under one's own contract
            portal.bill_pdf(own.id, estate.bills[1].id, "en")
        with pytest.raises(NotFound):
            portal.bill_pdf(other.id, estate.bills[1].id, "en")
    with context.acting_as(estate.as_("buyer0")):  # a buyer holds no contract
        assert portal.my_contracts() == []
        with pytest.raises(NotFound):
            portal.my_contract(own.id)


def test_the_contract_page_and_pdfs_over_http_in_bangla(db, estate):
    own, other = estate.contracts
    with _client(db, estate.as_("client0")) as http:
        home = http.get("/portal?lang=bn")
        assert home.status_code == 200 and "EST/C-০১" in home.text
        assert "<h1>আমার চুক্তি</h1>" in home.text and "my-bookings" not in home.text  # no empty bookings table
        page = http.get(f"/portal/contracts/{own.id}?lang=bn")
        assert page.status_code == 200, page.text[:400]
        assert "আটকে রাখা রিটেনশন" in page.text and "৩,০০,০০০.০০" in page.text and "৩১ আগ" in page.text
        pdf = http.get(f"/portal/contracts/{own.id}/bills/{estate.bills[0].id}.pdf?lang=bn")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert http.get(f"/portal/contracts/{other.id}?lang=bn").status_code == 404
        api = http.get("/api/v1/portal/contracts")
        assert [c["code"] for c in api.json()] == ["EST/C-01"]
    with _client(db, estate.as_("buyer0")) as http:
        page = http.get(f"/portal/bookings/{estate.bookings[0].id}")  # the buyer's own language: Bangla
        assert page.status_code == 200 and "হিসাব বিবরণী (পিডিএফ)" in page.text
        pdf = http.get(f"/portal/bookings/{estate.bookings[0].id}/statement.pdf")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert "-bn.pdf" in pdf.headers["content-disposition"]
        rc = http.get(f"/api/v1/portal/bookings/{estate.bookings[0].id}/receipts/{estate.receipts[0].id}.pdf?lang=en")
        assert rc.status_code == 200 and rc.headers["x-document-number"]
        bad = http.get(f"/api/v1/portal/bookings/{estate.bookings[0].id}/statement.pdf?lang=fr")
        assert bad.status_code == 422 and bad.json()["field"] == "lang"


def test_a_contract_client_who_is_no_customer_is_offered_and_invited(db, estate):
    with context.acting_as(estate.staff):
        steel = master_data.create_party(PartyInput(legal_name="Padma Steel Ltd.", roles=["vendor"],
                                                    vendor_categories=["supplier"]))
        with pytest.raises(ValidationFailed) as refused:  # a vendor, not yet anyone's client
            portal.invite(InviteInput(party_id=steel.id, email="steel@estate.example"))
        assert refused.value.code == "portal.not_a_customer" and refused.value.field == "party_id"
        contracts.create_contract(ContractInput(
            company_id=estate.company_id, project_id=estate.works_project_id, client_party_id=steel.id,
            code="EST/C-09", title="Steel yard shed", contract_date=date(2025, 8, 1)))
    with _client(db, estate.staff) as http:
        page = http.get("/portal/accounts")
        assert page.status_code == 200 and "Padma Steel Ltd." in page.text
    with context.acting_as(estate.staff):
        portal.invite(InviteInput(party_id=steel.id, email="steel@estate.example", language="en"))
    estate.emails["steel"] = "steel@estate.example"
    with context.acting_as(estate.as_("steel")):
        assert [c.code for c in portal.my_contracts()] == ["EST/C-09"]


@needs_pdftotext
def test_a_buyer_downloads_their_sale_agreement_and_final_statement(db, estate):
    from vextrus.platform.errors import Conflict

    own, other = estate.bookings
    with context.acting_as(estate.as_("buyer0")):
        agreement = portal.agreement_pdf(own.id)  # the buyer's own language: Bangla
        text = " ".join(_text(agreement.content).split())
        assert agreement.lang == "bn" and "বিক্রয় চুক্তিপত্র" in text and "নাসিমা বেগম" in text
        assert "৮০,০০,০০০.০০" in text and "৭,০০,০০০.০০" in text  # the price, the down payment
        with pytest.raises(Conflict):  # not handed over yet
            portal.final_statement_pdf(own.id, "en")
        with pytest.raises(NotFound):
            portal.agreement_pdf(other.id, "en")
        with pytest.raises(NotFound):
            portal.final_statement_pdf(other.id, "en")
    fs = estate.close(own)
    with context.acting_as(estate.as_("buyer0")):
        en = " ".join(_text(portal.final_statement_pdf(own.id, "en").content).split())
        assert "Final statement" in en and "Nasima Begum" in en
        for figure in (fs.billed, fs.received, fs.delay_charges, fs.balance_with_charges):
            assert _lakh(figure) in en, (figure, en[:1500])
        assert fs.delay_charges > 0 and f"Balance with delay charges {_lakh(fs.balance_with_charges)}" in en
        bn = " ".join(_text(portal.final_statement_pdf(own.id, "bn").content).split())
        assert "চূড়ান্ত বিবরণী" in bn and "৮০,০০,০০০.০০" in bn
    with _client(db, estate.as_("buyer0")) as http:
        page = http.get(f"/portal/bookings/{own.id}")
        assert "বিক্রয় চুক্তিপত্র (পিডিএফ)" in page.text and "চূড়ান্ত বিবরণী (পিডিএফ)" in page.text
        pdf = http.get(f"/api/v1/portal/bookings/{own.id}/final-statement.pdf?lang=en")
        assert pdf.status_code == 200 and pdf.headers["x-document-number"].startswith("FST/")
        assert http.get(f"/portal/bookings/{other.id}/agreement.pdf").status_code == 404


def _lakh(v: D) -> str:
    """A figure as the documents print it in English: lakh and crore grouping, two decimals."""
    from vextrus.platform.i18n import format_number

    return format_number(v, 2, "en")
