"""A purchase order (or a service order to a subcontractor) issued as a Word work order letter through the
documents module (`work_order`): the vendor's legal name and address from master data, the project of the
order's requisition (projects, when it runs), the order's lines as items (description, unit, quantity,
rate), its date, the delivery date the vendor quoted (the order date + the longest quoted delivery days of
the ordered items) and the issuing user's name as signatory. Stored once per content: asking again for
the same order, language and content gives back the same stored document (the idempotency key names the
order, the language and a digest of the data, as invoicing's Mushak forms do).

Only an order that was approved may be printed (approved, partially or fully received); a draft or a
cancelled one is refused naming `status`. The letter's total is the documents module's sum of
quantity × rate per line; each line must print exactly (quantity to 3 decimals, rate to 2) and come to the
order's stored amount to the poisha, else the line is refused naming its field, so the letter's total is
always the order's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context, runtime
from vextrus.platform.errors import DomainError
from vextrus.platform.i18n import format_date, to_bangla_digits
from vextrus.platform.money import round_places
from vextrus.platform.uow import UnitOfWork, query

from .. import domain
from ..domain.orders import ORDER_STATUS_BN
from ..repository import order_lines
from ..tables import OrderLineRow, OrderRow, QuotationRow, RequisitionRow, RfqRow
from .orders import load_order

DOC_TYPE = "work_order"
SOURCE_TYPE = "procurement.purchase_order"
PRINTABLE = ("approved", "partially_received", "received")
LANGS = ("en", "bn")
MAX_ITEMS = 50  # what a work order letter holds (documents' WorkOrderData)
_QTY, _RATE = Decimal("0.001"), Decimal("0.01")


@dataclass(frozen=True)
class IssuedWorkOrder:
    """The stored work order: its document (id, number, SHA-256 of the file) and the .docx itself."""

    document_id: UUID
    number: str
    sha256: str
    order_number: str
    lang: str
    filename: str
    content: bytes


def _lang(lang: str) -> str:
    if lang not in LANGS:
        lang_code = lang  # as typed
        raise domain.bad("lang_unknown", f"Work orders are printed in English (en) or Bangla (bn), not '{lang}'",
                         f"কার্যাদেশ ইংরেজি (en) বা বাংলায় (bn) ছাপা হয়, '{lang_code}' এ নয়", field="lang")
    return lang


def _running(name: str) -> bool:
    return name in runtime.current().registry.names


def _vendor(party_id: UUID, lang: str, row: OrderRow) -> tuple[str, str]:
    """(legal name in the letter's language, address) from master data; the names stored on the order
    when the party cannot be read."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    fallback = (row.party_name_bn or row.party_name) if lang == "bn" else row.party_name
    with context.calling_as(MODULE):
        try:
            p = master_data.get_party(party_id)
        except DomainError as exc:
            if exc.status != 404:
                raise
            return fallback, ""
    name = (p.legal_name_bn or p.legal_name) if lang == "bn" else p.legal_name
    address = ""
    if p.addresses:
        a = next((x for x in p.addresses if x.kind == "registered"), p.addresses[0])
        address = ", ".join(x for x in (a.line1, a.line2, a.upazila, a.city or a.district, a.postcode) if x)
    return name or fallback, address


def _items(lines: list[OrderLineRow], lang: str) -> list[dict[str, Any]]:
    """The order's lines as the letter's items: the item's name (Bangla when it has one on a Bangla letter)
    and base unit from master data; each quantity and rate exactly as printed, its amount the order's."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    if len(lines) > MAX_ITEMS:
        raise domain.bad("work_order_too_long", f"A work order letter holds at most {MAX_ITEMS} lines; this order "
                         f"has {len(lines)}", f"কার্যাদেশে সর্বোচ্চ {to_bangla_digits(str(MAX_ITEMS))}টি লাইন থাকে; এই "
                         f"ক্রয়াদেশে {to_bangla_digits(str(len(lines)))}টি", field="lines", lines=len(lines))
    out = []
    for i, ln in enumerate(lines):
        name, unit = ln.item_name, ""
        with context.calling_as(MODULE):
            try:
                it = master_data.get_item(ln.item_id)
                name = ((it.name_bn or it.name) if lang == "bn" else it.name) or ln.item_name
                unit = it.base_unit or ""
            except DomainError as exc:
                if exc.status != 404:
                    raise
        qty, rate = ln.quantity.quantize(_QTY), ln.rate.quantize(_RATE)
        if qty != ln.quantity:
            raise domain.bad("work_order_quantity_precision", f"Line {ln.line_no}'s quantity {ln.quantity.normalize()} "
                             "has more than 3 decimals; a work order prints it to 3",
                             f"{to_bangla_digits(str(ln.line_no))} নম্বর লাইনের পরিমাণে ৩ দশমিকের বেশি ঘর; কার্যাদেশে "
                             "৩ ঘর পর্যন্ত ছাপা হয়", field=f"lines[{i}].quantity")
        if rate != ln.rate:
            raise domain.bad("work_order_rate_precision", f"Line {ln.line_no}'s rate {ln.rate.normalize()} has more "
                             "than 2 decimals; a work order prints rates to the poisha",
                             f"{to_bangla_digits(str(ln.line_no))} নম্বর লাইনের দরে ২ দশমিকের বেশি ঘর; কার্যাদেশে দর "
                             "পয়সা পর্যন্ত ছাপা হয়", field=f"lines[{i}].rate")
        printed = round_places(qty * rate, 2)  # as documents' ItemLine.amount rounds (half up, as the order)
        if printed != ln.amount:  # an order line stored before rounding was one rule: say so, never misprint
            raise domain.bad("work_order_amount_rounding", f"Line {ln.line_no}'s amount {ln.amount} would print as "
                             f"{printed}; it cannot be printed to the poisha", to_bangla_digits(
                                 f"{ln.line_no} নম্বর লাইনের টাকা {ln.amount} কার্যাদেশে {printed} ছাপা হতো; পয়সা পর্যন্ত "
                                 "মেলে না"),
                             field=f"lines[{i}].amount", amount=ln.amount, printed=printed)
        out.append({"description": name[:200], "unit": unit[:20], "quantity": qty, "rate": rate})
    return out


def _requisition(uow: UnitOfWork, row: OrderRow) -> RequisitionRow | None:
    rfq = uow.session.get(RfqRow, row.rfq_id) if row.rfq_id else None
    return uow.session.get(RequisitionRow, rfq.requisition_id) if rfq else None


def _project(req: RequisitionRow | None, lang: str) -> str:
    if req is None or req.project_id is None or not _running("projects"):
        return ""
    from vextrus.modules.projects import api as projects

    from .. import MODULE

    with context.calling_as(MODULE):
        p = projects.get_project(req.project_id)
    if p is None:
        return ""
    return ((p.name_bn or p.name) if lang == "bn" else p.name)[:160]


def _delivery(uow: UnitOfWork, row: OrderRow, lines: list[OrderLineRow]) -> date | None:
    """The order date + the longest delivery the vendor quoted for the ordered items (None without a quote)."""
    if row.rfq_id is None:
        return None
    items = {ln.item_id for ln in lines}
    days = [q.delivery_days for q in uow.session.scalars(
        select(QuotationRow).where(QuotationRow.rfq_id == row.rfq_id, QuotationRow.party_id == row.party_id))
        if q.item_id in items]
    return row.order_date + timedelta(days=max(days)) if days else None


def _signatory(lang: str) -> str:
    ctx = context.current()
    if ctx.user_id is None or not _running("auth"):
        return ""
    from vextrus.modules.auth import api as auth

    try:
        u = auth.user(ctx.user_id)
    except DomainError:
        return ""
    if u is None:
        return ""
    return ((u.name_bn or u.name) if lang == "bn" else u.name)[:120]


def _body(row: OrderRow, number: str, lang: str, delivery: date | None) -> str:
    if lang == "bn":
        rev_bn = f" (সংশোধন {to_bangla_digits(str(row.revision))})" if row.revision else ""
        text = f"ক্রয়াদেশ {number}{rev_bn} অনুযায়ী নিচের তফসিলের পণ্য বা কাজ উল্লিখিত দরে সরবরাহ করার জন্য এই কার্যাদেশ দেওয়া হলো।"
        if delivery:
            text += f"\n\nসরবরাহের শেষ তারিখ: {format_date(delivery, 'bn', 'd MMMM y')} (আপনার দরপত্রের সরবরাহকাল অনুযায়ী)।"
        return text
    rev = f" (revision {row.revision})" if row.revision else ""
    text = f"This work order is issued against purchase order {number}{rev}: please supply the goods or work " \
           "in the schedule below at the rates shown."
    if delivery:
        text += f"\n\nDelivery by {format_date(delivery, 'en', 'd MMMM y')} (the delivery time you quoted)."
    return text


@query("procurement.purchase_order.view")
def work_order_data(uow: UnitOfWork, order_id: UUID, lang: str = "en") -> tuple[UUID, str, dict[str, Any]]:
    """(company, order number, the work order's data) of an approved order; a draft or cancelled one is
    refused naming `status`."""
    lang = _lang(lang)
    row = load_order(uow, order_id)
    if row.status not in PRINTABLE:
        state_bn = ORDER_STATUS_BN.get(row.status, row.status)
        raise domain.bad("work_order_not_issued",
                         f"A work order is printed from an approved purchase order; {row.number} is {row.status}",
                         f"শুধু অনুমোদিত ক্রয়াদেশের কার্যাদেশ ছাপা যায়; {to_bangla_digits(row.number)} এখন {state_bn}",
                         field="status", status=row.status)
    lines = order_lines(uow.session, row.id)
    items = _items(lines, lang)
    total = sum((round_places(it["quantity"] * it["rate"], 2) for it in items), Decimal("0.00"))
    if total != row.total:  # the lines' amounts are the order's, so this holds; kept as the promise it is
        raise domain.bad("work_order_total", f"The letter's total {total} differs from the order's {row.total}",
                         to_bangla_digits(f"কার্যাদেশের মোট {total} ক্রয়াদেশের মোট {row.total} থেকে আলাদা"), field="total")
    addressee, address = _vendor(row.party_id, lang, row)
    number = to_bangla_digits(row.number) if lang == "bn" else row.number
    delivery = _delivery(uow, row, lines)
    data = {
        "doc_date": row.order_date, "addressee": addressee[:160], "address": address[:300],
        "subject": f"ক্রয়াদেশ {number}-এর কার্যাদেশ" if lang == "bn" else f"Work order {number}",
        "body": _body(row, number, lang, delivery), "currency": "BDT", "items": items,
        "signatory": _signatory(lang), "designation": "", "project": _project(_requisition(uow, row), lang),
        "completion_date": delivery,
    }
    return row.company_id, row.number, data


def issue_work_order(order_id: UUID, lang: str = "en") -> IssuedWorkOrder:
    """The order's work order letter (.docx), generated once per content and stored by the documents module
    (source `procurement.purchase_order`, the order's id), within the order's company (its letterhead and
    numbering); needs `procurement.purchase_order.view`."""
    from vextrus.modules.documents import api as documents

    from .. import MODULE

    company_id, order_number, data = work_order_data(order_id, lang)
    with context.calling_as(MODULE):
        p = documents.print_document(DOC_TYPE, lang, data, company_id=company_id, source_type=SOURCE_TYPE,
                                     source_id=order_id, filename=f"Work-order-{order_number}-{lang}.docx")
    return IssuedWorkOrder(document_id=p.document_id, number=p.number, sha256=p.sha256, order_number=order_number,
                           lang=lang, filename=p.filename, content=p.content)
