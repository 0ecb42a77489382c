"""RFQs, quotations and the comparative statement (CS): an RFQ to chosen approved vendors for an approved
requisition; each vendor's quotation per item; the CS side by side with the lowest marked; the selection
(a reason when not the lowest or with fewer quotations than the setting asks)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import delete, select

from vextrus.platform import context
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO, round_amount
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import domain, settings
from ..events import VendorsSelected
from ..repository import requisition_lines, rfq_vendors, rfq_view
from ..schemas import (
    ComparativeStatement,
    CsCell,
    CsRow,
    QuotationInput,
    RfqInput,
    RfqView,
    SelectionInput,
)
from ..tables import QuotationRow, RequisitionRow, RfqRow, RfqVendorRow, SelectionRow
from .common import next_number, vendor
from .requisitions import load_requisition
from .scope import requisition_reached

MAX_VENDORS = 20


@command("procurement.rfq.create", scope="procurement.create_rfq")
def create_rfq(uow: UnitOfWork, data: RfqInput) -> RfqView:
    req = load_requisition(uow, data.requisition_id, "requisition_id")
    if req.status != "approved":
        raise domain.bad("requisition_not_approved", f"Requisition {req.number} is {req.status}, not approved",
                         f"অধিযাচন {req.number} অনুমোদিত নয়", field="requisition_id", status=req.status)
    ids = list(dict.fromkeys(data.vendor_ids))
    if not ids or len(ids) > MAX_VENDORS:
        raise domain.bad("vendors_count", f"Choose 1 to {MAX_VENDORS} vendors", f"১ থেকে {to_bangla_digits(str(MAX_VENDORS))} জন বিক্রেতা বাছুন",
                         field="vendor_ids")
    names = [vendor(pid, f"vendor_ids[{i}]") for i, pid in enumerate(ids)]
    tenant = context.require_tenant()
    row = RfqRow(tenant_id=tenant, company_id=req.company_id, requisition_id=req.id,
                 number=next_number(uow, RfqRow, req.company_id, "RFQ"), status="open")
    uow.session.add(row)
    uow.session.flush()
    uow.session.add_all(RfqVendorRow(tenant_id=tenant, rfq_id=row.id, party_id=pid, party_name=n, party_name_bn=bn)
                        for pid, (n, bn) in zip(ids, names, strict=True))
    uow.session.flush()
    return rfq_view(uow.session, row)


@command("procurement.rfq.create", scope="procurement.enter_quotation")
def enter_quotation(uow: UnitOfWork, rfq_id: UUID, data: QuotationInput) -> ComparativeStatement:
    """A vendor's rates for the RFQ's items (replacing what it quoted before); answers the CS."""
    rfq = load_rfq(uow, rfq_id)
    _open(rfq)
    if data.party_id not in {v.party_id for v in rfq_vendors(uow.session, rfq.id)}:
        raise domain.bad("vendor_not_invited", "This vendor was not sent the RFQ", "এই বিক্রেতাকে দরপত্র পাঠানো হয়নি",
                         field="party_id")
    wanted = {ln.item_id for ln in requisition_lines(uow.session, [rfq.requisition_id])[rfq.requisition_id]}
    if not data.lines:
        raise domain.bad("quotation_empty", "A quotation needs at least one rate", "দরে অন্তত একটি লাইন দিন",
                         field="lines")
    quotes, seen = [], set()
    for i, ln in enumerate(data.lines):
        if ln.item_id not in wanted:
            raise domain.bad("item_not_requested", "The requisition does not ask for this item",
                             "অধিযাচনে এই পণ্য নেই", field=f"lines[{i}].item_id")
        if ln.item_id in seen:
            raise domain.bad("item_repeated", "An item appears twice", "একই পণ্য দুবার", field=f"lines[{i}].item_id")
        seen.add(ln.item_id)
        quotes.append(domain.check_quote(domain.Quote(data.party_id, ln.item_id, ln.rate, ln.delivery_days,
                                                      ln.terms.strip()), f"lines[{i}]"))
    s = uow.session
    s.execute(delete(QuotationRow).where(QuotationRow.rfq_id == rfq.id, QuotationRow.party_id == data.party_id))
    tenant = context.require_tenant()
    s.add_all(QuotationRow(tenant_id=tenant, rfq_id=rfq.id, party_id=q.party_id, item_id=q.item_id, rate=q.rate,
                           delivery_days=q.delivery_days, terms=q.terms) for q in quotes)
    touch(rfq)
    s.flush()
    return _statement(uow, rfq)


@query("procurement.rfq.view")
def comparative_statement(uow: UnitOfWork, rfq_id: UUID) -> ComparativeStatement:
    return _statement(uow, load_rfq(uow, rfq_id))


@command("procurement.rfq.update", scope="procurement.select_vendors")
def select_vendors(uow: UnitOfWork, rfq_id: UUID, selections: list[SelectionInput],
                   expected_version: int | None = None) -> ComparativeStatement:
    """The vendor per item (every item of the requisition, once); replaces an earlier selection."""
    rfq = load_rfq(uow, rfq_id)
    check_version(rfq, expected_version, f"RFQ {rfq.number}")
    _open(rfq)
    rows = {r.item_id: r for r in domain.comparative(*_quotes(uow, rfq))}
    given = {}
    for i, sel in enumerate(selections):
        if sel.item_id not in rows or sel.item_id in given:
            raise domain.bad("item_not_requested", "Not an item of the requisition (or named twice)",
                             "অধিযাচনের পণ্য নয় (বা দুবার)", field=f"selections[{i}].item_id")
        given[sel.item_id] = (i, sel)
    missing = [str(k) for k in rows if k not in given]
    if missing:
        raise domain.bad("selection_incomplete", "Select a vendor for every item", "প্রতিটি পণ্যের জন্য বিক্রেতা বাছুন",
                         field="selections", items=", ".join(missing))
    minimum = settings.min_quotations()
    tenant = context.require_tenant()
    chosen = []
    for item_id, (i, sel) in given.items():
        lowest = domain.check_selection(rows[item_id], sel.party_id, sel.reason, minimum, f"selections[{i}]")
        chosen.append(SelectionRow(tenant_id=tenant, rfq_id=rfq.id, item_id=item_id, party_id=sel.party_id,
                                   lowest=lowest, reason=sel.reason.strip()))
    s = uow.session
    s.execute(delete(SelectionRow).where(SelectionRow.rfq_id == rfq.id))
    s.add_all(chosen)
    rfq.status = "selected"
    s.flush()
    uow.emit(VendorsSelected(rfq_id=rfq.id, company_id=rfq.company_id, not_lowest=sum(not c.lowest for c in chosen)))
    return _statement(uow, rfq)


@query("procurement.rfq.view")
def get_rfq(uow: UnitOfWork, rfq_id: UUID) -> RfqView:
    return rfq_view(uow.session, load_rfq(uow, rfq_id))


@query("procurement.rfq.view")
def list_rfqs(uow: UnitOfWork, requisition_id: UUID) -> list[RfqView]:
    load_requisition(uow, requisition_id)
    return [rfq_view(uow.session, r) for r in uow.session.scalars(
        select(RfqRow).where(RfqRow.requisition_id == requisition_id).order_by(RfqRow.number))]


def load_rfq(uow: UnitOfWork, rfq_id: UUID, field: str | None = None) -> RfqRow:
    row = uow.session.get(RfqRow, rfq_id)
    if row is None:
        raise domain.Missing("RFQ", "দরপত্র আহ্বান", rfq_id, field)
    context.require_company(row.company_id, "RFQ", rfq_id)
    if not requisition_reached(uow.session.get(RequisitionRow, row.requisition_id)):  # another project's
        raise domain.Missing("RFQ", "দরপত্র আহ্বান", rfq_id, field)
    return row


def _open(rfq: RfqRow) -> None:
    if rfq.status == "ordered":
        raise domain.bad("rfq_ordered", f"Orders were already made from {rfq.number}",
                         f"{rfq.number} থেকে ক্রয়াদেশ আগেই দেওয়া হয়েছে", field="rfq_id")


def _quotes(uow: UnitOfWork, rfq: RfqRow) -> tuple[list[UUID], list[domain.Quote]]:
    lines = requisition_lines(uow.session, [rfq.requisition_id])[rfq.requisition_id]
    qs = [domain.Quote(q.party_id, q.item_id, q.rate, q.delivery_days, q.terms)
          for q in uow.session.scalars(select(QuotationRow).where(QuotationRow.rfq_id == rfq.id))]
    return [ln.item_id for ln in lines], qs


def _statement(uow: UnitOfWork, rfq: RfqRow) -> ComparativeStatement:
    s = uow.session
    view = rfq_view(s, rfq)
    lines = requisition_lines(s, [rfq.requisition_id])[rfq.requisition_id]
    chosen = {r.item_id: r for r in s.scalars(select(SelectionRow).where(SelectionRow.rfq_id == rfq.id))}
    order = [v.party_id for v in view.vendors]
    totals = [ZERO] * len(order)
    rows = []
    for ln, cs in zip(lines, domain.comparative(*_quotes(uow, rfq)), strict=True):
        by_party = {q.party_id: q for q in cs.quotes}
        cells: list[CsCell | None] = []
        for j, pid in enumerate(order):
            q = by_party.get(pid)
            if q is None:
                cells.append(None)
                continue
            amount = round_amount(q.rate * ln.quantity)
            totals[j] += amount
            cells.append(CsCell(party_id=pid, rate=q.rate, amount=amount, delivery_days=q.delivery_days, terms=q.terms,
                                lowest=pid in cs.lowest))
        sel = chosen.get(ln.item_id)
        rows.append(CsRow(item_id=ln.item_id, item_code=ln.item_code, item_name=ln.item_name, unit=ln.unit,
                          quantity=ln.quantity, cells=cells, quotations=len(cs.quotes), lowest_rate=cs.lowest_rate,
                          selected_party_id=sel.party_id if sel else None, selection_reason=sel.reason if sel else ""))
    return ComparativeStatement(rfq=view, min_quotations=settings.min_quotations(), rows=rows, totals=totals)
