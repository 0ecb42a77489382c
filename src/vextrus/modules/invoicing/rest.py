"""REST: /api/v1/invoicing/... (thin: the service decides everything)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from vextrus.platform.http import idempotency_key

from . import approvals, payment_approvals, service
from .mushak import RegisterView
from .schemas import (
    AdvanceAllocateInput,
    AdvanceAllocationReverseInput,
    AdvanceInput,
    AdvanceRefundInput,
    AdvanceReverseInput,
    AdvanceView,
    CompanySettingsInput,
    CompanySettingsView,
    InvoiceAgingView,
    InvoiceCancelInput,
    InvoiceCertificateView,
    InvoiceInput,
    InvoicePage,
    InvoicePaymentInput,
    InvoicesPostInput,
    InvoicesPostView,
    InvoiceUpdateInput,
    InvoiceView,
    NoteInput,
    NoteView,
    PartyStatementView,
    PaymentAllocationInput,
    PaymentDraftCancelInput,
    PaymentDraftUpdateInput,
    PaymentDraftView,
    StatementEmailedView,
    StatementEmailInput,
    VatReturnView,
)
from .service import mushak

router = APIRouter()
router.include_router(approvals.router)  # drafts sent for approval (issues 13 and 16)
router.include_router(payment_approvals.router)  # payment drafts sent for approval (issue 13)


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


@router.post("/invoices/post", response_model=InvoicesPostView)
def post_invoices(body: InvoicesPostInput, key: str | None = Depends(idempotency_key)) -> InvoicesPostView:
    """Post many drafts at once (`invoice_ids`, or the company's drafts by `kind` and `date_to`), each as its
    single post would; those that cannot be posted are listed in `refused` with their error and stay drafts."""
    return service.post_invoices(body, idempotency_key=key)


@router.post("/invoices/{invoice_id}/post", response_model=InvoiceView)
def post_invoice(invoice_id: UUID, body: PostBody | None = None,
                 key: str | None = Depends(idempotency_key)) -> InvoiceView:
    """Number the draft and post its journal; `expected_version` refuses a stale post (409)."""
    return service.post_invoice(invoice_id, body.expected_version if body else None, idempotency_key=key)


@router.patch("/invoices/{invoice_id}", response_model=InvoiceView)
def update_invoice(invoice_id: UUID, body: InvoiceUpdateInput,
                   key: str | None = Depends(idempotency_key)) -> InvoiceView:
    """Change a draft (the whole draft, as when created); `expected_version` refuses a stale edit (409); a
    posted one (409 `invoicing.not_draft`) or one waiting for approval (409 `invoicing.invoice_in_approval`)
    is refused."""
    data = InvoiceInput(**body.model_dump(exclude={"expected_version"}))
    return service.update_draft(invoice_id, data, body.expected_version, idempotency_key=key)


@router.post("/invoices/{invoice_id}/cancel", response_model=InvoiceView)
def cancel_invoice(invoice_id: UUID, body: InvoiceCancelInput,
                   key: str | None = Depends(idempotency_key)) -> InvoiceView:
    """Cancel a draft (its waiting approval withdrawn, nothing posted, no number used); a posted invoice is
    cancelled by a credit note (409 `invoicing.not_draft`)."""
    return service.cancel_draft(invoice_id, body.reason, body.expected_version, idempotency_key=key)


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


@router.get("/payment-drafts", response_model=list[PaymentDraftView])
def list_payment_drafts(company_id: UUID, invoice_id: UUID | None = None,
                        open_only: bool = True) -> list[PaymentDraftView]:
    """The company's payment drafts not yet posted or cancelled (`open_only=false`: all), newest first (200 at
    most); `invoice_id`: those allocated to it."""
    return service.list_payment_drafts(company_id, invoice_id, open_only)


@router.post("/payment-drafts", response_model=PaymentDraftView, status_code=201)
def create_payment_draft(body: PaymentAllocationInput, response: Response,
                         key: str | None = Depends(idempotency_key)) -> PaymentDraftView:
    """Save a payment or receipt (as POST /payments takes it) as a draft: checked, nothing posted."""
    d = service.create_payment_draft(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/invoicing/payment-drafts/{d.id}"
    return d


@router.get("/payment-drafts/{draft_id}", response_model=PaymentDraftView)
def get_payment_draft(draft_id: UUID) -> PaymentDraftView:
    return service.get_payment_draft(draft_id)


@router.patch("/payment-drafts/{draft_id}", response_model=PaymentDraftView)
def update_payment_draft(draft_id: UUID, body: PaymentDraftUpdateInput,
                         key: str | None = Depends(idempotency_key)) -> PaymentDraftView:
    """Change a draft (the whole of it); refused once submitted, posted or cancelled (409
    `invoicing.payment_not_draft`) or when stale (409)."""
    data = PaymentAllocationInput(**body.model_dump(exclude={"expected_version"}))
    return service.update_payment_draft(draft_id, data, body.expected_version, idempotency_key=key)


@router.post("/payment-drafts/{draft_id}/cancel", response_model=PaymentDraftView)
def cancel_payment_draft(draft_id: UUID, body: PaymentDraftCancelInput,
                         key: str | None = Depends(idempotency_key)) -> PaymentDraftView:
    """Cancel a draft (a waiting approval is withdrawn; nothing was posted)."""
    return service.cancel_payment_draft(draft_id, body.reason, body.expected_version, idempotency_key=key)


@router.post("/payment-drafts/{draft_id}/post", response_model=PaymentDraftView)
def post_payment_draft(draft_id: UUID, body: PostBody | None = None,
                       key: str | None = Depends(idempotency_key)) -> PaymentDraftView:
    """Post the draft (one journal); one that needs approval only once approved (409
    `invoicing.payment_approval_required`)."""
    return service.post_payment_draft(draft_id, body.expected_version if body else None, idempotency_key=key)


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


@router.get("/statement", response_model=PartyStatementView)
def statement(company_id: UUID, party_id: UUID, kind: str = "sales", date_to: date | None = None,
              date_from: date | None = None) -> PartyStatementView:
    """A customer's (sales) or vendor's (purchase) statement: invoices, notes, payments, advances, their allocations
    and reversals by date with the running balance; closing = open invoices - unallocated advances on date_to."""
    return service.party_statement(company_id, kind, party_id, date_to or date.today(), date_from)


@router.get("/statement.pdf")
def statement_pdf(company_id: UUID, party_id: UUID, kind: str = "sales", date_to: date | None = None,
                  date_from: date | None = None, lang: str = "en") -> Response:
    """The same statement as a PDF (English or Bangla), stored as a document of the company."""
    name, pdf = service.statement_pdf(company_id, kind, party_id, date_to or date.today(), date_from, lang)
    return file_response(pdf, name, "application/pdf", inline=True)


@router.post("/statement/email", response_model=StatementEmailedView)
def email_statement(body: StatementEmailInput, key: str | None = Depends(idempotency_key)) -> StatementEmailedView:
    """E-mail the statement (its PDF attached, in `lang`) to the party's address in master data; a retried
    Idempotency-Key answers the first call and sends nothing more."""
    return service.email_statement(body, idempotency_key=key)


@router.get("/vat-return", response_model=VatReturnView)
def vat_return(company_id: UUID, month: str) -> VatReturnView:
    """A preview of the month's VAT return (Mushak 9.1) from posted documents; `month` is YYYY-MM."""
    return service.vat_return(company_id, month)


