"""A booking's printed documents, generated and stored by the documents module within the booking's company
(numbered, verifiable by QR code), in English or Bangla: the **sale agreement** (any booking not cancelled:
printed for signature while booked, with its date and reference once signed) and the **final statement** of a
booking closed by its handover or cancellation. Stored once per content: the idempotency key names the
booking, the language and a digest of the data, so printing again gives back the same stored PDF.

The data is gathered in a query with the reader's permission (`sales.booking.read` for the agreement,
`sales.collections.view` for the final statement), then the PDF is generated as sales (its `uses`:
documents.document.create, files.file.view). The customer portal prints them for the buyer who owns the
booking (`sales.api.agreement_pdf`, `final_statement_pdf`)."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel

from vextrus.modules.documents import api as documents
from vextrus.modules.documents.api import PrintedDocument
from vextrus.platform import clock, context
from vextrus.platform.errors import NotFound, ValidationFailed
from vextrus.platform.uow import UnitOfWork, query

from .. import domain, settings
from ..printing import (
    FINAL_STATEMENT,
    SALE_AGREEMENT,
    SOURCE,
    AgreementPrintLine,
    FinalPrintLine,
    FinalPrintReceipt,
    FinalStatementData,
    SaleAgreementData,
)
from ..repository import instalments
from ..tables import BuildingRow, UnitRow
from .bookings import READ, load_booking
from .collections import VIEW, final_statement

LANGS = ("en", "bn")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        shown = lang[:10]  # the language asked for, as typed
        raise ValidationFailed("sales.lang_unknown", f"A document is printed in English (en) or Bangla (bn), not "
                               f"'{lang[:10]}'", f"নথি ইংরেজি বা বাংলায় ছাপা হয়, '{shown}' এ নয়",
                               field="lang")
    return lang


def _party(party_id: UUID) -> object | None:
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            return master_data.get_party(party_id)
        except NotFound:
            return None


def _name(obj: object | None, en: str, bn: str, lang: str) -> str:
    if obj is None:
        return ""
    value = (getattr(obj, bn, None) or getattr(obj, en, "")) if lang == "bn" else getattr(obj, en, "")
    return (value or "")[:200]


@query(READ)
def agreement_print_data(uow: UnitOfWork, booking_id: UUID, lang: str = "en") -> tuple[UUID, SaleAgreementData]:
    """(company, the sale agreement's data) of a booking not cancelled."""
    from vextrus.modules.projects import api as projects

    from .. import MODULE

    check_lang(lang)
    row = load_booking(uow, booking_id, field="booking_id")
    if row.status == "cancelled":
        raise domain.SalesError("sales.booking_status_invalid", f"Booking {row.number} is cancelled: it has no "
                                "agreement to print", f"বুকিং {row.number} বাতিল: ছাপার মতো চুক্তি নেই",
                                field="booking_id", details={"status": row.status})
    unit = uow.session.get(UnitRow, row.unit_id)
    building = uow.session.get(BuildingRow, unit.building_id) if unit is not None else None
    with context.calling_as(MODULE):
        project = projects.get_project(row.project_id)
    buyer = _party(row.buyer_party_id)
    data = SaleAgreementData(
        doc_date=row.agreement_date or clock.today(), booking_number=row.number, booking_date=row.booking_date,
        agreement_date=row.agreement_date, agreement_ref=row.agreement_ref or "",
        buyer_name=_name(buyer, "legal_name", "legal_name_bn", lang),
        buyer_nid=(getattr(buyer, "nid", None) or "")[:40], buyer_mobile=(getattr(buyer, "mobile", None) or "")[:40],
        project_name=_name(project, "name", "name_bn", lang), building_name=_name(building, "name", "name_bn", lang),
        unit_code=unit.code if unit else "", unit_kind=unit.kind if unit else "", floor=unit.floor if unit else 0,
        size_sft=unit.size_sft if unit else 0, facing=(unit.facing or "")[:20] if unit else "", price=row.price,
        lines=[AgreementPrintLine(seq=i.seq, label=((i.label_bn or i.label) if lang == "bn" else i.label)[:200],
                                  due_date=i.due_date, activity_code=(i.activity_code or "")[:60], amount=i.amount)
               for i in instalments(uow.session, row.id)],
        delay_percent_per_day=settings.delay_percent_per_day(), deduction_percent=settings.deduction_percent())
    return row.company_id, data


@query(VIEW)
def final_statement_print_data(uow: UnitOfWork, booking_id: UUID,
                               lang: str = "en") -> tuple[UUID, FinalStatementData]:
    """(company, the final statement's data) of a booking handed over or cancelled (`final_statement`'s
    figures, copied)."""
    check_lang(lang)
    fs = final_statement(booking_id)
    b = fs.booking
    buyer = _party(b.buyer_party_id)
    data = FinalStatementData(
        doc_date=fs.closing_date, closed_by=fs.closed_by, buyer_name=_name(buyer, "legal_name", "legal_name_bn", lang),
        booking_number=b.number, booking_date=b.booking_date, unit_code=b.unit_code, agreement_date=b.agreement_date,
        agreement_ref=b.agreement_ref, registration_date=b.registration_date, deed_number=b.deed_number,
        billed=fs.billed, received=fs.received, delay_charges=fs.delay_charges,
        delay_percent_per_day=fs.delay_percent_per_day, deduction=fs.deduction, refunded=fs.refunded,
        balance=fs.balance, balance_with_charges=fs.balance_with_charges,
        lines=[FinalPrintLine(seq=ln.seq, label=((ln.label_bn or ln.label) if lang == "bn" else ln.label)[:200],
                              due_date=ln.due_date, activity_code=(ln.activity_code or "")[:60], amount=ln.amount,
                              paid=ln.paid, days_overdue=ln.days_overdue, delay_charge=ln.delay_charge)
               for ln in fs.lines],
        receipts=[FinalPrintReceipt(number=r.number, receipt_date=r.receipt_date, method=r.method,
                                    reference=(r.reference or "")[:120], amount=r.amount) for r in fs.receipts])
    return b.company_id, data


def _generate(doc_type: str, company_id: UUID, lang: str, data: BaseModel, booking_id: UUID,
              filename: str) -> PrintedDocument:
    from .. import MODULE

    with context.calling_as(MODULE):
        return documents.print_document(doc_type, lang, data, company_id=company_id, source_type=SOURCE,
                                        source_id=booking_id, filename=f"{filename}-{lang}.pdf")


def agreement_pdf(booking_id: UUID, lang: str = "en") -> PrintedDocument:
    """The booking's sale agreement as a PDF (en/bn), stored once per content."""
    company_id, data = agreement_print_data(booking_id, lang)
    return _generate(SALE_AGREEMENT.code, company_id, lang, data, booking_id,
                     f"agreement-{data.booking_number.replace('/', '-')}")


def final_statement_pdf(booking_id: UUID, lang: str = "en") -> PrintedDocument:
    """The final statement of a booking handed over or cancelled as a PDF (en/bn), stored once per content."""
    company_id, data = final_statement_print_data(booking_id, lang)
    return _generate(FINAL_STATEMENT.code, company_id, lang, data, booking_id,
                     f"final-statement-{data.booking_number.replace('/', '-')}")


__all__ = ["PrintedDocument", "agreement_pdf", "agreement_print_data", "final_statement_pdf",
           "final_statement_print_data"]
