"""REST: /api/v1/procurement/... (thin: the service decides everything)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from vextrus.modules.documents import api as documents
from vextrus.modules.files.api import FileView
from vextrus.modules.workflow.api import InstanceView
from vextrus.platform.http import idempotency_key
from vextrus.platform.rest import created

from . import approvals, approvals_requisition, service
from .schemas import (
    BillInput,
    BillMatchView,
    ComparativeStatement,
    GrnInput,
    GrnView,
    OrderPage,
    OrderRevisionInput,
    OrderView,
    QuotationInput,
    RequisitionFromSuggestionsInput,
    RequisitionInput,
    RequisitionPage,
    RequisitionView,
    RfqInput,
    RfqSentView,
    RfqView,
    SelectionInput,
    VendorPerformanceDetail,
    VendorPerformanceReport,
)

router = APIRouter()


class VersionBody(BaseModel):
    expected_version: int | None = None


class ReasonBody(VersionBody):
    reason: str = Field(default="", max_length=500)


class SelectionBody(VersionBody):
    selections: list[SelectionInput]


class OrdersBody(BaseModel):
    order_date: date


class RevisionBody(OrderRevisionInput):
    expected_version: int | None = None


# ---- requisitions


@router.get("/requisitions", response_model=RequisitionPage)
def list_requisitions(company_id: UUID, first: int = 50, after: str | None = None,
                      status: str | None = None) -> RequisitionPage:
    return service.list_requisitions(company_id, first, after, status)


@router.post("/requisitions", response_model=RequisitionView, status_code=201)
def create_requisition(body: RequisitionInput, request: Request, response: Response,
                       key: str | None = Depends(idempotency_key)) -> RequisitionView:
    view = service.create_requisition(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.post("/requisitions/from-suggestions", response_model=RequisitionView, status_code=201)
def create_requisition_from_suggestions(body: RequisitionFromSuggestionsInput, request: Request, response: Response,
                                        key: str | None = Depends(idempotency_key)) -> RequisitionView:
    """A DRAFT requisition of a site store from chosen reorder suggestions (inventory's
    `GET /api/v1/inventory/reorder-suggestions`), each at its suggested quantity."""
    view = service.create_requisition_from_suggestions(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/requisitions/{requisition_id}", response_model=RequisitionView)
def get_requisition(requisition_id: UUID) -> RequisitionView:
    return service.get_requisition(requisition_id)


@router.post("/requisitions/{requisition_id}/submit", response_model=RequisitionView)
def submit_requisition(requisition_id: UUID, body: VersionBody | None = None,
                       key: str | None = Depends(idempotency_key)) -> RequisitionView:
    return service.submit_requisition(requisition_id, (body or VersionBody()).expected_version, idempotency_key=key)


@router.post("/requisitions/{requisition_id}/approve", response_model=RequisitionView)
def approve_requisition(requisition_id: UUID, body: VersionBody | None = None,
                        key: str | None = Depends(idempotency_key)) -> RequisitionView:
    return service.approve_requisition(requisition_id, (body or VersionBody()).expected_version, idempotency_key=key)


@router.post("/requisitions/{requisition_id}/reject", response_model=RequisitionView)
def reject_requisition(requisition_id: UUID, body: ReasonBody,
                       key: str | None = Depends(idempotency_key)) -> RequisitionView:
    return service.reject_requisition(requisition_id, body.reason, body.expected_version, idempotency_key=key)


@router.post("/requisitions/{requisition_id}/submit-for-approval", response_model=InstanceView)
def submit_requisition_for_approval(requisition_id: UUID,
                                    key: str | None = Depends(idempotency_key)) -> InstanceView:
    """Send a requisition to the requisition approval workflow (when it says the requisition needs approval);
    once approved, procurement approves the requisition. Answers the approval (`/workflow/instances/{id}`)."""
    return approvals_requisition.submit_requisition_for_approval(requisition_id, idempotency_key=key)


@router.post("/requisitions/{requisition_id}/cancel", response_model=RequisitionView)
def cancel_requisition(requisition_id: UUID, body: ReasonBody,
                       key: str | None = Depends(idempotency_key)) -> RequisitionView:
    """Cancel a requisition not yet approved (a reason); its waiting approval is withdrawn with it."""
    return service.cancel_requisition(requisition_id, body.reason, body.expected_version, idempotency_key=key)


# ---- RFQs, quotations, the CS


@router.post("/rfqs", response_model=RfqView, status_code=201)
def create_rfq(body: RfqInput, request: Request, response: Response,
               key: str | None = Depends(idempotency_key)) -> RfqView:
    view = service.create_rfq(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/rfqs/{rfq_id}", response_model=RfqView)
def get_rfq(rfq_id: UUID) -> RfqView:
    return service.get_rfq(rfq_id)


@router.get("/rfqs/{rfq_id}/vendors/{vendor_id}/pdf")
def rfq_pdf(rfq_id: UUID, vendor_id: UUID, lang: str = "en") -> Response:
    """The RFQ's letter to one of its vendors as a PDF (`lang` en or bn), stored as a document once per content
    (`X-Document-Id`, `X-Document-Number`); a GET like the work order: idempotent by content."""
    return rfq_pdf_response(service.issue_rfq_pdf(rfq_id, vendor_id, lang))


class SendBody(BaseModel):
    lang: str = "en"


@router.post("/rfqs/{rfq_id}/vendors/{vendor_id}/send", response_model=RfqSentView)
def send_rfq(rfq_id: UUID, vendor_id: UUID, body: SendBody | None = None,
             key: str | None = Depends(idempotency_key)) -> RfqSentView:
    """E-mail the RFQ's PDF to the vendor's address in master data (queued in notifications' outbox; a
    retried Idempotency-Key answers the first send, nothing is queued again)."""
    return service.send_rfq(rfq_id, vendor_id, (body or SendBody()).lang, idempotency_key=key)


def rfq_pdf_response(issued: service.IssuedRfq) -> Response:
    from vextrus.modules.files.api import content_disposition

    return Response(issued.content, media_type="application/pdf", headers={
        "Content-Disposition": content_disposition(issued.filename), "X-Content-Type-Options": "nosniff",
        "X-Document-Id": str(issued.document_id), "X-Document-Number": issued.number})


@router.get("/rfqs/{rfq_id}/comparative-statement", response_model=ComparativeStatement)
def comparative_statement(rfq_id: UUID) -> ComparativeStatement:
    """The CS: per item each invited vendor's rate side by side (null: not quoted), the lowest marked."""
    return service.comparative_statement(rfq_id)


