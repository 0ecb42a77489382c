"""The buyer's documents as PDFs: the statement of account of their booking and each of their receipts,
in English or Bangla, generated and stored by the documents module (numbered, verifiable by QR code) within
the booking's company. Only the buyer's own: another buyer's booking or receipt is not found.

The data is gathered in a query (`statement_print_data`, `receipt_print_data`: the portal account, the
booking's buyer checked), then the document is generated as the portal (its `uses`:
documents.document.create/view, files.file.view) on the buyer's behalf. Stored once per content: the
idempotency key names the booking (or receipt), the language and a digest of the data, so asking again the
same day gives back the same stored PDF."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel

from vextrus.modules.documents import api as documents
from vextrus.modules.documents.api import PrintedDocument
from vextrus.platform import clock, context
from vextrus.platform.errors import NotFound, ValidationFailed
from vextrus.platform.uow import UnitOfWork, query

from .. import MODULE, domain
from ..printing import (
    BOOKING_RECEIPT,
    BOOKING_STATEMENT,
    RECEIPT_SOURCE,
    STATEMENT_SOURCE,
    BookingReceiptData,
    BookingStatementData,
    ReceiptPrintAllocation,
    StatementPrintLine,
    StatementPrintReceipt,
)
from .accounts import SELF, _mine

LANGS = ("en", "bn")


def language(lang: str | None) -> str:
    """`lang` when given (en or bn), else the reader's own language (their sign-in's, or the page's)."""
    if lang is None or lang == "":
        return "bn" if context.current().locale == "bn" else "en"
    if lang not in LANGS:
        value = lang[:10]  # as typed
        raise ValidationFailed("portal.lang_unknown", f"A document is printed in English (en) or Bangla (bn), not "
                               f"'{lang[:10]}'", f"নথি ইংরেজি (en) বা বাংলায় (bn) ছাপা হয়, '{value}' এ নয়",
                               field="lang")
    return lang


def _buyer_name(party_id: UUID, lang: str) -> str:
    from vextrus.modules.master_data import api as master_data

    try:
        p = master_data.get_party(party_id)
    except NotFound:
        return ""
    return ((p.legal_name_bn or p.legal_name) if lang == "bn" else p.legal_name)[:200]


def _own_statement(uow: UnitOfWork, booking_id: UUID, on: date):  # noqa: ANN202 - sales' CustomerStatement
    from vextrus.modules.sales import api as sales

    me = _mine(uow)
    try:
        booking = sales.get_booking(booking_id)
    except NotFound:
        raise NotFound("booking", booking_id, field="booking_id") from None
    domain.own_booking(booking_id, booking.buyer_party_id, me.party_id)
    return me, sales.customer_statement(booking_id, on)


@query(SELF)
def statement_print_data(uow: UnitOfWork, booking_id: UUID, lang: str | None = None,
                         as_of: date | None = None) -> tuple[UUID, BookingStatementData]:
    """(company, the printed statement's data) of one of the buyer's own bookings as of a date (today)."""
    lang = language(lang)
    with context.calling_as(MODULE):
        me, st = _own_statement(uow, booking_id, as_of or clock.today())
        name = _buyer_name(me.party_id, lang)
    b = st.booking
    data = BookingStatementData(
        doc_date=st.as_of, buyer_name=name, booking_number=b.number, unit_code=b.unit_code,
        booking_date=b.booking_date, status=b.status, total=st.total, paid=st.paid, balance=st.balance, due=st.due,
        overdue=st.overdue, delay_charges=st.delay_charges,
        lines=[StatementPrintLine(seq=ln.seq, label=((ln.label_bn or ln.label) if lang == "bn" else ln.label)[:200],
                                  due_date=ln.due_date, activity_code=(ln.activity_code or "")[:60], amount=ln.amount,
                                  paid=ln.paid, outstanding=ln.outstanding, days_overdue=ln.days_overdue)
               for ln in st.lines],
        receipts=[StatementPrintReceipt(number=r.number, receipt_date=r.receipt_date, method=r.method,
                                        reference=(r.reference or "")[:120], amount=r.amount) for r in st.receipts])
    return me.company_id, data


