"""REST for the ledger's periodic work: exchange rates (entered or imported), FX revaluation, year-end
close and reopen, recurring entries, plain-text (hledger/Beancount) import and export. Every POST
takes an `Idempotency-Key`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel

from vextrus.platform.background import RunView
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.http import idempotency_key
from vextrus.platform.jobs_http import accepted
from vextrus.platform.request_bounds import RawBody
from vextrus.platform.rest import CursorPage, created, cursor_page

from . import service
from .service import EntryView, RecurringInput, RecurringView, rates
from .service import plaintext as plaintext_io

router = APIRouter()


class RateInput(BaseModel):
    currency: str
    rate_date: date
    rate: Decimal


class RevaluationInput(BaseModel):
    as_of: date
    rates: dict[str, Decimal] | None = None  # default: the book's rate of each currency on `as_of`


class YearAction(BaseModel):
    reason: str = ""


class FromEntryInput(BaseModel):
    entry: str
    name: str
    start_date: date
    interval_months: int = 1
    end_date: date | None = None


class ActiveInput(BaseModel):
    active: bool


class RunDueInput(BaseModel):
    as_of: date


class RunDueResult(BaseModel):
    numbers: list[str]
    reversals: int


_PAGED = ("A cursor page (`first`, `after`); without either, the whole list as an array (the old answer, kept "
          "for one release).")


@router.get("/books/{book}/rates", response_model=CursorPage[rates.RateView] | list[rates.RateView],
            description=_PAGED + " Pages are in the order rates were first entered; the array is newest first.")
def list_rates(book: str, currency: str | None = None, limit: int = 500, first: int | None = None,
               after: str | None = None) -> Any:
    if first is None and after is None:
        return rates.list_rates(book, currency, min(limit, 5000))
    return cursor_page(rates.page_rates(book, currency, 100 if first is None else first, after))


@router.post("/books/{book}/rates", response_model=rates.RateView)
def set_rate(book: str, body: RateInput, key: str | None = Depends(idempotency_key)) -> rates.RateView:
    r = service.set_rate(book, body.currency, body.rate_date, body.rate, idempotency_key=key)
    return rates.RateView(currency=body.currency.strip(), rate_date=body.rate_date, rate=r, source="entered")


@router.post("/books/{book}/rates/import", response_model=rates.RateImport)
def import_rates(book: str, raw: RawBody, key: str | None = Depends(idempotency_key)) -> rates.RateImport:
    """The request body is the CSV text (`currency,date,rate` rows), sent as `text/csv`."""
    return rates.import_rates(book, raw, idempotency_key=key)  # the service decodes (non-UTF-8: 422)


@router.post("/books/{book}/revaluations", response_model=EntryView | None)
def revalue(book: str, body: RevaluationInput, key: str | None = Depends(idempotency_key)) -> EntryView | None:
    """The revaluation entry (reversed the next day), or null when no foreign balance moved."""
    return service.revalue(book, body.as_of, body.rates, idempotency_key=key)


@router.post("/books/{book}/fiscal-years/{label}/close", response_model=EntryView)
def close_year(book: str, label: str, key: str | None = Depends(idempotency_key)) -> EntryView:
    """Year-end: the closing entry that moves income and expense into retained earnings."""
    return service.close_fiscal_year(book, label, idempotency_key=key)


@router.post("/books/{book}/fiscal-years/{label}/reopen", response_model=EntryView)
def reopen_year(book: str, label: str, body: YearAction, key: str | None = Depends(idempotency_key)) -> EntryView:
    """Undo the year-end close: the reversal of its closing entry (the reason is recorded)."""
    return service.reopen_fiscal_year(book, label, body.reason, idempotency_key=key)


@router.get("/books/{book}/recurring", response_model=CursorPage[RecurringView] | list[RecurringView],
            description=_PAGED)
def list_recurring(book: str, first: int | None = None, after: str | None = None) -> Any:
    if first is None and after is None:
        return service.list_recurring(book)
    return cursor_page(service.page_recurring(book, 50 if first is None else first, after))


@router.get("/books/{book}/recurring/{recurring}", response_model=RecurringView)
def get_recurring(book: str, recurring: UUID) -> RecurringView:
    return service.get_recurring(book, recurring)


@router.post("/books/{book}/recurring", response_model=RecurringView, status_code=201)
def create_recurring(request: Request, response: Response, book: str, body: RecurringInput,
                     key: str | None = Depends(idempotency_key)) -> RecurringView:
    view = service.create_recurring(book, body, idempotency_key=key)
    created(request, response, view.id)
    return view


@router.post("/books/{book}/recurring/from-entry", response_model=RecurringView, status_code=201)
def recurring_from_entry(request: Request, response: Response, book: str, body: FromEntryInput,
                         key: str | None = Depends(idempotency_key)) -> RecurringView:
    view = service.recurring_from_entry(book, body.entry, body.name, body.start_date, body.interval_months,
                                        body.end_date, idempotency_key=key)
    created(request, response, view.id, collection=request.url.path.removesuffix("/from-entry"))
    return view


@router.post("/books/{book}/recurring/{recurring}/active", response_model=RecurringView)
def set_recurring_active(book: str, recurring: UUID, body: ActiveInput,
                         key: str | None = Depends(idempotency_key)) -> RecurringView:
    return service.set_recurring_active(book, recurring, body.active, idempotency_key=key)


@router.post("/books/{book}/recurring/run", response_model=RunDueResult)
def run_due(book: str, body: RunDueInput, key: str | None = Depends(idempotency_key)) -> RunDueResult:
    """Post now what is due on or before `as_of` (the daily job does this each morning)."""
    numbers = service.generate_recurring(body.as_of, book, idempotency_key=key)
    return RunDueResult(numbers=numbers, reversals=service.process_auto_reversals(book, body.as_of))


@router.post("/import", response_model=plaintext_io.ImportResult,
             responses={202: {"model": RunView, "description": "Queued as a background run (background=true)"}})
def import_plaintext(raw: RawBody, company: str, format: str = "hledger",  # noqa: A002
                     name: str | None = None, background: bool = False, key: str | None = Depends(idempotency_key)
                     ) -> Any:
    """The body is the journal text (hledger or Beancount); the book is created when missing. All or
    nothing: an error names the line (`field`: `line 42`, message `upload:42: ...`). With
    `background=true` the import is a background run: 202 with `Location: /api/v1/jobs/{id}`, whose
    `result` is this answer (or `error`, the same refusal)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed("body_not_text", "The journal is not UTF-8 text", "জার্নালটি UTF-8 লেখা নয়",
                               field="body") from None
    if background:
        return accepted(plaintext_io.submit_import(text, format, company, name=name, idempotency_key=key))
    return plaintext_io.import_plaintext(text, format, company, source="upload", name=name, idempotency_key=key)


@router.get("/books/{book}/export", response_class=Response)
def export_plaintext(book: str, format: str = "hledger") -> Response:  # noqa: A002
    """The book as an hledger journal or a Beancount file (text)."""
    return Response(plaintext_io.export_plaintext(book, format), media_type="text/plain; charset=utf-8")
