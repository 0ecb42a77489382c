"""REST: /api/v1/sales/... (thin: the service decides everything)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from vextrus.platform.http import idempotency_key
from vextrus.platform.rest import created

from . import service
from .schemas import (
    AgreementInput,
    BookingInput,
    BookingPage,
    BookingView,
    BuildingInput,
    BuildingPage,
    BuildingView,
    CancelInput,
    CollectionsReport,
    CustomerStatement,
    FinalStatement,
    HandoverInput,
    PriceInput,
    ReceiptInput,
    ReceiptView,
    RegistrationInput,
    SalesByProject,
    SalesPriceView,
    SalesUnitView,
    SchedulePreview,
    TransferInput,
    UnitGrid,
    UnitInput,
    UnitPage,
    UnitStatusChange,
)

router = APIRouter()
BASE = "/api/v1/sales"


@router.get("/buildings", response_model=BuildingPage)
def list_buildings(project_id: UUID | None = None, first: int = 50, after: str | None = None) -> BuildingPage:
    return service.list_buildings(project_id, first, after)


@router.post("/buildings", response_model=BuildingView, status_code=201)
def create_building(body: BuildingInput, request: Request, response: Response,
                    key: str | None = Depends(idempotency_key)) -> BuildingView:
    view = service.create_building(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/buildings/{building_id}", response_model=BuildingView)
def get_building(building_id: UUID) -> BuildingView:
    return service.get_building(building_id)


@router.get("/buildings/{building_id}/grid", response_model=UnitGrid)
def unit_grid(building_id: UUID) -> UnitGrid:
    """The availability grid: floors (top first) × units with their status, and counts by status."""
    return service.unit_grid(building_id)


@router.get("/buildings/{building_id}/units", response_model=UnitPage)
def list_units(building_id: UUID, first: int = 50, after: str | None = None) -> UnitPage:
    return service.list_units(building_id, first, after)


@router.post("/units", response_model=SalesUnitView, status_code=201)
def create_unit(body: UnitInput, request: Request, response: Response,
                key: str | None = Depends(idempotency_key)) -> SalesUnitView:
    view = service.create_unit(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/units/{unit_id}", response_model=SalesUnitView)
def get_unit(unit_id: UUID) -> SalesUnitView:
    return service.get_unit(unit_id)


@router.get("/units/{unit_id}/price", response_model=Decimal)
def unit_price(unit_id: UUID, on: date) -> Decimal:
    """The unit's price on the project's price list of that day."""
    return service.price_of_unit(unit_id, on)


@router.post("/units/{unit_id}/status", response_model=SalesUnitView)
def change_unit_status(unit_id: UUID, body: UnitStatusChange, key: str | None = Depends(idempotency_key)) -> SalesUnitView:
    """Hold a unit, release a hold, or release a cancelled unit (`held` or `available`)."""
    return service.change_unit_status(unit_id, body.status, body.expected_version, idempotency_key=key)


@router.post("/prices", response_model=SalesPriceView, status_code=201)
def set_price(body: PriceInput, request: Request, response: Response,
              key: str | None = Depends(idempotency_key)) -> SalesPriceView:
    view = service.set_price(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/prices/{price_id}", response_model=SalesPriceView)
def get_price(price_id: UUID) -> SalesPriceView:
    return service.get_price(price_id)


@router.get("/projects/{project_id}/prices", response_model=list[SalesPriceView])
def price_lists(project_id: UUID) -> list[SalesPriceView]:
    return service.price_lists(project_id)


@router.get("/bookings", response_model=BookingPage)
def list_bookings(project_id: UUID | None = None, buyer_party_id: UUID | None = None, first: int = 50,
                  after: str | None = None) -> BookingPage:
    return service.list_bookings(project_id, buyer_party_id, first, after)


@router.post("/bookings/preview", response_model=SchedulePreview)
def preview_schedule(body: BookingInput) -> SchedulePreview:
    """The schedule the booking would get; nothing is stored."""
    return service.preview_schedule(body)


@router.post("/bookings", response_model=BookingView, status_code=201)
def create_booking(body: BookingInput, request: Request, response: Response,
                   key: str | None = Depends(idempotency_key)) -> BookingView:
    view = service.create_booking(body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.get("/bookings/{booking_id}", response_model=BookingView)
def get_booking(booking_id: UUID) -> BookingView:
    return service.get_booking(booking_id)


@router.post("/bookings/{booking_id}/agreement", response_model=BookingView)
def sign_agreement(booking_id: UUID, body: AgreementInput, key: str | None = Depends(idempotency_key)) -> BookingView:
    return service.sign_agreement(booking_id, body, idempotency_key=key)


@router.post("/bookings/{booking_id}/transfer", response_model=BookingView)
def transfer_booking(booking_id: UUID, body: TransferInput, key: str | None = Depends(idempotency_key)) -> BookingView:
    return service.transfer_booking(booking_id, body, idempotency_key=key)


@router.post("/bookings/{booking_id}/cancel", response_model=BookingView)
def cancel_booking(booking_id: UUID, body: CancelInput, key: str | None = Depends(idempotency_key)) -> BookingView:
    return service.cancel_booking(booking_id, body, idempotency_key=key)


@router.post("/bookings/{booking_id}/registration", response_model=BookingView)
def register_booking(booking_id: UUID, body: RegistrationInput, key: str | None = Depends(idempotency_key)) -> \
        BookingView:
    return service.register_booking(booking_id, body, idempotency_key=key)


@router.post("/bookings/{booking_id}/handover", response_model=BookingView)
def hand_over(booking_id: UUID, body: HandoverInput, key: str | None = Depends(idempotency_key)) -> BookingView:
    return service.hand_over(booking_id, body, idempotency_key=key)


@router.post("/bookings/{booking_id}/receipts", response_model=ReceiptView, status_code=201)
def post_receipt(booking_id: UUID, body: ReceiptInput, response: Response,
                 key: str | None = Depends(idempotency_key)) -> ReceiptView:
    view = service.post_receipt(booking_id, body, idempotency_key=key)
    response.headers["Location"] = f"{BASE}/receipts/{view.id}"
    return view


@router.get("/receipts/{receipt_id}", response_model=ReceiptView)
def get_receipt(receipt_id: UUID) -> ReceiptView:
    return service.get_receipt(receipt_id)


@router.get("/bookings/{booking_id}/statement", response_model=CustomerStatement)
def customer_statement(booking_id: UUID, as_of: date) -> CustomerStatement:
    return service.customer_statement(booking_id, as_of)


@router.get("/bookings/{booking_id}/final-statement", response_model=FinalStatement)
def final_statement(booking_id: UUID) -> FinalStatement:
    """A booking's final statement at its handover or cancellation (409 `sales.not_closed` before)."""
    return service.final_statement(booking_id)