@query(SELF)
def receipt_print_data(uow: UnitOfWork, booking_id: UUID, receipt_id: UUID,
                       lang: str | None = None) -> tuple[UUID, BookingReceiptData]:
    """(company, the printed receipt's data) of a receipt of one of the buyer's own bookings; a receipt of
    another booking (even the buyer's own other one) is not found under this booking."""
    lang = language(lang)
    with context.calling_as(MODULE):
        me, st = _own_statement(uow, booking_id, clock.today())
        name = _buyer_name(me.party_id, lang)
    receipt = next((r for r in st.receipts if r.id == receipt_id), None)
    if receipt is None:
        raise NotFound("receipt", receipt_id, field="receipt_id")
    labels = {ln.seq: (ln.label_bn or ln.label) if lang == "bn" else ln.label for ln in st.lines}
    b = st.booking
    data = BookingReceiptData(
        doc_date=receipt.receipt_date, receipt_number=receipt.number, buyer_name=name, booking_number=b.number,
        unit_code=b.unit_code, method=receipt.method, reference=(receipt.reference or "")[:120],
        amount=receipt.amount,
        allocations=[ReceiptPrintAllocation(seq=a.seq, label=labels.get(a.seq, str(a.seq))[:200], amount=a.amount)
                     for a in receipt.allocations])
    return me.company_id, data


def _generate(doc_type: str, company_id: UUID, lang: str, data: BaseModel, source_type: str, source_id: UUID,
              filename: str) -> PrintedDocument:
    """Generated as the portal (its `uses`) on the buyer's behalf, within the booking's company."""
    with context.calling_as(MODULE):
        return documents.print_document(doc_type, lang, data, company_id=company_id, source_type=source_type,
                                        source_id=source_id, filename=f"{filename}-{lang}.pdf")


def statement_pdf(booking_id: UUID, lang: str | None = None, as_of: date | None = None) -> PrintedDocument:
    """The statement of account of one of the buyer's own bookings as a PDF (en/bn; the reader's language)."""
    company_id, data = statement_print_data(booking_id, lang, as_of)
    lang = language(lang)
    return _generate(BOOKING_STATEMENT.code, company_id, lang, data, STATEMENT_SOURCE, booking_id,
                     f"statement-{data.booking_number.replace('/', '-')}-{data.doc_date.isoformat()}")


def receipt_pdf(booking_id: UUID, receipt_id: UUID, lang: str | None = None) -> PrintedDocument:
    """One of the buyer's receipts as a PDF money receipt (en/bn; the reader's language)."""
    company_id, data = receipt_print_data(booking_id, receipt_id, lang)
    lang = language(lang)
    return _generate(BOOKING_RECEIPT.code, company_id, lang, data, RECEIPT_SOURCE, receipt_id,
                     f"receipt-{data.receipt_number.replace('/', '-')}")


@query(SELF)
def _own_booking(uow: UnitOfWork, booking_id: UUID) -> None:
    """The booking is the signed-in buyer's own, else not found."""
    from vextrus.modules.sales import api as sales

    me = _mine(uow)
    with context.calling_as(MODULE):
        try:
            booking = sales.get_booking(booking_id)
        except NotFound:
            raise NotFound("booking", booking_id, field="booking_id") from None
    domain.own_booking(booking_id, booking.buyer_party_id, me.party_id)


def agreement_pdf(booking_id: UUID, lang: str | None = None) -> PrintedDocument:
    """The sale agreement of one of the buyer's own bookings (sales' `sale_agreement`, en/bn; the reader's
    language); another buyer's booking is not found; a cancelled one has none (sales refuses, 422)."""
    from vextrus.modules.sales import api as sales

    _own_booking(booking_id)
    lang = language(lang)
    with context.calling_as(MODULE):
        return sales.agreement_pdf(booking_id, lang)


def final_statement_pdf(booking_id: UUID, lang: str | None = None) -> PrintedDocument:
    """The final statement of one of the buyer's own bookings once handed over or cancelled (sales'
    `final_statement`); before that sales refuses (409 `sales.not_closed`)."""
    from vextrus.modules.sales import api as sales

    _own_booking(booking_id)
    lang = language(lang)
    with context.calling_as(MODULE):
        return sales.final_statement_pdf(booking_id, lang)
