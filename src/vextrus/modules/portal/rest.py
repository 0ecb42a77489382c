"""REST: /api/v1/portal/... (thin: the service decides everything)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from vextrus.modules.sales.api import CustomerStatement
from vextrus.platform.http import idempotency_key

from . import service
from .schemas import InviteInput, PortalAccountView, PortalBookingSummary

router = APIRouter()


@router.get("/bookings", response_model=list[PortalBookingSummary])
def my_bookings(as_of: date | None = None) -> list[PortalBookingSummary]:
    """The signed-in customer's own bookings (a customer's sign-in only)."""
    return service.my_bookings(as_of)


@router.get("/bookings/{booking_id}", response_model=CustomerStatement)
def my_statement(booking_id: UUID, as_of: date | None = None) -> CustomerStatement:
    """One of the customer's own bookings as a statement; another buyer's answers 404."""
    return service.my_statement(booking_id, as_of)


@router.get("/accounts", response_model=list[PortalAccountView])
def list_accounts(party_id: UUID | None = None) -> list[PortalAccountView]:
    return service.list_accounts(party_id)


@router.post("/accounts", response_model=PortalAccountView, status_code=201)
def invite(body: InviteInput, response: Response, key: str | None = Depends(idempotency_key)) -> PortalAccountView:
    """Invite a customer party's contact: a sign-in with the customer role and an invitation link."""
    account = service.invite(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/portal/accounts?party_id={account.party_id}"
    return account