def file_response(data: bytes, name: str, media_type: str, inline: bool = False) -> Response:
    """A download (PDF inline when asked) with a safe Content-Disposition (Bangla names kept)."""
    from vextrus.modules.files.api import content_disposition

    disposition = content_disposition(name)
    if inline:
        disposition = "inline" + disposition.removeprefix("attachment")
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/invoices/{invoice_id}/mushak-6.3.pdf")
def mushak_6_3(invoice_id: UUID, lang: str = "en") -> Response:
    """The tax invoice (Mushak 6.3) of a posted sales invoice as a PDF (`lang` en or bn); stored as a document
    once per content, so asking again returns the same file."""
    name, pdf = mushak.mushak_6_3_pdf(invoice_id, lang)
    return file_response(pdf, name, "application/pdf", inline=True)


@router.get("/certificates/{certificate_id}/mushak-6.6.pdf")
def mushak_6_6(certificate_id: UUID, lang: str = "en") -> Response:
    """The VDS certificate (Mushak 6.6) of a VAT deduction the company made paying a vendor, as a PDF."""
    name, pdf = mushak.mushak_6_6_pdf(certificate_id, lang)
    return file_response(pdf, name, "application/pdf", inline=True)


@router.get("/registers/{side}", response_model=RegisterView)
def register(side: str, company_id: UUID, month: str, lang: str = "en") -> RegisterView:
    """The purchase (`purchase`, Mushak 6.1) or sales (`sales`, Mushak 6.2) register of a month (YYYY-MM)."""
    return mushak.register_view(company_id, side, month, lang)


