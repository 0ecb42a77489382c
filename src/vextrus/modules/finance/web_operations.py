"""UI pages for the ledger's periodic work: exchange rates (entered, imported from CSV), FX
revaluation, recurring entries (made from a posted entry, paused, posted when due), year-end close."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from vextrus.platform import clock, forms
from vextrus.platform.errors import DomainError
from vextrus.platform.i18n import format_count, format_date
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, locale_of, render

from . import service
from .service import rates

router = APIRouter()


def _date(raw: object, field: str) -> date:
    return forms.day(raw, field, required=True)  # type: ignore[return-value]


def _redirect(url: str) -> HTMLResponse:
    return RedirectResponse(url, status_code=303)  # type: ignore[return-value]


# ---- exchange rates and revaluation --------------------------------------------------------------

def _rates_page(request: Request, book: str, *, error: str | None = None, message: str | None = None,
                status_code: int = 200) -> HTMLResponse:
    currency = (request.query_params.get("currency") or "").strip() or None
    years = service.list_fiscal_years(book)
    ends = [p.end_date for fy in years for p in fy.periods if p.end_date <= clock.today()]
    return render(request, "finance/rates.html", status_code=status_code, book=service.book_view(book),
                  rates=rates.list_rates(book, currency), currency=currency or "", error=error, message=message,
                  today=clock.today(), last_period_end=max(ends) if ends else None)


@router.get("/{book}/rates", response_class=HTMLResponse)
def rates_page(request: Request, book: str) -> HTMLResponse:
    return _rates_page(request, book)


@router.post("/{book}/rates", response_class=HTMLResponse)
def add_rate(request: Request, book: str, form: FormBody) -> HTMLResponse:
    try:
        try:  # a number at all (platform.forms); its sign is the service's rule
            value = forms.decimal(form.get("rate"), "rate", required=True)
        except DomainError:
            raise DomainError("rate_invalid", "An exchange rate must be a positive number",
                              "বিনিময় হার ধনাত্মক হতে হবে", field="rate") from None
        service.set_rate(book, str(form.get("currency") or ""), _date(form.get("rate_date"), "rate_date"), value)
    except DomainError as exc:
        return _rates_page(request, book, error=error_text(request, exc), status_code=422)
    return _redirect(f"/finance/{book}/rates")


@router.post("/{book}/rates/import", response_class=HTMLResponse)
def import_rates(request: Request, book: str, form: FormBody) -> HTMLResponse:
    upload = form.get("file")
    try:
        if upload is None or isinstance(upload, str):
            raise DomainError("file_required", "Choose a CSV file", "একটি CSV ফাইল বেছে নিন", field="file")
        try:
            text = upload.file.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError("file_not_text", "The file is not UTF-8 text", "ফাইলটি UTF-8 লেখা নয়",
                              field="file") from None
        done = rates.import_rates(book, text)
    except DomainError as exc:
        return _rates_page(request, book, error=error_text(request, exc), status_code=422)
    bn = locale_of(request) == "bn"
    span = f"{done.date_from} – {done.date_to}"
    span_bn = f"{format_date(done.date_from, 'bn')} – {format_date(done.date_to, 'bn')}"
    msg = (f"{format_count(done.count, 'bn')}টি হার আমদানি হয়েছে ({', '.join(done.currencies)}; {span_bn})" if bn
           else f"Imported {done.count} rates ({', '.join(done.currencies)}; {span})")
    return _rates_page(request, book, message=msg)


@router.post("/{book}/revaluations", response_class=HTMLResponse)
def revalue(request: Request, book: str, form: FormBody) -> HTMLResponse:
    try:
        e = service.revalue(book, _date(form.get("as_of"), "as_of"))
    except DomainError as exc:
        return _rates_page(request, book, error=error_text(request, exc), status_code=422)
    if e is None:
        bn = locale_of(request) == "bn"
        return _rates_page(request, book, message="পুনর্মূল্যায়নের মতো কোনো বৈদেশিক স্থিতি নেই" if bn
                           else "No foreign-currency balance to revalue")
    return _redirect(f"/finance/{book}/entries/{e.id}")


# ---- recurring entries -----------------------------------------------------------------------------

def _recurring_page(request: Request, book: str, *, error: str | None = None, message: str | None = None,
                    status_code: int = 200) -> HTMLResponse:
    return render(request, "finance/recurring.html", status_code=status_code, book=service.book_view(book),
                  items=service.list_recurring(book), error=error, message=message, today=clock.today())


@router.get("/{book}/recurring", response_class=HTMLResponse)
def recurring_page(request: Request, book: str) -> HTMLResponse:
    return _recurring_page(request, book)


@router.post("/{book}/recurring/run", response_class=HTMLResponse)
def run_due(request: Request, book: str, form: FormBody) -> HTMLResponse:
    try:
        as_of = _date(form.get("as_of"), "as_of")
        numbers = service.generate_recurring(as_of, book)
        reversals = service.process_auto_reversals(book, as_of)
    except DomainError as exc:
        return _recurring_page(request, book, error=error_text(request, exc), status_code=422)
    bn = locale_of(request) == "bn"
    posted = ", ".join(numbers) or "—"
    msg = (f"পোস্ট হয়েছে: {', '.join(numbers) or '—'}; স্বয়ংক্রিয় রিভার্সাল: {format_count(reversals, 'bn')}" if bn
           else f"Posted: {posted}; automatic reversals: {reversals}")
    return _recurring_page(request, book, message=msg)


@router.post("/{book}/recurring/{recurring}/{action}", response_class=HTMLResponse)
def recurring_action(request: Request, book: str, recurring: UUID, action: str) -> HTMLResponse:
    try:
        if action not in ("pause", "resume"):
            raise DomainError("action_unknown", "Use pause or resume", "pause বা resume দিন", field="action")
        service.set_recurring_active(book, recurring, action == "resume")
    except DomainError as exc:
        return _recurring_page(request, book, error=error_text(request, exc), status_code=422)
    return _redirect(f"/finance/{book}/recurring")


@router.post("/{book}/entries/{entry}/recurring", response_class=HTMLResponse)
def make_recurring(request: Request, book: str, entry: str, form: FormBody) -> HTMLResponse:
    try:
        end = str(form.get("end_date") or "")
        service.recurring_from_entry(
            book, entry, str(form.get("name") or ""), _date(form.get("start_date"), "start_date"),
            forms.integer(form.get("interval_months"), "interval_months", label="Every (months)",
                          label_bn="প্রতি (মাস)") or 1, _date(end, "end_date") if end else None)
    except DomainError as exc:
        return _recurring_page(request, book, error=error_text(request, exc), status_code=422)
    return _redirect(f"/finance/{book}/recurring")


# ---- year-end ------------------------------------------------------------------------------------

@router.post("/{book}/years/open", response_class=HTMLResponse)
def open_next_year(request: Request, book: str, form: FormBody) -> HTMLResponse:
    """Opens the year after the latest one (or, in a book with none, the year holding today), so a
    book can reach today's date from the page and not only through REST."""
    from .web import periods

    years = service.list_fiscal_years(book)
    try:
        service.open_fiscal_year(book, max(y.end_date for y in years) + timedelta(days=1) if years else clock.today())
    except DomainError as exc:
        return periods(request, book, error=error_text(request, exc))
    return _redirect(f"/finance/{book}/periods")


@router.post("/{book}/years/{label}/{action}", response_class=HTMLResponse)
def year_action(request: Request, book: str, label: str, action: str, form: FormBody) -> HTMLResponse:
    from .web import periods  # the periods page shows the outcome

    try:
        if action == "close":
            e = service.close_fiscal_year(book, label)
        elif action == "reopen":
            e = service.reopen_fiscal_year(book, label, str(form.get("reason") or ""))
        else:
            raise DomainError("action_unknown", "Use close or reopen", "close বা reopen দিন", field="action")
    except DomainError as exc:
        return periods(request, book, error=error_text(request, exc))
    return _redirect(f"/finance/{book}/entries/{e.id}")
