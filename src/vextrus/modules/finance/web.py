"""UI pages: chart-of-accounts tree, journal list and form, periods, reports with a small SVG chart."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from vextrus.platform.errors import DomainError
from vextrus.platform.ui import locale_of, render

from . import reporting, service
from .service import EntryIn, LineIn

router = APIRouter(prefix="/finance", include_in_schema=False)


def _err(request: Request, exc: DomainError) -> str:
    return exc.message_bn if locale_of(request) == "bn" else exc.message


@router.get("", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    books = service.list_books()
    if len(books) == 1:
        return RedirectResponse(f"/finance/{books[0].code}/accounts", status_code=303)  # type: ignore[return-value]
    return render(request, "finance/index.html", books=books)


def _tree(accounts: list[service.AccountView]) -> list[tuple[int, service.AccountView]]:
    children: dict[str | None, list[service.AccountView]] = {}
    codes = {a.code for a in accounts}
    for a in accounts:
        children.setdefault(a.parent_code if a.parent_code in codes else None, []).append(a)
    out: list[tuple[int, service.AccountView]] = []

    def walk(parent: str | None, depth: int) -> None:
        for a in sorted(children.get(parent, []), key=lambda a: a.code):
            out.append((depth, a))
            walk(a.code, depth + 1)

    walk(None, 0)
    return out


@router.get("/{book}/accounts", response_class=HTMLResponse)
def accounts(request: Request, book: str) -> HTMLResponse:
    b = service.book_view(book)
    tb = reporting.trial_balance(book)
    closing = {ln.account_code: ln.closing_debit - ln.closing_credit for ln in tb.lines}
    return render(request, "finance/accounts.html", book=b, tree=_tree(service.list_accounts(book)),
                  closing=closing)


@router.get("/{book}/journal", response_class=HTMLResponse)
def journal(request: Request, book: str, error: str | None = None) -> HTMLResponse:
    b = service.book_view(book)
    return render(request, "finance/journal.html", book=b, entries=service.list_entries(book, limit=100),
                  accounts=[a for a in service.list_accounts(book) if not a.is_group and a.is_active],
                  error=error, today=date.today())


@router.post("/{book}/journal", response_class=HTMLResponse)
async def post_journal(request: Request, book: str) -> HTMLResponse:
    form = await request.form()
    codes, debits, credits, memos = (form.getlist(k) for k in ("account", "debit", "credit", "memo"))
    n = len(codes)
    projects = [str(v).strip() for v in form.getlist("project_id")] + [""] * n
    activities = [str(v).strip() for v in form.getlist("activity_code")] + [""] * n
    try:
        lines = []
        for i, (code, dr, cr, memo) in enumerate(zip(codes, debits, credits, memos, strict=False)):
            if not code and not dr and not cr:
                continue
            try:
                project = UUID(projects[i]) if projects[i] else None
            except ValueError:
                raise DomainError("project_invalid", f"Line {i + 1}: the project id is not valid",
                                  f"লাইন {i + 1}: প্রকল্পের আইডি সঠিক নয়", field=f"lines[{i}].project_id") from None
            try:
                lines.append(LineIn(account_code=str(code), debit=Decimal(str(dr or 0)), credit=Decimal(str(cr or 0)),
                                    memo=str(memo), project_id=project, activity_code=activities[i] or None))
            except InvalidOperation:
                raise DomainError("amount_invalid", f"Line {i + 1}: the amount is not a number",
                                  f"লাইন {i + 1}: অঙ্কটি সংখ্যা নয়", field=f"lines[{i}].debit") from None
        entry = EntryIn(journal_type=str(form.get("journal_type") or "general"),
                        entry_date=date.fromisoformat(str(form.get("entry_date"))),
                        narration=str(form.get("narration") or ""), lines=lines)
        if form.get("action") == "draft":
            service.create_draft(book, entry)
        else:
            service.post_entry(book, entry)
    except (DomainError, ValueError) as exc:
        msg = _err(request, exc) if isinstance(exc, DomainError) else str(exc)
        return journal(request, book, error=msg)
    return RedirectResponse(f"/finance/{book}/journal", status_code=303)  # type: ignore[return-value]


@router.post("/{book}/journal/{entry}/{action}", response_class=HTMLResponse)
async def entry_action(request: Request, book: str, entry: str, action: str) -> HTMLResponse:
    form = await request.form()
    try:
        if action == "post":
            service.post_draft(book, entry)
        elif action == "reverse":
            service.reverse_entry(book, entry, date.fromisoformat(str(form.get("reversal_date") or date.today())))
    except DomainError as exc:
        return journal(request, book, error=_err(request, exc))
    return RedirectResponse(f"/finance/{book}/journal", status_code=303)  # type: ignore[return-value]


@router.get("/{book}/entries/{entry}", response_class=HTMLResponse)
def entry_page(request: Request, book: str, entry: str) -> HTMLResponse:
    return render(request, "finance/entry.html", book=service.book_view(book), e=service.get_entry(book, entry))


@router.get("/{book}/periods", response_class=HTMLResponse)
def periods(request: Request, book: str, error: str | None = None) -> HTMLResponse:
    return render(request, "finance/periods.html", book=service.book_view(book),
                  years=service.list_fiscal_years(book), error=error)


@router.post("/{book}/periods/{label}/{number}/{action}", response_class=HTMLResponse)
async def period_action(request: Request, book: str, label: str, number: int, action: str) -> HTMLResponse:
    form = await request.form()
    try:
        if action == "close":
            service.close_period(book, label, number)
        elif action == "reopen":
            service.reopen_period(book, label, number, str(form.get("reason") or ""))
        elif action == "lock":
            service.lock_period(book, label, number)
    except DomainError as exc:
        return periods(request, book, error=_err(request, exc))
    return RedirectResponse(f"/finance/{book}/periods", status_code=303)  # type: ignore[return-value]


def _bars(items: list[tuple[str, Decimal]]) -> list[dict[str, object]]:
    """Horizontal bar geometry for an inline SVG chart (widths relative to the largest value)."""
    top = max((abs(v) for _, v in items), default=Decimal(1)) or Decimal(1)
    return [{"label": label, "value": v, "width": int(abs(v) / top * 400), "y": i * 28, "negative": v < 0}
            for i, (label, v) in enumerate(items)]


def _amounts(sections: list[Any]) -> dict[str, Decimal]:
    """Account code → amount over statement sections (the comparison column)."""
    return {ln.account_code: ln.amount for sec in sections for ln in sec.lines}


@router.get("/{book}/reports/{kind}", response_class=HTMLResponse)
def report(request: Request, book: str, kind: str, date_from: date | None = None, date_to: date | None = None,
           compare: str | None = None) -> HTMLResponse:
    b = service.book_view(book)
    values: dict[str, object] = {"book": b, "kind": kind, "date_from": date_from, "date_to": date_to,
                                 "compare": compare}
    compare = compare if compare in ("period", "year") else None
    if kind == "trial-balance":
        tb = reporting.trial_balance(book, date_from, date_to)
        values["tb"] = tb
        if compare:
            pf, pt = reporting.previous_window(tb.date_from or date(tb.date_to.year, tb.date_to.month, 1), tb.date_to,
                                               compare)
            prev = reporting.trial_balance(book, pf, pt)
            values["previous"] = {"from": pf, "to": pt}
            values["prev"] = {ln.account_code: ln.closing_debit - ln.closing_credit for ln in prev.lines}
    elif kind == "income-statement":
        s = reporting.income_statement(book, date_from, date_to)
        values["st"] = s
        values["sections"] = [s.revenue, s.cost_of_sales, s.other_income, s.operating_expenses]
        values["bars"] = _bars([("Revenue", s.revenue.total), ("Cost of sales", s.cost_of_sales.total),
                                ("Gross profit", s.gross_profit), ("Operating expenses", s.operating_expenses.total),
                                ("Net profit", s.net_profit)])
        if compare and date_from and date_to:
            pf, pt = reporting.previous_window(date_from, date_to, compare)
            p = reporting.income_statement(book, pf, pt)
            values["previous"] = {"from": pf, "to": pt, "net_profit": p.net_profit}
            values["prev"] = _amounts([p.revenue, p.cost_of_sales, p.other_income, p.operating_expenses])
    elif kind == "balance-sheet":
        s = reporting.balance_sheet(book, date_to)
        values["bs"] = s
        values["sections"] = [s.assets, s.liabilities, s.equity]
        values["bars"] = _bars([("Assets", s.total_assets), ("Liabilities", s.liabilities.total),
                                ("Equity", s.total_equity)])
        if compare:
            end = date_to or max(p.end_date for fy in service.list_fiscal_years(book) for p in fy.periods)
            _, pt = reporting.previous_window(date(end.year, end.month, 1), end, compare)
            p = reporting.balance_sheet(book, pt)
            values["previous"] = {"to": pt, "net_profit": p.current_year_earnings}
            values["prev"] = _amounts([p.assets, p.liabilities, p.equity])
    elif kind == "cash-flow":
        values["cf"] = reporting.cash_flow(book, date_from or date(1900, 1, 1), date_to)
    elif kind == "general-ledger":
        account = request.query_params.get("account") or ""
        values["gl"] = reporting.general_ledger(book, account, date_from, date_to) if account else None
        values["accounts"] = [a for a in service.list_accounts(book) if not a.is_group]
    else:
        raise DomainError("report_unknown", f"Unknown report {kind}", f"অজানা প্রতিবেদন {kind}", field="kind")
    return render(request, "finance/report.html", **values)
