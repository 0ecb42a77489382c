"""Pages of banking (thin: the service decides everything): accounts, the reconciliation screen (import,
suggestions, match buttons, manual match, post a bank-only line) and the report, in English and Bangla."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vextrus.platform import csv_input, forms
from vextrus.platform.errors import DomainError
from vextrus.platform.ids import parse_id
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import render

from . import service
from .schemas import BankAccountInput, MatchInput, PostAndMatchInput

router = APIRouter(prefix="/banking", include_in_schema=False)


def _index(request: Request, status_code: int = 200, error: DomainError | None = None, form: object = None
           ) -> HTMLResponse:
    accounts = service.list_all_accounts()
    if error is not None:
        return forms.refused(request, "banking/index.html", error, form=form, status_code=status_code,
                             accounts=accounts)
    return render(request, "banking/index.html", status_code=status_code, accounts=accounts, error=None,
                  error_field=None, field_errors={}, form={})


@router.get("", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return _index(request)


@router.post("/accounts")
def create_account(request: Request, form: FormBody) -> Response:
    try:
        data = forms.model_from_form(BankAccountInput, form, only=("bank_name", "branch", "account_number",
                                                                   "currency", "ledger_account_code"))
        view = service.create_account(data)
    except DomainError as exc:
        return _index(request, 422, exc, form)
    return RedirectResponse(f"/banking/accounts/{view.id}", status_code=303)


def _screen(request: Request, account_id: UUID, status_code: int = 200, error: DomainError | None = None,
            form: object = None) -> HTMLResponse:
    account = service.get_account(account_id)
    lines = service.statement_lines(account_id)
    values = dict(account=account, lines=lines, statements=service.list_statements(account_id),
                  suggestions=service.suggestions(account_id), book=service.book_lines(account_id))
    if error is not None:
        return forms.refused(request, "banking/account.html", error, form=form, status_code=status_code, **values)
    return render(request, "banking/account.html", status_code=status_code, error=None, error_field=None,
                  field_errors={}, form={}, **values)


@router.get("/accounts/{account_id}", response_class=HTMLResponse)
def account_page(request: Request, account_id: UUID) -> HTMLResponse:
    return _screen(request, account_id)


@router.post("/accounts/{account_id}/statements/import")
def import_statement(request: Request, account_id: UUID, form: FormBody) -> Response:
    upload = form.get("file")
    try:
        if upload is None or isinstance(upload, str):
            from vextrus.platform.errors import ValidationFailed

            raise ValidationFailed("banking.file_missing", "Choose a statement file", "স্টেটমেন্ট ফাইল বেছে নিন",
                                   field="file")
        content = upload.file.read(csv_input.limits()[0] + 1)
        opening = form.get("opening_balance")
        service.import_statement(account_id, upload.filename or "", content,
                                 forms.decimal(opening, "opening_balance") if opening else None)
    except DomainError as exc:
        return _screen(request, account_id, 422, exc, form)
    return RedirectResponse(f"/banking/accounts/{account_id}", status_code=303)


def _account_of_line(account: str) -> UUID:
    return parse_id(account, "account_id")


@router.post("/lines/{line_id}/match")
def match(request: Request, line_id: UUID, form: FormBody) -> Response:
    account_id = _account_of_line(str(form.get("account_id", "")))
    try:
        ids = [parse_id(str(v), "journal_line_ids") for v in form.getlist("journal_line_ids")]
        service.match(MatchInput(statement_line_id=line_id, journal_line_ids=ids))
    except DomainError as exc:
        return _screen(request, account_id, 422, exc, form)
    except ValueError:  # no journal line ticked: the DTO's min_length
        from vextrus.platform.errors import ValidationFailed

        return _screen(request, account_id, 422, ValidationFailed(
            "banking.journal_line_missing", "Tick at least one ledger line", "অন্তত একটি লেজার লাইন বেছে নিন",
            field="journal_line_ids"), form)
    return RedirectResponse(f"/banking/accounts/{account_id}", status_code=303)


@router.post("/lines/{line_id}/unmatch")
def unmatch(request: Request, line_id: UUID, form: FormBody) -> Response:
    account_id = _account_of_line(str(form.get("account_id", "")))
    try:
        service.unmatch(line_id)
    except DomainError as exc:
        return _screen(request, account_id, 422, exc, form)
    return RedirectResponse(f"/banking/accounts/{account_id}", status_code=303)


@router.post("/lines/{line_id}/post-and-match")
def post_and_match(request: Request, line_id: UUID, form: FormBody) -> Response:
    account_id = _account_of_line(str(form.get("account_id", "")))
    try:
        service.post_and_match(PostAndMatchInput(statement_line_id=line_id,
                                                 contra_account_code=str(form.get("contra_account_code", ""))[:40],
                                                 narration=str(form.get("narration", ""))[:500]))
    except DomainError as exc:
        return _screen(request, account_id, 422, exc, form)
    return RedirectResponse(f"/banking/accounts/{account_id}", status_code=303)


@router.get("/accounts/{account_id}/report", response_class=HTMLResponse)
def report(request: Request, account_id: UUID, as_of: str = "") -> HTMLResponse:
    day: date | None = forms.day(as_of, "as_of") if as_of else None
    return render(request, "banking/report.html", account=service.get_account(account_id),
                  report=service.reconciliation_report(account_id, day))
