"""The procurement subgraph (reads: requisitions, orders, the comparative statement)."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Connection, PageInfo, Subgraph
from vextrus.platform.ids import parse_id

from . import approvals, service
from .schemas import OrderView, RequisitionView


@strawberry.type(name="ProcurementRequisitionLine")
class RequisitionLine:
    line_no: int
    item_id: strawberry.ID
    item_code: str
    item_name: str
    unit: str
    quantity: str  # exact decimal as text
    needed_by: str


@strawberry.federation.type(keys=["id"], name="ProcurementRequisition")
class Requisition:
    id: strawberry.ID
    company_id: strawberry.ID
    number: str
    status: str
    requested_on: str
    reason: str
    version: int
    lines: list[RequisitionLine]

    @classmethod
    def of(cls, v: RequisitionView) -> Requisition:
        return cls(id=strawberry.ID(str(v.id)), company_id=strawberry.ID(str(v.company_id)), number=v.number,
                   status=v.status, requested_on=v.requested_on.isoformat(), reason=v.reason, version=v.version,
                   lines=[RequisitionLine(line_no=ln.line_no, item_id=strawberry.ID(str(ln.item_id)),
                                          item_code=ln.item_code, item_name=ln.item_name, unit=ln.unit,
                                          quantity=str(ln.quantity), needed_by=ln.needed_by.isoformat())
                          for ln in v.lines])

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Requisition:  # noqa: A002
        return cls.of(service.get_requisition(parse_id(id, "id")))


@strawberry.type(name="ProcurementOrderLine")
class OrderLine:
    line_no: int
    item_code: str
    quantity: str
    rate: str
    amount: str
    accepted: str
    billed: str


@strawberry.federation.type(keys=["id"], name="ProcurementOrder")
class Order:
    id: strawberry.ID
    company_id: strawberry.ID
    number: str
    party_id: strawberry.ID
    party_name: str
    status: str
    revision: int
    total: str
    version: int
    lines: list[OrderLine]

    @classmethod
    def of(cls, v: OrderView) -> Order:
        return cls(id=strawberry.ID(str(v.id)), company_id=strawberry.ID(str(v.company_id)), number=v.number,
                   party_id=strawberry.ID(str(v.party_id)), party_name=v.party_name, status=v.status,
                   revision=v.revision, total=str(v.total), version=v.version,
                   lines=[OrderLine(line_no=ln.line_no, item_code=ln.item_code, quantity=str(ln.quantity),
                                    rate=str(ln.rate), amount=str(ln.amount), accepted=str(ln.accepted),
                                    billed=str(ln.billed)) for ln in v.lines])

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Order:  # noqa: A002
        return cls.of(service.get_order(parse_id(id, "id")))


@strawberry.type(name="ProcurementCsCell")
class CsCell:
    party_id: strawberry.ID
    rate: str
    amount: str
    delivery_days: int
    lowest: bool


@strawberry.type(name="ProcurementCsRow")
class CsRow:
    item_code: str
    quantity: str
    quotations: int
    lowest_rate: str | None
    selected_party_id: strawberry.ID | None
    selection_reason: str
    cells: list[CsCell | None]


@strawberry.type(name="ProcurementWorkOrder")
class WorkOrder:
    """A work order letter (Word) issued from an order, stored by the documents module."""

    document_id: strawberry.ID
    number: str
    order_number: str
    lang: str
    sha256: str
    download_path: str  # the .docx: GET /api/v1/documents/{id}/docx


@strawberry.type(name="ProcurementRfqLetter")
class RfqLetter:
    """An RFQ's letter (PDF) to one vendor, stored by the documents module; `sent` when it was e-mailed."""

    document_id: strawberry.ID
    number: str
    rfq_number: str
    lang: str
    sha256: str
    download_path: str  # the PDF: GET /api/v1/procurement/rfqs/{id}/vendors/{vendor_id}/pdf?lang=
    sent: bool