@router.post("/rfqs/{rfq_id}/quotations", response_model=ComparativeStatement)
def enter_quotation(rfq_id: UUID, body: QuotationInput,
                    key: str | None = Depends(idempotency_key)) -> ComparativeStatement:
    """A vendor's rates (replacing its earlier ones); answers the CS."""
    return service.enter_quotation(rfq_id, body, idempotency_key=key)


@router.post("/rfqs/{rfq_id}/select", response_model=ComparativeStatement)
def select_vendors(rfq_id: UUID, body: SelectionBody,
                   key: str | None = Depends(idempotency_key)) -> ComparativeStatement:
    return service.select_vendors(rfq_id, body.selections, body.expected_version, idempotency_key=key)


@router.post("/rfqs/{rfq_id}/orders", response_model=list[OrderView], status_code=201)
def create_orders(rfq_id: UUID, body: OrdersBody, key: str | None = Depends(idempotency_key)) -> list[OrderView]:
    """One draft purchase order per selected vendor (each at `/orders/{id}`)."""
    return service.create_orders(rfq_id, body.order_date, idempotency_key=key)


# ---- purchase orders


@router.get("/orders", response_model=OrderPage)
def list_orders(company_id: UUID, first: int = 50, after: str | None = None, status: str | None = None) -> OrderPage:
    return service.list_orders(company_id, first, after, status)


@router.get("/orders/{order_id}", response_model=OrderView)
def get_order(order_id: UUID) -> OrderView:
    return service.get_order(order_id)


@router.post("/orders/{order_id}/approve", response_model=OrderView)
def approve_order(order_id: UUID, body: VersionBody | None = None,
                  key: str | None = Depends(idempotency_key)) -> OrderView:
    return service.approve_order(order_id, (body or VersionBody()).expected_version, idempotency_key=key)


@router.post("/orders/{order_id}/submit-for-approval", response_model=InstanceView)
def submit_order_for_approval(order_id: UUID, key: str | None = Depends(idempotency_key)) -> InstanceView:
    """Send a draft order to the purchase order approval workflow (when it says the order needs approval);
    once approved, procurement approves the order. Answers the approval (`/workflow/instances/{id}`)."""
    return approvals.submit_order(order_id, idempotency_key=key)


@router.post("/orders/{order_id}/revise", response_model=OrderView)
def revise_order(order_id: UUID, body: RevisionBody, key: str | None = Depends(idempotency_key)) -> OrderView:
    data = OrderRevisionInput.model_validate(body.model_dump(exclude={"expected_version"}))
    return service.revise_order(order_id, data, body.expected_version, idempotency_key=key)


@router.post("/orders/{order_id}/cancel", response_model=OrderView)
def cancel_order(order_id: UUID, body: ReasonBody, key: str | None = Depends(idempotency_key)) -> OrderView:
    return service.cancel_order(order_id, body.reason, body.expected_version, idempotency_key=key)


@router.get("/orders/{order_id}/work-order")
def work_order(order_id: UUID, lang: str = "en") -> Response:
    """The order's work order letter as a Word file (`lang` en or bn), for an approved order; stored as a
    document once per content, so asking again returns the same file (`X-Document-Id`, `X-Document-Number`)."""
    return work_order_response(service.issue_work_order(order_id, lang))


