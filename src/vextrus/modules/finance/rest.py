"""REST: /api/v1/finance/... — books, accounts, entries, periods, reports (JSON, CSV, XLSX)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel

from vextrus.platform.errors import NotFound, ValidationFailed
from vextrus.platform.http import idempotency_key
from vextrus.platform.rest import CursorPage, created, cursor_page, version_field

from . import approvals, exports, rest_operations, service
from .service import (
    AccountInput,
    AccountView,
    BookView,
    BulkResult,
    EntryIn,
    EntryView,
    FiscalYearView,
    PeriodView,
    reporting,
)

router = APIRouter()
router.include_router(rest_operations.router)
router.include_router(approvals.router)  # drafts sent for approval (issue 13)


class BookInput(BaseModel):
    code: str
    name: str | None = None
    company_id: UUID | None = None
    fy_start_month: int = 7


class AccountRename(service.AccountUpdate):
    """PATCH an account: its names; `expected_version` (or `version`, the older spelling) is the version you read."""

    version: int | None = version_field()


class ReverseInput(BaseModel):
    reversal_date: date
    narration: str | None = None


class ReasonInput(BaseModel):
    reason: str


_PAGED = ("A cursor page (`first`, `after`); without either, the whole list as an array (the old answer, kept "
          "for one release).")


@router.get("/books", response_model=CursorPage[BookView] | list[BookView], description=_PAGED + " By code.")
def books(first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_books()
    return cursor_page(service.page_books(50 if first is None else first, after))


@router.post("/books", response_model=BookView, status_code=201)
def create_book(body: BookInput, request: Request, response: Response,
                key: str | None = Depends(idempotency_key)) -> BookView:
    """Open the company's book (answers the existing book when it is already open)."""
    view = service.ensure_book(body.code, body.name, body.company_id, fy_start_month=body.fy_start_month,
                               idempotency_key=key)
    created(request, response, view.code)
    return view


@router.get("/books/{book}", response_model=BookView)
def get_book(book: str) -> BookView:
    return service.book_view(book)


@router.get("/books/{book}/accounts", response_model=CursorPage[AccountView] | list[AccountView],
            description=_PAGED + " By code.")
