"""REST: /api/v1/invoicing/... (thin: the service decides everything)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import InvoiceAgingView, InvoiceInput, InvoicePage, InvoicePaymentInput, InvoiceView

router = APIRouter()


class PostBody(BaseModel):
    expected_version: int | None = None


@router.get("/invoices", response_model=InvoicePage)
def list_invoices(company_id: UUID, kind: str | None = None, first: int = 50, after: str | None = None) -> InvoicePage:
    return service.list_invoices(company_id, kind, first, after)


@router.get("/invoices/{invoice_id}", response_model=InvoiceView)
def get_invoice(invoice_id: UUID) -> InvoiceView:
    return service.get_invoice(invoice_id)


@router.post("/invoices", response_model=InvoiceView, status_code=201)
def create_invoice(body: InvoiceInput, response: Response, key: str | None = Depends(idempotency_key)) -> InvoiceView:
    inv = service.create_invoice(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/invoicing/invoices/{inv.id}"
    return inv


@router.post("/invoices/{invoice_id}/post", response_model=InvoiceView)
def post_invoice(invoice_id: UUID, body: PostBody | None = None,
                 key: str | None = Depends(idempotency_key)) -> InvoiceView:
    """Number the draft and post its journal; `expected_version` refuses a stale post (409)."""
    return service.post_invoice(invoice_id, body.expected_version if body else None, idempotency_key=key)


@router.post("/invoices/{invoice_id}/payments", response_model=InvoiceView, status_code=201)
def record_payment(invoice_id: UUID, body: InvoicePaymentInput, response: Response,
                   key: str | None = Depends(idempotency_key)) -> InvoiceView:
    inv = service.record_payment(invoice_id, body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/invoicing/invoices/{inv.id}"
    return inv


@router.get("/aging", response_model=InvoiceAgingView)
def aging(company_id: UUID, kind: str = "sales", as_of: date | None = None) -> InvoiceAgingView:
    return service.aging(company_id, kind, as_of or date.today())
