"""The procurement subgraph (reads: requisitions, orders, the comparative statement)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.graphql import Connection, PageInfo, Subgraph
from vextrus.platform.ids import parse_id

from . import approvals, approvals_requisition, service
from .schemas import OrderView, RequisitionView, VendorPerformanceView


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


@strawberry.type(name="ProcurementVendorPerformance")
class VendorPerformance:
    """One vendor's figures over the period (docs/procurement.md "Vendor performance"); decimals as exact
    text, `None` where there is nothing to measure."""

    vendor_id: strawberry.ID
    vendor_name: str
    vendor_name_bn: str
    orders: int
    order_value: str
    deliveries: int
    on_time: int
    late: int
    undated: int
    on_time_pct: str | None
    avg_days_late: str | None
    received: str
    accepted: str
    rejected: str
    rejection_pct: str | None
    billed_at_order_rate: str
    billed_value: str
    price_variance: str
    price_variance_pct: str | None
    quoted: int
    lowest: int
    selected: int
    selected_not_lowest: int
    score: str | None

    @classmethod
    def of(cls, v: VendorPerformanceView) -> VendorPerformance:
        d = v.model_dump()
        return cls(**{k: (strawberry.ID(str(x)) if k == "vendor_id" else str(x) if isinstance(x, Decimal) else x)
                      for k, x in d.items()})


def _day(raw: str | None, field: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed("procurement.date_invalid", f"'{raw}' is not a date", f"'{raw}' তারিখ নয়",
                               field=field) from None


@strawberry.type
class ProcurementQuery:
    @strawberry.field
    def procurement_vendor_performance(self, company_id: strawberry.ID | None = None, date_from: str | None = None,
                                       date_to: str | None = None, project_id: strawberry.ID | None = None,
                                       store_id: strawberry.ID | None = None) -> list[VendorPerformance]:
        """Vendors best score first over the period (dates YYYY-MM-DD; default the last 365 days)."""
        r = service.vendor_performance(
            parse_id(company_id, "company_id") if company_id else None, _day(date_from, "date_from"),
            _day(date_to, "date_to"), parse_id(project_id, "project_id") if project_id else None,
            parse_id(store_id, "store_id") if store_id else None)
        return [VendorPerformance.of(v) for v in r.vendors]

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
    def create_procurement_requisition_from_suggestions(
            self, company_id: strawberry.ID, store_id: strawberry.ID, item_ids: list[strawberry.ID],
            requested_on: date | None = None, needed_by: date | None = None, note: str = "",
            idempotency_key: str | None = None) -> Requisition:
        """A DRAFT requisition of a site store from chosen reorder suggestions, each at its suggested quantity."""
        from .schemas import RequisitionFromSuggestionsInput

        data = RequisitionFromSuggestionsInput(
            company_id=parse_id(company_id, "company_id"), store_id=parse_id(store_id, "store_id"),
            item_ids=[parse_id(i, f"item_ids[{n}]") for n, i in enumerate(item_ids)], requested_on=requested_on,
            needed_by=needed_by, note=note)
        return Requisition.of(service.create_requisition_from_suggestions(data, idempotency_key=idempotency_key))

    @strawberry.mutation
    def approve_procurement_requisition(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                                        idempotency_key: str | None = None) -> Requisition:
        return Requisition.of(service.approve_requisition(parse_id(id, "id"), expected_version,
                                                          idempotency_key=idempotency_key))

    @strawberry.mutation
    def submit_procurement_requisition_for_approval(self, id: strawberry.ID,  # noqa: A002
                                                    idempotency_key: str | None = None) -> OrderApproval:
        """Send a requisition to the requisition approval workflow; on approval procurement approves it."""
        inst = approvals_requisition.submit_requisition_for_approval(parse_id(id, "id"),
                                                                     idempotency_key=idempotency_key)
        return OrderApproval(id=strawberry.ID(str(inst.id)), status=inst.status, definition_code=inst.definition_code,
                             steps=[t.step_key for t in inst.tasks])

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
