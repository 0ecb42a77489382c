"""REST: /api/v1/invoicing/... (thin: the service decides everything)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import (
    CompanySettingsInput,
    CompanySettingsView,
    InvoiceAgingView,
    InvoiceCertificateView,
    InvoiceInput,
    InvoicePage,
    InvoicePaymentInput,
    InvoiceView,
    NoteInput,
    NoteView,
    PaymentAllocationInput,
    VatReturnView,
)

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


@router.post("/payments", response_model=list[InvoiceView], status_code=201)
def allocate_payment(body: PaymentAllocationInput, key: str | None = Depends(idempotency_key)) -> list[InvoiceView]:
    """One payment (one journal) allocated to several invoices or bills of one party and kind."""
    return service.allocate_payment(body, idempotency_key=key)


@router.post("/invoices/{invoice_id}/notes", response_model=NoteView, status_code=201)
def issue_note(invoice_id: UUID, body: NoteInput, response: Response,
               key: str | None = Depends(idempotency_key)) -> NoteView:
    """A credit note (Mushak 6.7) or debit note (Mushak 6.8) against the posted invoice, posted at once."""
    note = service.issue_note(invoice_id, body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/invoicing/notes/{note.id}"
    return note


@router.get("/notes/{note_id}", response_model=NoteView)
def get_note(note_id: UUID) -> NoteView:
    return service.get_note(note_id)


@router.get("/certificates", response_model=list[InvoiceCertificateView])
def list_certificates(company_id: UUID, tax: str | None = None,
                      direction: str | None = None) -> list[InvoiceCertificateView]:
    """Deductions at source: VDS (Mushak 6.6) and AIT/TDS, issued to vendors and received from customers."""
    return service.list_certificates(company_id, tax, direction)


@router.get("/companies/{company_id}/settings", response_model=CompanySettingsView)
def get_settings(company_id: UUID) -> CompanySettingsView:
    return service.get_company_settings(company_id)


@router.patch("/companies/{company_id}/settings", response_model=CompanySettingsView)
def set_settings(company_id: UUID, body: CompanySettingsInput,
                 key: str | None = Depends(idempotency_key)) -> CompanySettingsView:
    """Whether the company is a VAT withholding entity, and its accounts by role (only what is sent changes)."""
    return service.set_company_settings(company_id, body, idempotency_key=key)


@router.get("/aging", response_model=InvoiceAgingView)
def aging(company_id: UUID, kind: str = "sales", as_of: date | None = None) -> InvoiceAgingView:
    return service.aging(company_id, kind, as_of or date.today())


@router.get("/vat-return", response_model=VatReturnView)
def vat_return(company_id: UUID, month: str) -> VatReturnView:
    """A preview of the month's VAT return (Mushak 9.1) from posted documents; `month` is YYYY-MM."""
    return service.vat_return(company_id, month)