@strawberry.type
class ProcurementQuery:
    @strawberry.field
    def procurement_requisitions(self, company_id: strawberry.ID, first: int = 50,
                                 after: str | None = None) -> Connection[Requisition]:
        page = service.list_requisitions(parse_id(company_id, "company_id"), first, after)
        return Connection(nodes=[Requisition.of(v) for v in page.items],
                          page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))

    @strawberry.field
    def procurement_orders(self, company_id: strawberry.ID, first: int = 50,
                           after: str | None = None) -> Connection[Order]:
        page = service.list_orders(parse_id(company_id, "company_id"), first, after)
        return Connection(nodes=[Order.of(v) for v in page.items],
                          page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))

    @strawberry.field
    def procurement_comparative_statement(self, rfq_id: strawberry.ID) -> list[CsRow]:
        cs = service.comparative_statement(parse_id(rfq_id, "rfq_id"))
        return [CsRow(item_code=r.item_code, quantity=str(r.quantity), quotations=r.quotations,
                      lowest_rate=None if r.lowest_rate is None else str(r.lowest_rate),
                      selected_party_id=strawberry.ID(str(r.selected_party_id)) if r.selected_party_id else None,
                      selection_reason=r.selection_reason,
                      cells=[None if c is None else CsCell(party_id=strawberry.ID(str(c.party_id)), rate=str(c.rate),
                                                           amount=str(c.amount), delivery_days=c.delivery_days,
                                                           lowest=c.lowest) for c in r.cells])
                for r in cs.rows]


@strawberry.type(name="ProcurementOrderApproval")
class OrderApproval:
    """The approval an order was sent to (`/workflow/instances/{id}`)."""

    id: strawberry.ID
    status: str
    definition_code: str
    steps: list[str]


@strawberry.type
class ProcurementMutation:
    @strawberry.mutation
    def approve_procurement_requisition(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                                        idempotency_key: str | None = None) -> Requisition:
        return Requisition.of(service.approve_requisition(parse_id(id, "id"), expected_version,
                                                          idempotency_key=idempotency_key))

    @strawberry.mutation
    def approve_procurement_order(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                                  idempotency_key: str | None = None) -> Order:
        return Order.of(service.approve_order(parse_id(id, "id"), expected_version, idempotency_key=idempotency_key))

    @strawberry.mutation
    def submit_procurement_order_for_approval(self, id: strawberry.ID,  # noqa: A002
                                              idempotency_key: str | None = None) -> OrderApproval:
        """Send a draft order to the purchase order approval workflow; on approval procurement approves it."""
        inst = approvals.submit_order(parse_id(id, "id"), idempotency_key=idempotency_key)
        return OrderApproval(id=strawberry.ID(str(inst.id)), status=inst.status, definition_code=inst.definition_code,
                             steps=[t.step_key for t in inst.tasks])


    @strawberry.mutation
    def issue_procurement_work_order(self, id: strawberry.ID, lang: str = "en") -> WorkOrder:  # noqa: A002
        """The approved order's work order letter (stored once per content: the same order, language and
        content give back the same document)."""
        w = service.issue_work_order(parse_id(id, "id"), lang)
        return WorkOrder(document_id=strawberry.ID(str(w.document_id)), number=w.number, order_number=w.order_number,
                         lang=w.lang, sha256=w.sha256, download_path=f"/api/v1/documents/{w.document_id}/docx")

    @strawberry.mutation
    def issue_procurement_rfq(self, id: strawberry.ID, vendor_id: strawberry.ID, lang: str = "en",  # noqa: A002
                              send: bool = False, idempotency_key: str | None = None) -> RfqLetter:
        """The RFQ's letter to one vendor (stored once per content); `send: true` also e-mails it with the
        PDF attached to the vendor's address in master data."""
        rfq_id, party_id = parse_id(id, "id"), parse_id(vendor_id, "vendor_id")
        w = (service.send_rfq(rfq_id, party_id, lang, idempotency_key=idempotency_key) if send
             else service.issue_rfq_pdf(rfq_id, party_id, lang))
        return RfqLetter(document_id=strawberry.ID(str(w.document_id)), number=w.number, rfq_number=w.rfq_number,
                         lang=w.lang, sha256=w.sha256, sent=send,
                         download_path=f"/api/v1/procurement/rfqs/{rfq_id}/vendors/{party_id}/pdf?lang={w.lang}")


SUBGRAPH = Subgraph(query=ProcurementQuery, mutation=ProcurementMutation, types=(Requisition, Order))
