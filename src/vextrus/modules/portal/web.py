"""Pages of portal: the customer's own bookings and statements; for staff, the accounts and an invitation."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.forms import model_from_form
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, from_module, locale_of, render

from . import MODULE, service
from .domain import NoPortalAccount
from .schemas import InviteInput

router = APIRouter(prefix="/portal", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def mine(request: Request) -> HTMLResponse:
    """The customer's bookings; staff (who hold every permission but are no customer) are told what the
    page is for, rather than shown an error."""
    try:
        bookings = service.my_bookings()
        contracts = service.my_contracts()
    except NoPortalAccount:
        bookings = contracts = None
    return render(request, "portal/index.html", bookings=bookings, contracts=contracts)


@router.get("/bookings/{booking_id}", response_class=HTMLResponse)
def statement(request: Request, booking_id: UUID) -> HTMLResponse:
    return render(request, "portal/statement.html", st=service.my_statement(booking_id))


def _lang(request: Request, lang: str | None) -> str:
    """`lang` when en or bn, else the page's language (the cookie, else the customer's own)."""
    return lang if lang in ("en", "bn") else locale_of(request)


@router.get("/bookings/{booking_id}/statement.pdf", response_model=None)
def statement_pdf(request: Request, booking_id: UUID, lang: str | None = None) -> Response:
    """The statement of account as a PDF in the page's language (or `lang`)."""
    from .rest import pdf_response

    return pdf_response(service.statement_pdf(booking_id, _lang(request, lang)))


@router.get("/bookings/{booking_id}/receipts/{receipt_id}.pdf", response_model=None)
def receipt_pdf(request: Request, booking_id: UUID, receipt_id: UUID, lang: str | None = None) -> Response:
    from .rest import pdf_response

    return pdf_response(service.receipt_pdf(booking_id, receipt_id, _lang(request, lang)))


@router.get("/bookings/{booking_id}/agreement.pdf", response_model=None)
def agreement_pdf(request: Request, booking_id: UUID, lang: str | None = None) -> Response:
    """The sale agreement of one's own booking in the page's language (or `lang`)."""
    from .rest import pdf_response

    return pdf_response(service.agreement_pdf(booking_id, _lang(request, lang)))


@router.get("/bookings/{booking_id}/final-statement.pdf", response_model=None)
def final_statement_pdf(request: Request, booking_id: UUID, lang: str | None = None) -> Response:
    """The final statement of one's own booking, handed over or cancelled."""
    from .rest import pdf_response

    return pdf_response(service.final_statement_pdf(booking_id, _lang(request, lang)))


@router.get("/contracts/{contract_id}", response_class=HTMLResponse)
def contract(request: Request, contract_id: UUID) -> HTMLResponse:
    return render(request, "portal/contract.html", c=service.my_contract(contract_id))


@router.get("/contracts/{contract_id}/bills/{bill_id}.pdf", response_model=None)
def bill_pdf(request: Request, contract_id: UUID, bill_id: UUID, lang: str | None = None) -> Response:
    """The printed RA bill in the page's language (or `lang`)."""
    from .rest import pdf_response

    return pdf_response(service.bill_pdf(contract_id, bill_id, _lang(request, lang)))


def _customers() -> list:
    """The customers, then the contracts' clients who are not customers (each may be invited)."""
    from vextrus.modules.contracts import api as contracts
    from vextrus.modules.master_data import api as master_data

    with context.calling_as(MODULE):
        found = from_module("master_data", lambda: master_data.search_parties("", role="customer", limit=200)) or []
        known = {p.id for p in found}
        for pid in from_module("contracts", contracts.client_parties) or []:
            if pid not in known:
                party = from_module("master_data", lambda pid=pid: master_data.get_party(pid))
                if party is not None:
                    found.append(party)
    return found


def _accounts_page(request: Request, status_code: int = 200, error: str | None = None,
                   form: dict | None = None) -> HTMLResponse:
    customers = _customers()
    names = {c.id: c for c in customers}
    return render(request, "portal/accounts.html", status_code=status_code, accounts=service.list_accounts(),
                  customers=customers, names=names, error=error, form=form or {})


@router.get("/accounts", response_class=HTMLResponse)
def accounts(request: Request) -> HTMLResponse:
    return _accounts_page(request)


@router.post("/accounts")
def invite(request: Request, form: FormBody) -> Response:
    values = {k: str(form.get(k) or "").strip() for k in ("party_id", "email", "name", "language", "mobile")}
    try:
        service.invite(model_from_form(InviteInput, {k: v for k, v in values.items() if v}),
                       idempotency_key=str(form.get("idempotency_key") or "") or None)
    except DomainError as exc:
        return _accounts_page(request, 422, error_text(request, exc), values)
    return RedirectResponse("/portal/accounts", status_code=303)