def work_order_response(issued: service.IssuedWorkOrder) -> Response:
    from vextrus.modules.files.api import content_disposition

    return Response(issued.content, media_type=documents.DOCX_CONTENT_TYPE, headers={
        "Content-Disposition": content_disposition(issued.filename), "X-Content-Type-Options": "nosniff",
        "X-Document-Id": str(issued.document_id), "X-Document-Number": issued.number})


@router.get("/orders/{order_id}/receipts", response_model=list[GrnView])
def list_grns(order_id: UUID) -> list[GrnView]:
    return service.list_grns(order_id)


@router.get("/orders/{order_id}/bills", response_model=list[BillMatchView])
def list_bill_matches(order_id: UUID) -> list[BillMatchView]:
    return service.list_bill_matches(order_id)


# ---- goods receipt notes, vendor bills


@router.post("/receipts", response_model=GrnView, status_code=201)
def receive_goods(body: GrnInput, request: Request, response: Response,
                  key: str | None = Depends(idempotency_key)) -> GrnView:
    view = service.receive_goods(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/receipts/{grn_id}", response_model=GrnView)
def get_grn(grn_id: UUID) -> GrnView:
    return service.get_grn(grn_id)


@router.get("/receipts/{grn_id}/photos", response_model=list[FileView])
def list_grn_photos(grn_id: UUID) -> list[FileView]:
    """The GRN's photos (files: name, sniffed type, size, thumbnail; content at /api/v1/files/{id}/content)."""
    return service.list_grn_photos(grn_id)


@router.post("/receipts/{grn_id}/photos/import", response_model=FileView, status_code=201)
async def attach_grn_photo(grn_id: UUID, request: Request, name: str | None = None,
                           key: str | None = Depends(idempotency_key)) -> FileView:
    """One photo onto the GRN: the raw body is the image (streamed to files; its type sniffed from the bytes:
    JPEG, PNG, GIF or WebP, else 422 `procurement.grn_photo_not_image`), `?name=` its display name."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(service.attach_grn_photo, grn_id, name, body_chunks(request), key)


def body_chunks(request: Request) -> Iterator[bytes]:
    """The request body as a blocking iterator for a worker thread (as files' REST reads uploads): each chunk is
    pulled from the event loop as the client sends it, never held whole in memory or on disk."""
    import anyio.from_thread

    stream: AsyncIterator[bytes] = request.stream().__aiter__()
    while True:
        try:
            chunk = anyio.from_thread.run(stream.__anext__)
        except StopAsyncIteration:
            return
        if chunk:
            yield chunk


@router.post("/bills", response_model=BillMatchView)
def match_bill(body: BillInput, key: str | None = Depends(idempotency_key)) -> BillMatchView:
    """The 3-way match: 200 with `status` matched (and the drafted `invoice_id`) or blocked (with `reasons`)."""
    return service.match_bill(body, idempotency_key=key)


# ---- vendor performance (docs/procurement.md "Vendor performance")


@router.get("/vendor-performance", response_model=VendorPerformanceReport)
def vendor_performance(company_id: UUID | None = None, date_from: date | None = Query(None, alias="from"),
                       date_to: date | None = Query(None, alias="to"), project_id: UUID | None = None,
                       store_id: UUID | None = None) -> VendorPerformanceReport:
    """Per vendor over the period (default: the last 365 days to today): orders, deliveries on time and late,
    quantities rejected, price variance of matched bills, quotes against the lowest, and a score."""
    return service.vendor_performance(company_id, date_from, date_to, project_id, store_id)


@router.get("/vendor-performance/export")
def vendor_performance_export(company_id: UUID | None = None, date_from: date | None = Query(None, alias="from"),
                              date_to: date | None = Query(None, alias="to"), project_id: UUID | None = None,
                              store_id: UUID | None = None, format: str = "csv",  # noqa: A002
                              lang: str = "en") -> Response:
    """The table as CSV or XLSX (`format`), headers in English or Bangla (`lang`)."""
    report = service.vendor_performance(company_id, date_from, date_to, project_id, store_id)
    return file_response(*service.vendor_performance_file(report, format, lang))


def file_response(name: str, media_type: str, content: bytes) -> Response:
    from vextrus.modules.files.api import content_disposition

    return Response(content, media_type=media_type, headers={"Content-Disposition": content_disposition(name),
                                                             "X-Content-Type-Options": "nosniff"})


@router.get("/vendor-performance/{vendor_id}", response_model=VendorPerformanceDetail)
def vendor_performance_detail(vendor_id: UUID, company_id: UUID | None = None,
                              date_from: date | None = Query(None, alias="from"),
                              date_to: date | None = Query(None, alias="to"), project_id: UUID | None = None,
                              store_id: UUID | None = None) -> VendorPerformanceDetail:
    """One vendor's figures with the orders, GRN lines and matched bill lines behind them."""
    return service.vendor_performance_detail(vendor_id, company_id, date_from, date_to, project_id, store_id)