def pdf_response(printed: service.PrintedDocument) -> Response:
    """A stored document's PDF shown in the browser (`X-Document-Id`, `X-Document-Number`)."""
    from vextrus.modules.files.api import content_disposition

    disposition = "inline" + content_disposition(printed.filename).removeprefix("attachment")
    return Response(printed.content, media_type="application/pdf", headers={
        "Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
        "X-Document-Id": str(printed.document_id), "X-Document-Number": printed.number})


@router.get("/bookings/{booking_id}/agreement.pdf")
def agreement_pdf(booking_id: UUID, lang: str = "en") -> Response:
    """The booking's sale agreement as a PDF (en or bn), stored as a document once per content."""
    return pdf_response(service.agreement_pdf(booking_id, lang))


@router.get("/bookings/{booking_id}/final-statement.pdf")
def final_statement_pdf(booking_id: UUID, lang: str = "en") -> Response:
    """The final statement of a booking handed over or cancelled as a PDF (en or bn)."""
    return pdf_response(service.final_statement_pdf(booking_id, lang))


@router.get("/by-project.csv")
def sales_by_project_csv(lang: str = "en") -> Response:
    """Sales by project as a CSV download (headings in `lang`, en or bn; a total row last)."""
    from vextrus.modules.files.api import content_disposition

    name, data = service.sales_by_project_csv(lang)
    return Response(data, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": content_disposition(name), "X-Content-Type-Options": "nosniff"})


@router.get("/by-project", response_model=SalesByProject)
def sales_by_project() -> SalesByProject:
    return service.sales_by_project()


@router.get("/collections", response_model=CollectionsReport)
def collections_report(as_of: date, project_id: UUID | None = None, horizon_days: int | None = None,
                       limit: int = 200) -> CollectionsReport:
    """Instalments owed on live bookings by age (overdue 1–30, 31–90, 91+ days) and due within the horizon."""
    return service.collections_report(as_of, project_id, horizon_days, limit)
