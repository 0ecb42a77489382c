"""REST: /api/v1/portal/... (thin: the service decides everything)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from vextrus.modules.sales.api import CustomerStatement
from vextrus.platform.http import idempotency_key

from . import service
from .schemas import InviteInput, PortalAccountView, PortalBookingSummary, PortalContract

router = APIRouter()


@router.get("/bookings", response_model=list[PortalBookingSummary])
def my_bookings(as_of: date | None = None) -> list[PortalBookingSummary]:
    """The signed-in customer's own bookings (a customer's sign-in only)."""
    return service.my_bookings(as_of)


@router.get("/bookings/{booking_id}", response_model=CustomerStatement)
def my_statement(booking_id: UUID, as_of: date | None = None) -> CustomerStatement:
    """One of the customer's own bookings as a statement; another buyer's answers 404."""
    return service.my_statement(booking_id, as_of)


def pdf_response(printed: service.PrintedDocument) -> Response:
    """A stored document's PDF shown in the browser (`X-Document-Id`, `X-Document-Number`)."""
    from vextrus.modules.files.api import content_disposition

    disposition = "inline" + content_disposition(printed.filename).removeprefix("attachment")
    return Response(printed.content, media_type="application/pdf", headers={
        "Content-Disposition": disposition, "X-Content-Type-Options": "nosniff",
        "X-Document-Id": str(printed.document_id), "X-Document-Number": printed.number})


@router.get("/bookings/{booking_id}/statement.pdf")
def my_statement_pdf(booking_id: UUID, lang: str | None = None, as_of: date | None = None) -> Response:
    """The statement of account of one of the customer's own bookings as a PDF (`lang` en or bn; default the
    customer's language); stored as a document once per content."""
    return pdf_response(service.statement_pdf(booking_id, lang, as_of))


@router.get("/bookings/{booking_id}/receipts/{receipt_id}.pdf")
def my_receipt_pdf(booking_id: UUID, receipt_id: UUID, lang: str | None = None) -> Response:
    """A money receipt of one of the customer's own bookings as a PDF."""
    return pdf_response(service.receipt_pdf(booking_id, receipt_id, lang))


@router.get("/bookings/{booking_id}/agreement.pdf")
def my_agreement_pdf(booking_id: UUID, lang: str | None = None) -> Response:
    """The sale agreement of one of the customer's own bookings as a PDF (`lang` en or bn)."""
    return pdf_response(service.agreement_pdf(booking_id, lang))


@router.get("/bookings/{booking_id}/final-statement.pdf")
def my_final_statement_pdf(booking_id: UUID, lang: str | None = None) -> Response:
    """The final statement of one of the customer's own bookings, once handed over or cancelled (409 before)."""
    return pdf_response(service.final_statement_pdf(booking_id, lang))


@router.get("/contracts", response_model=list[PortalContract])
def my_contracts() -> list[PortalContract]:
    """The signed-in client's construction contracts with billed, received, outstanding and retention held."""
    return service.my_contracts()


@router.get("/contracts/{contract_id}", response_model=PortalContract)
def my_contract(contract_id: UUID) -> PortalContract:
    """One of the client's own contracts with its RA bills and their receipts; another's answers 404."""
    return service.my_contract(contract_id)


@router.get("/contracts/{contract_id}/bills/{bill_id}.pdf")
def my_bill_pdf(contract_id: UUID, bill_id: UUID, lang: str | None = None) -> Response:
    """The printed RA bill of one of the client's own certified or posted bills."""
    return pdf_response(service.bill_pdf(contract_id, bill_id, lang))


@router.get("/accounts", response_model=list[PortalAccountView])
def list_accounts(party_id: UUID | None = None) -> list[PortalAccountView]:
    return service.list_accounts(party_id)


@router.post("/accounts", response_model=PortalAccountView, status_code=201)
def invite(body: InviteInput, response: Response, key: str | None = Depends(idempotency_key)) -> PortalAccountView:
    """Invite a customer party's contact: a sign-in with the customer role and an invitation link."""
    account = service.invite(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/portal/accounts?party_id={account.party_id}"
    return account
