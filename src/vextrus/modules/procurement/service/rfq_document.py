"""An RFQ printed for one of its vendors (documents' PDF type `rfq`, English or Bangla) and e-mailed to the
vendor with the PDF attached (notifications' `send_email`, the vendor's e-mail from master data).

The letter: the company's letterhead (documents), the RFQ's number and date, the vendor's legal name and
registered (else first) address, the project of the requisition and the delivery place (its store), the
items (description, unit, quantity, needed by; no prices), the standard terms and a signature block. An RFQ
has no reply-by date or terms fields yet, so the letter asks for the reply within the standard wording.
Stored once per content (the idempotency key names the RFQ, the vendor, the language and a digest of the
data). Sending: only an open RFQ (quotations still being taken), only to a vendor on it, only to a vendor
with an e-mail address; the vendor row records when it was first sent and to which address, and
`procurement.rfq.sent` is published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from vextrus.modules.documents import api as documents
from vextrus.platform import clock, context
from vextrus.platform.errors import DomainError
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.ids import new_id
from vextrus.platform.money import places_to_print
from vextrus.platform.uow import UnitOfWork, command, query

from .. import domain
from ..events import RfqSent
from ..repository import requisition_lines, rfq_vendors
from ..schemas import RfqSentView
from ..tables import RequisitionRow, RfqRow, RfqVendorRow
from .sourcing import load_rfq
from .work_order import _project, _running, _signatory

DOC_TYPE = "rfq"
SOURCE_TYPE = "procurement.rfq"
LANGS = ("en", "bn")
PDF = "application/pdf"


class RfqPrintLine(BaseModel):
    serial: int
    description: str = Field(max_length=200)
    unit: str = Field(default="", max_length=20)
    quantity: Decimal
    needed_by: date | None = None


class RfqPrintData(BaseModel):
    """What an RFQ letter to one vendor shows (no prices)."""

    doc_date: date
    rfq_number: str = Field(max_length=40)
    vendor_name: str = Field(max_length=200)
    vendor_address: str = Field(default="", max_length=300)
    project: str = Field(default="", max_length=160)
    delivery_place: str = Field(default="", max_length=200)
    requisition_number: str = Field(default="", max_length=40)
    reply_by: date | None = None
    items: list[RfqPrintLine] = Field(min_length=1, max_length=500)
    signatory: str = Field(default="", max_length=120)


def _sample() -> RfqPrintData:
    return RfqPrintData(doc_date=date(2026, 1, 10), rfq_number="RFQ-00001", vendor_name="Meghna Cement Mills Ltd.",
                        vendor_address="12 Karwan Bazar, Dhaka 1215", project="Purbachal Tower",
                        delivery_place="Purbachal site store", requisition_number="PR-00001",
                        items=[RfqPrintLine(serial=1, description="Portland cement (50 kg bag)", unit="bag",
                                            quantity=Decimal(500), needed_by=date(2026, 1, 31))])


def _totals(data: RfqPrintData) -> dict[str, Any]:
    return {"qty_places": places_to_print([ln.quantity for ln in data.items], least=0, most=3)}


RFQ = documents.register_type(documents.DocumentType(
    DOC_TYPE, "Request for quotation", "দরপত্র আহ্বান", RfqPrintData, "RFQD", _sample, _totals,
    source_type=SOURCE_TYPE))


@dataclass(frozen=True)
class IssuedRfq:
    document_id: UUID
    number: str
    sha256: str
    rfq_number: str
    lang: str
    filename: str
    content: bytes


def _lang(lang: str) -> str:
    if lang not in LANGS:
        lang_code = lang  # as typed
        raise domain.bad("lang_unknown", f"An RFQ is printed in English (en) or Bangla (bn), not '{lang}'",
                         f"দরপত্র আহ্বান ইংরেজি (en) বা বাংলায় (bn) ছাপা হয়, '{lang_code}' এ নয়", field="lang")
    return lang


def _invited(uow: UnitOfWork, rfq: RfqRow, party_id: UUID) -> RfqVendorRow:
    for v in rfq_vendors(uow.session, rfq.id):
        if v.party_id == party_id:
            return v
    raise domain.bad("vendor_not_invited", "This vendor is not on the RFQ", "এই বিক্রেতা দরপত্র আহ্বানে নেই",
                     field="vendor_id")


def _party(v: RfqVendorRow, lang: str) -> tuple[str, str, str]:
    """(legal name in the letter's language, address, e-mail) from master data; the names stored on the RFQ
    when the party cannot be read."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    fallback = (v.party_name_bn or v.party_name) if lang == "bn" else v.party_name
    with context.calling_as(MODULE):
        try:
            p = master_data.get_party(v.party_id)
        except DomainError as exc:
            if exc.status != 404:
                raise
            return fallback, "", ""
    name = (p.legal_name_bn or p.legal_name) if lang == "bn" else p.legal_name
    address = ""
    if p.addresses:
        a = next((x for x in p.addresses if x.kind == "registered"), p.addresses[0])
        address = ", ".join(x for x in (a.line1, a.line2, a.upazila, a.city or a.district, a.postcode) if x)
    return name or fallback, address, (p.email or "").strip()


def _store(req: RequisitionRow, lang: str) -> str:
    from vextrus.modules.inventory import api as inventory

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            s = inventory.get_store(req.store_id)
        except DomainError as exc:
            if exc.status != 404:
                raise
            return ""
    return ((s.name_bn or s.name) if lang == "bn" else s.name)[:200]


def _items(uow: UnitOfWork, req: RequisitionRow, lang: str) -> list[RfqPrintLine]:
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    out = []
    for ln in requisition_lines(uow.session, [req.id])[req.id]:
        name = ln.item_name
        if lang == "bn":
            with context.calling_as(MODULE):
                try:
                    it = master_data.get_item(ln.item_id)
                    name = it.name_bn or it.name or ln.item_name
                except DomainError as exc:
                    if exc.status != 404:
                        raise
        out.append(RfqPrintLine(serial=ln.line_no, description=name[:200], unit=ln.unit[:20], quantity=ln.quantity,
                                needed_by=ln.needed_by))
    return out


@query("procurement.rfq.view")
def rfq_data(uow: UnitOfWork, rfq_id: UUID, vendor_id: UUID, lang: str = "en") -> tuple[UUID, str, str, RfqPrintData]:
    """(company, RFQ number, vendor's e-mail, the letter's data) of an RFQ to one of its vendors."""
    lang = _lang(lang)
    rfq = load_rfq(uow, rfq_id)
    v = _invited(uow, rfq, vendor_id)
    req = uow.session.get(RequisitionRow, rfq.requisition_id)
    name, address, email = _party(v, lang)
    number = to_bangla_digits(rfq.number) if lang == "bn" else rfq.number
    data = RfqPrintData(doc_date=rfq.created_at.date(), rfq_number=number, vendor_name=name[:200],
                        vendor_address=address[:300], project=_project(req, lang) if _running("projects") else "",
                        delivery_place=_store(req, lang),
                        requisition_number=to_bangla_digits(req.number) if lang == "bn" else req.number,
                        items=_items(uow, req, lang), signatory=_signatory(lang))
    return rfq.company_id, rfq.number, email, data


def _generate(rfq_id: UUID, vendor_id: UUID, company_id: UUID, rfq_number: str, lang: str,
              data: RfqPrintData) -> IssuedRfq:
    from .. import MODULE

    with context.calling_as(MODULE):  # one letter per vendor: the key names both
        p = documents.print_document(DOC_TYPE, lang, data, company_id=company_id, source_type=SOURCE_TYPE,
                                     source_id=rfq_id, key=f"{rfq_id}:{vendor_id}",
                                     filename=f"{rfq_number}-{lang}.pdf")
    return IssuedRfq(document_id=p.document_id, number=p.number, sha256=p.sha256, rfq_number=rfq_number, lang=lang,
                     filename=p.filename, content=p.content)


def issue_rfq_pdf(rfq_id: UUID, vendor_id: UUID, lang: str = "en") -> IssuedRfq:
    """The RFQ's letter to one vendor as a PDF, stored once per content by the documents module (source
    `procurement.rfq`, the RFQ's id); needs `procurement.rfq.view`."""
    company_id, rfq_number, _email, data = rfq_data(rfq_id, vendor_id, lang)
    return _generate(rfq_id, vendor_id, company_id, rfq_number, lang, data)


def _mail(lang: str, number: str, vendor: str, company: str) -> tuple[str, str]:
    if lang == "bn":
        name = vendor  # the vendor's name (Bangla when master data has it), as typed
        return (f"দরপত্র আহ্বান {to_bangla_digits(number)}", f"<p>{name},</p><p>সংযুক্ত দরপত্র আহ্বান "
                f"{to_bangla_digits(number)} অনুযায়ী তালিকার পণ্যের দর পাঠানোর "
                "অনুরোধ করা হলো।</p><p>ধন্যবাদান্তে,<br>" + company + "</p>")
    return (f"Request for quotation {number}", f"<p>Dear {vendor},</p><p>Please find attached our request for "
            f"quotation {number} and send us your rates for the items listed.</p><p>Regards,<br>{company}</p>")


@command("procurement.rfq.create", scope="procurement.send_rfq")
def send_rfq(uow: UnitOfWork, rfq_id: UUID, vendor_id: UUID, lang: str = "en") -> RfqSentView:
    """E-mail the RFQ's letter (PDF attached) to one of its vendors, at the vendor's e-mail in master data.
    Refused, with nothing sent: an RFQ no longer open (`procurement.rfq_not_open`, field `status`), a vendor
    not on it (`procurement.vendor_not_invited`) or without an e-mail (`procurement.vendor_no_email`), both
    field `vendor_id`. Every call queues one e-mail (the Idempotency-Key makes a retry answer the first)."""
    from markupsafe import escape

    from vextrus.modules.notifications import api as notifications
    from vextrus.modules.organization import api as organization

    from .. import MODULE

    lang = _lang(lang)
    rfq = load_rfq(uow, rfq_id)
    if not _running("notifications"):
        raise domain.bad("email_unavailable", "E-mail is not available (the notifications module is not running)",
                         "ইমেইল পাঠানো যাচ্ছে না (বিজ্ঞপ্তি মডিউল চালু নেই)", field="vendor_id")
    if rfq.status != "open":
        raise domain.bad("rfq_not_open", f"RFQ {rfq.number} is {rfq.status}: it is sent while quotations are taken",
                         f"দরপত্র আহ্বান {to_bangla_digits(rfq.number)} আর খোলা নেই; দর নেওয়ার সময়েই পাঠানো যায়",
                         field="status", status=rfq.status)
    v = _invited(uow, rfq, vendor_id)
    company_id, number, email, data = rfq_data(rfq_id, vendor_id, lang)
    if not email:
        name = v.party_name_bn or v.party_name  # as typed in master data
        raise domain.bad("vendor_no_email", f"{v.party_name} has no e-mail address in master data",
                         f"{name}-এর ইমেইল ঠিকানা মাস্টার ডেটায় নেই", field="vendor_id")
    issued = _generate(rfq_id, vendor_id, company_id, number, lang, data)
    co = organization.get_company(company_id)
    co_name = ((co.name_bn or co.name) if lang == "bn" else co.name) if co else ""
    subject, body = _mail(lang, number, str(escape(data.vendor_name)), str(escape(co_name)))
    sent_at = clock.now()
    with context.calling_as(MODULE):
        notifications.send_email(f"procurement.rfq:{rfq_id}:{vendor_id}:{new_id()}", email, subject, body,
                                 locale=lang, event="procurement.rfq.sent", link=f"/procurement/rfqs/{rfq_id}",
                                 attachment=(issued.filename, PDF, issued.content))
    if v.sent_at is None:
        v.sent_at = sent_at
    v.sent_to = email[:254]
    uow.emit(RfqSent(rfq_id=rfq.id, company_id=rfq.company_id, party_id=vendor_id, email=email, lang=lang,
                     document_id=issued.document_id))
    uow.session.flush()
    return RfqSentView(rfq_id=rfq.id, vendor_id=vendor_id, rfq_number=rfq.number, document_id=issued.document_id,
                       number=issued.number, sha256=issued.sha256, lang=lang, email=email)