def accounts(book: str, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_accounts(book)
    return cursor_page(service.page_accounts(book, 100 if first is None else first, after))


@router.post("/books/{book}/accounts", response_model=AccountView, status_code=201)
def create_account(book: str, body: AccountInput, request: Request, response: Response,
                   key: str | None = Depends(idempotency_key)) -> AccountView:
    view = service.create_account(book, body, idempotency_key=key)
    created(request, response, view.code)
    return view


@router.get("/books/{book}/accounts/{code}", response_model=AccountView)
def get_account(book: str, code: str) -> AccountView:
    found = next((a for a in service.list_accounts(book) if a.code == code), None)
    if found is None:
        raise NotFound("account", code, field="code")
    return found


@router.patch("/books/{book}/accounts/{code}", response_model=AccountView)
def update_account(book: str, code: str, body: AccountRename,
                   key: str | None = Depends(idempotency_key)) -> AccountView:
    """Rename an account (English/Bangla); pass the `expected_version` you read to refuse overwriting an edit."""
    return service.update_account(book, code, service.AccountUpdate(**body.model_dump()), idempotency_key=key)


@router.post("/books/{book}/accounts/{code}/active", response_model=AccountView)
def set_active(book: str, code: str, active: bool, key: str | None = Depends(idempotency_key)) -> AccountView:
    return service.set_account_active(book, code, active, idempotency_key=key)


@router.get("/books/{book}/fiscal-years", response_model=CursorPage[FiscalYearView] | list[FiscalYearView],
            description=_PAGED + " By start date.")
def fiscal_years(book: str, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_fiscal_years(book)
    return cursor_page(service.page_fiscal_years(book, 50 if first is None else first, after))


@router.post("/books/{book}/fiscal-years/{label}", response_model=FiscalYearView)
def open_year(book: str, label: str, key: str | None = Depends(idempotency_key)) -> FiscalYearView:
    return service.open_fiscal_year(book, label, idempotency_key=key)


@router.post("/books/{book}/periods/{label}/{number}/{action}", response_model=PeriodView)
def period_action(book: str, label: str, number: int, action: str, body: ReasonInput | None = None,
                  key: str | None = Depends(idempotency_key)) -> PeriodView:
    if action == "close":
        return service.close_period(book, label, number, idempotency_key=key)
    if action == "lock":
        return service.lock_period(book, label, number, idempotency_key=key)
    if action == "reopen":
        return service.reopen_period(book, label, number, body.reason if body else "", idempotency_key=key)
    raise ValidationFailed("action_unknown", "Use close, reopen or lock", "close, reopen বা lock দিন", field="action")


@router.get("/books/{book}/entries", response_model=CursorPage[EntryView] | list[EntryView])
def entries(book: str, status: str | None = None, date_from: date | None = None, date_to: date | None = None,
            account: str | None = None, limit: int = 100, offset: int = 0, first: int | None = None,
            after: str | None = None) -> CursorPage[EntryView] | list[EntryView]:
    """With `first`/`after`: a cursor page of the book's entries in creation order, filtered by `status`,
    `date_from`, `date_to` and `account` (repeat the filters with `after`). Without: the filtered list by
    `limit`/`offset` (the older form, kept for one release)."""
    if first is not None or after is not None:
        if offset:
            raise ValidationFailed("cursor_with_offset", "A cursor page (first/after) takes no offset",
                                   "কার্সার পৃষ্ঠা (first/after) offset নেয় না", field="offset")
        return CursorPage[EntryView](**cursor_page(service.page_entries(
            book, 50 if first is None else first, after, status=status, date_from=date_from, date_to=date_to,
            account=account)))
    return service.list_entries(book, status=status, date_from=date_from, date_to=date_to, account=account,
                                limit=min(limit, 500), offset=offset)


@router.get("/books/{book}/entries/{entry}", response_model=EntryView)
def entry(book: str, entry: str) -> EntryView:
    return service.get_entry(book, entry)


@router.post("/books/{book}/entries", response_model=EntryView, status_code=201)
def create_entry(book: str, body: EntryIn, request: Request, response: Response, post: bool = True,
                 key: str | None = Depends(idempotency_key)) -> EntryView:
    view = (service.post_entry if post else service.create_draft)(book, body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.post("/books/{book}/entries/bulk", response_model=BulkResult)
def bulk(book: str, body: list[EntryIn], key: str | None = Depends(idempotency_key)) -> BulkResult:
    return service.post_bulk(book, body, idempotency_key=key)


@router.post("/books/{book}/entries/{entry}/post", response_model=EntryView)
def post_draft(book: str, entry: str, key: str | None = Depends(idempotency_key)) -> EntryView:
    return service.post_draft(book, entry, idempotency_key=key)


@router.post("/books/{book}/entries/{entry}/reverse", response_model=EntryView)
def reverse(book: str, entry: str, body: ReverseInput, key: str | None = Depends(idempotency_key)) -> EntryView:
    return service.reverse_entry(book, entry, body.reversal_date, body.narration, idempotency_key=key)


def _tabular(name: str, fmt: str, header: list[str], rows: list[list[Any]], payload: Any) -> Any:
    if fmt == "csv":
        return Response(exports.to_csv(header, rows), media_type="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt == "xlsx":
        return Response(exports.to_xlsx(name, header, rows),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    return payload


def _dims(cost_centre_id: UUID | None = None, project_id: UUID | None = None, department_id: UUID | None = None,
          party_id: UUID | None = None) -> reporting.Dims:
    return reporting.Dims(cost_centre_id, project_id, department_id, party_id)


def _compared(payload: dict[str, Any], kind: str | None, window: tuple[date, date] | None,
              previous: dict[str, Any] | None) -> dict[str, Any]:
    if window is None or previous is None:
        return payload
    return {**payload, "compare": {"kind": kind, "date_from": window[0], "date_to": window[1], **previous}}


@router.get("/books/{book}/reports/trial-balance")
def trial_balance(book: str, date_from: date | None = None, date_to: date | None = None, format: str = "json",
                  compare: str | None = None, dims: reporting.Dims = Depends(_dims)) -> Any:
    """`compare=period|year` adds the previous window's trial balance (`compare`, and a
    `previous_closing` column in CSV/XLSX)."""
    tb = reporting.trial_balance(book, date_from, date_to, dims)
    win = reporting.comparison_window(compare, tb.date_from, tb.date_to)
    prev = reporting.trial_balance(book, win[0], win[1], dims) if win else None
    payload: Any = tb if prev is None else _compared(tb.model_dump(), compare, win, prev.model_dump())
    return _tabular("trial-balance", format, *exports.trial_balance_table(tb, prev), payload)


def _bs_payload(bs: Any) -> dict[str, Any]:
    return {"assets": bs.assets, "liabilities": bs.liabilities, "equity": bs.equity,
            "current_year_earnings": bs.current_year_earnings, "total_assets": bs.total_assets,
            "total_liabilities_and_equity": bs.total_liabilities_and_equity, "is_balanced": bs.is_balanced}


@router.get("/books/{book}/reports/balance-sheet")
def balance_sheet(book: str, as_of: date | None = None, format: str = "json", compare: str | None = None,
                  dims: reporting.Dims = Depends(_dims), date_to: date | None = None) -> Any:
    """`compare=period|year`: the balance sheet at the end of the previous month(s) or a year earlier.
    `date_to` is taken for `as_of`, so the statements share their query parameters."""
    as_of = as_of or date_to
    bs = reporting.balance_sheet(book, as_of, dims)
    win = reporting.comparison_window(compare, None, reporting.window(book, None, as_of)[1]) if compare else None
    prev = reporting.balance_sheet(book, win[1], dims) if win else None
    payload = _compared(_bs_payload(bs), compare, win, _bs_payload(prev) if prev else None)
    if win:
        payload["compare"]["as_of"] = win[1]
    return _tabular("balance-sheet", format, *exports.statement_table(
        [bs.assets, bs.liabilities, bs.equity], [prev.assets, prev.liabilities, prev.equity] if prev else None),
        payload)


def _is_payload(s: Any) -> dict[str, Any]:
    return {"revenue": s.revenue, "cost_of_sales": s.cost_of_sales, "other_income": s.other_income,
            "operating_expenses": s.operating_expenses, "gross_profit": s.gross_profit, "net_profit": s.net_profit}


def _is_sections(s: Any) -> list[Any]:
    return [s.revenue, s.cost_of_sales, s.other_income, s.operating_expenses]


@router.get("/books/{book}/reports/income-statement")
def income_statement(book: str, date_from: date | None = None, date_to: date | None = None, format: str = "json",
                     compare: str | None = None, dims: reporting.Dims = Depends(_dims)) -> Any:
    """`compare=period|year`: the same statement for the previous window (`compare`, `previous_amount`)."""
    s = reporting.income_statement(book, date_from, date_to, dims)
    win = None
    if compare:
        start, end = reporting.window(book, date_from, date_to)
        win = reporting.comparison_window(compare, start, end)
    p = reporting.income_statement(book, win[0], win[1], dims) if win else None
    payload = _compared(_is_payload(s), compare, win, _is_payload(p) if p else None)
    return _tabular("income-statement", format, *exports.statement_table(
        _is_sections(s), _is_sections(p) if p else None), payload)


def _cf_payload(c: Any) -> dict[str, Any]:
    return {"net_profit": c.net_profit, "non_cash_adjustments": c.non_cash_adjustments,
            "working_capital": c.working_capital, "operating": c.operating, "investing": c.investing,
            "financing": c.financing, "net_change": c.net_change, "opening_cash": c.opening_cash,
            "closing_cash": c.closing_cash, "reconciles": c.reconciles}


@router.get("/books/{book}/reports/cash-flow")
def cash_flow(book: str, date_from: date, date_to: date | None = None, format: str = "json",
              compare: str | None = None) -> Any:
    """`compare=period|year`: the same statement for the previous window (`compare`, `previous_amount`)."""
    end = reporting.window(book, date_from, date_to)[1]
    c = reporting.cash_flow(book, date_from, end)
    win = reporting.comparison_window(compare, date_from, end)
    p = reporting.cash_flow(book, win[0], win[1]) if win else None
    payload = _compared(_cf_payload(c), compare, win, _cf_payload(p) if p else None)
    return _tabular("cash-flow", format, *exports.cash_flow_table(c, p), payload)


@router.get("/books/{book}/reports/general-ledger/{account}", response_model=reporting.GeneralLedgerView)
def general_ledger(book: str, account: str, date_from: date | None = None, date_to: date | None = None,
                   format: str = "json", dims: reporting.Dims = Depends(_dims)) -> Any:
    """`format=csv|xlsx`: the same ledger as a spreadsheet (opening, lines, closing; up to 100,000 lines)."""
    if format not in ("csv", "xlsx"):
        return reporting.general_ledger(book, account, date_from, date_to, dims)
    gl = reporting.general_ledger(book, account, date_from, date_to, dims, limit=exports.GL_EXPORT_LIMIT)
    return _tabular(f"general-ledger-{gl.account_code}", format, *exports.general_ledger_table(gl), gl)


@router.get("/books/{book}/verify", response_model=reporting.VerifyResult)
def verify(book: str) -> reporting.VerifyResult:
    return reporting.verify(book)