@router.get("/registers/{side}/export")
def register_export(side: str, company_id: UUID, month: str, format: str = "xlsx",  # noqa: A002
                    lang: str = "en") -> Response:
    """The register as XLSX (`format=xlsx`) or CSV (`format=csv`, UTF-8 with BOM)."""
    if format == "csv":
        name, data = mushak.register_csv(company_id, side, month, lang)
        return file_response(data, name, "text/csv; charset=utf-8")
    name, data = mushak.register_xlsx(company_id, side, month, lang)
    return file_response(data, name, XLSX)


@router.get("/advances", response_model=list[AdvanceView])
def list_advances(company_id: UUID, kind: str | None = None, party_id: UUID | None = None,
                  open_only: bool = False) -> list[AdvanceView]:
    """The company's advances paid to vendors (kind purchase) and received from customers (sales), newest first."""
    return service.list_advances(company_id, kind, party_id, open_only)


@router.post("/advances", response_model=AdvanceView, status_code=201)
def record_advance(body: AdvanceInput, response: Response, key: str | None = Depends(idempotency_key)) -> AdvanceView:
    """An advance before the invoice: posted at once (Dr advances to suppliers / Cr bank, or Dr bank / Cr advances
    from customers)."""
    adv = service.record_advance(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/invoicing/advances/{adv.id}"
    return adv


@router.get("/advances/{advance_id}", response_model=AdvanceView)
def get_advance(advance_id: UUID) -> AdvanceView:
    return service.get_advance(advance_id)


@router.get("/advances/{advance_id}/open-invoices", response_model=list[InvoiceView])
def advance_open_invoices(advance_id: UUID) -> list[InvoiceView]:
    """The posted, unpaid invoices or bills of the advance's party it can be allocated to."""
    return service.advance_open_invoices(advance_id)


@router.post("/advances/{advance_id}/allocate", response_model=AdvanceView)
def allocate_advance(advance_id: UUID, body: AdvanceAllocateInput,
                     key: str | None = Depends(idempotency_key)) -> AdvanceView:
    """Apply the advance to posted invoices of its party (each allocation's amount: what it settles of the invoice,
    deductions at source split out as a payment would); 409 when expected_version is stale."""
    return service.allocate_advance(advance_id, body, idempotency_key=key)


@router.post("/advances/{advance_id}/reverse", response_model=AdvanceView)
def reverse_advance(advance_id: UUID, body: AdvanceReverseInput,
                    key: str | None = Depends(idempotency_key)) -> AdvanceView:
    """Reverse an advance nothing was allocated from (a reversing journal)."""
    return service.reverse_advance(advance_id, body.reversed_on, body.reason, body.expected_version,
                                   idempotency_key=key)


@router.post("/advances/{advance_id}/allocations/{allocation_id}/reverse", response_model=AdvanceView)
def reverse_advance_allocation(advance_id: UUID, allocation_id: UUID, body: AdvanceAllocationReverseInput,
                               key: str | None = Depends(idempotency_key)) -> AdvanceView:
    """Undo one allocation of the advance: its journal reversed, the invoice open again, the advance's part back."""
    return service.reverse_advance_allocation(advance_id, allocation_id, body, idempotency_key=key)


@router.post("/advances/{advance_id}/refund", response_model=AdvanceView)
def refund_advance(advance_id: UUID, body: AdvanceRefundInput,
                   key: str | None = Depends(idempotency_key)) -> AdvanceView:
    """Give back part or all of the advance's unallocated remainder (to the client, or by the vendor)."""
    return service.refund_advance(advance_id, body, idempotency_key=key)
