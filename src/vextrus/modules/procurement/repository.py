"""ORM <-> views of procurement: one query per document's lines, one per page."""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import domain
from .schemas import (
    BillMatchView,
    GrnLineView,
    GrnView,
    MismatchView,
    OrderLineView,
    OrderRevisionView,
    OrderView,
    RequisitionLineView,
    RequisitionView,
    RfqVendorView,
    RfqView,
)
from .tables import (
    BillMatchRow,
    GrnLineRow,
    GrnRow,
    OrderLineRow,
    OrderRevisionRow,
    OrderRow,
    RequisitionLineRow,
    RequisitionRow,
    RfqRow,
    RfqVendorRow,
)


def requisition_lines(s: Session, ids: list[UUID]) -> dict[UUID, list[RequisitionLineRow]]:
    out: dict[UUID, list[RequisitionLineRow]] = defaultdict(list)
    if ids:
        for r in s.scalars(select(RequisitionLineRow).where(RequisitionLineRow.requisition_id.in_(ids))
                           .order_by(RequisitionLineRow.line_no)):
            out[r.requisition_id].append(r)
    return out


def requisition_view(row: RequisitionRow, lines: list[RequisitionLineRow]) -> RequisitionView:
    return RequisitionView(
        id=row.id, company_id=row.company_id, number=row.number, store_id=row.store_id, project_id=row.project_id,
        activity_code=row.activity_code, requested_on=row.requested_on, status=row.status, reason=row.reason,
        note=row.note, version=row.version,
        lines=[RequisitionLineView(line_no=ln.line_no, item_id=ln.item_id, item_code=ln.item_code,
                                   item_name=ln.item_name, unit=ln.unit, quantity=ln.quantity, needed_by=ln.needed_by,
                                   boq_line=ln.boq_line) for ln in lines])


def rfq_vendors(s: Session, rfq_id: UUID) -> list[RfqVendorRow]:
    return list(s.scalars(select(RfqVendorRow).where(RfqVendorRow.rfq_id == rfq_id).order_by(RfqVendorRow.party_name,
                                                                                            RfqVendorRow.party_id)))


def rfq_view(s: Session, row: RfqRow) -> RfqView:
    return RfqView(id=row.id, company_id=row.company_id, requisition_id=row.requisition_id, number=row.number,
                   status=row.status, version=row.version,
                   vendors=[RfqVendorView(party_id=v.party_id, name=v.party_name, name_bn=v.party_name_bn,
                                          sent_at=v.sent_at, sent_to=v.sent_to)
                            for v in rfq_vendors(s, row.id)])


def order_lines(s: Session, order_id: UUID) -> list[OrderLineRow]:
    return list(s.scalars(select(OrderLineRow).where(OrderLineRow.order_id == order_id).order_by(OrderLineRow.line_no)))


def domain_lines(rows: list[OrderLineRow]) -> list[domain.OrderLine]:
    return [domain.OrderLine(r.item_id, r.quantity, r.rate, r.accepted, r.billed) for r in rows]


def order_view(s: Session, row: OrderRow, history: bool = True) -> OrderView:
    revs = (s.scalars(select(OrderRevisionRow).where(OrderRevisionRow.order_id == row.id)
                      .order_by(OrderRevisionRow.revision)) if history else [])
    return OrderView(
        id=row.id, company_id=row.company_id, rfq_id=row.rfq_id, number=row.number, party_id=row.party_id,
        party_name=row.party_name, party_name_bn=row.party_name_bn, store_id=row.store_id, order_date=row.order_date, status=row.status,
        revision=row.revision, total=row.total, reason=row.reason, version=row.version,
        lines=[OrderLineView(line_no=ln.line_no, item_id=ln.item_id, item_code=ln.item_code, item_name=ln.item_name,
                             quantity=ln.quantity, rate=ln.rate, amount=ln.amount, accepted=ln.accepted,
                             billed=ln.billed, received_value=ln.received_value, cleared_value=ln.cleared_value)
               for ln in order_lines(s, row.id)],
        history=[OrderRevisionView(revision=r.revision, total=r.total, reason=r.reason, revised_by=r.revised_by,
                                   lines=r.lines) for r in revs])


def grn_view(s: Session, row: GrnRow) -> GrnView:
    lines = s.scalars(select(GrnLineRow).where(GrnLineRow.grn_id == row.id).order_by(GrnLineRow.line_no))
    return GrnView(id=row.id, company_id=row.company_id, order_id=row.order_id, number=row.number,
                   store_id=row.store_id, receipt_date=row.receipt_date, challan_no=row.challan_no,
                   vehicle_no=row.vehicle_no, value=row.value,
                   lines=[GrnLineView(line_no=ln.line_no, item_id=ln.item_id, received=ln.received,
                                      accepted=ln.accepted, rejected=ln.rejected, move_id=ln.move_id) for ln in lines])


def bill_view(row: BillMatchRow) -> BillMatchView:
    return BillMatchView(id=row.id, company_id=row.company_id, order_id=row.order_id, reference=row.reference,
                         bill_date=row.bill_date, status=row.status, net=row.net,
                         reasons=[MismatchView(**r) for r in row.reasons], invoice_id=row.invoice_id)
