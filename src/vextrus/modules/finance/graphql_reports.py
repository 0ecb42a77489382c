"""Financial statements in the finance subgraph: trial balance, income statement, balance sheet,
cash flow and general ledger, each with an optional comparison window (`compare: "period" | "year"`)
and a drill-down from any statement line to the ledger lines behind it (`StatementLine.entries`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import strawberry

from .service import reporting

ZERO = Decimal(0)


@strawberry.type
class ComparedWindow:
    """The window the `previous*` figures come from."""

    kind: str
    date_from: date | None
    date_to: date


@strawberry.type
class LedgerLine:
    entry_id: strawberry.ID
    number: str | None
    entry_date: date
    narration: str
    memo: str
    commodity: str
    quantity: Decimal
    debit: Decimal
    credit: Decimal
    balance: Decimal


@strawberry.type
class GeneralLedger:
    account_code: str
    name: str
    opening: Decimal
    closing: Decimal
    lines: list[LedgerLine]
    truncated: bool

    @classmethod
    def of(cls, gl: reporting.GeneralLedgerView) -> GeneralLedger:
        return cls(account_code=gl.account_code, name=gl.name, opening=gl.opening, closing=gl.closing,
                   truncated=gl.truncated,
                   lines=[LedgerLine(**{**ln.model_dump(), "entry_id": strawberry.ID(str(ln.entry_id))})
                          for ln in gl.lines])


@strawberry.input
class DimensionFilter:
    cost_centre_id: UUID | None = None
    project_id: UUID | None = None
    department_id: UUID | None = None
    party_id: UUID | None = None


def _dims(f: DimensionFilter | None) -> reporting.Dims:
    return reporting.NO_DIMS if f is None else reporting.Dims(f.cost_centre_id, f.project_id, f.department_id,
                                                              f.party_id)


@strawberry.type
class StatementLine:
    account_code: str
    name: str
    amount: Decimal
    previous_amount: Decimal | None
    # where the figure came from, for the drill-down
    book: strawberry.Private[str]
    window: strawberry.Private[tuple[date | None, date]]
    dims: strawberry.Private[reporting.Dims]

    @strawberry.field(description="The ledger lines behind this figure (the account over the report's window)")
    def entries(self, limit: int = 500) -> GeneralLedger:
        return GeneralLedger.of(reporting.general_ledger(self.book, self.account_code, self.window[0],
                                                         self.window[1], self.dims, limit=min(max(limit, 1), 5000)))


@strawberry.type
class StatementSection:
    key: str
    lines: list[StatementLine]
    total: Decimal
    previous_total: Decimal | None


def _section(s: Any, prev: Any, book: str, window: tuple[date | None, date],  # noqa: ANN401
             dims: reporting.Dims) -> StatementSection:
    before = {ln.account_code: ln.amount for ln in prev.lines} if prev is not None else None
    return StatementSection(
        key=s.key, total=s.total, previous_total=prev.total if prev is not None else None,
        lines=[StatementLine(account_code=ln.account_code, name=ln.name, amount=ln.amount,
                             previous_amount=before.get(ln.account_code, ZERO) if before is not None else None,
                             book=book, window=window, dims=dims) for ln in s.lines])


def _sections(current: Sequence[Any], previous: Sequence[Any] | None, book: str,
              window: tuple[date | None, date], dims: reporting.Dims) -> list[StatementSection]:
    prev = {s.key: s for s in previous} if previous is not None else {}
    return [_section(s, prev.get(s.key) if previous is not None else None, book, window, dims) for s in current]


def _compared(kind: str | None, window: tuple[date, date] | None) -> ComparedWindow | None:
    return ComparedWindow(kind=kind or "", date_from=window[0], date_to=window[1]) if window else None


# ---- trial balance -----------------------------------------------------------------------------

@strawberry.type
class TrialBalanceLine:
    account_code: str
    name: str
    account_type: str
    opening_debit: Decimal
    opening_credit: Decimal
    debit: Decimal
    credit: Decimal
    closing_debit: Decimal
    closing_credit: Decimal
    previous_closing: Decimal | None = None  # debit positive, in the comparison window


@strawberry.type
class TrialBalance:
    date_from: date | None
    date_to: date
    lines: list[TrialBalanceLine]
    total_debit: Decimal
    total_credit: Decimal
    is_balanced: bool
    compared_with: ComparedWindow | None = None


def trial_balance(book: str, date_from: date | None = None, date_to: date | None = None,
                  compare: str | None = None, dimensions: DimensionFilter | None = None) -> TrialBalance:
    dims = _dims(dimensions)
    tb = reporting.trial_balance(book, date_from, date_to, dims)
    win = reporting.comparison_window(compare, tb.date_from, tb.date_to)
    prev = None
    if win:
        p = reporting.trial_balance(book, win[0], win[1], dims)
        prev = {ln.account_code: ln.closing_debit - ln.closing_credit for ln in p.lines}
    return TrialBalance(
        date_from=tb.date_from, date_to=tb.date_to, total_debit=tb.totals.closing_debit,
        total_credit=tb.totals.closing_credit, is_balanced=tb.is_balanced, compared_with=_compared(compare, win),
        lines=[TrialBalanceLine(**ln.model_dump(), previous_closing=prev.get(ln.account_code, ZERO)
                                if prev is not None else None) for ln in tb.lines])


# ---- income statement, balance sheet, cash flow ------------------------------------------------

@strawberry.type
class IncomeStatement:
    date_from: date | None
    date_to: date
    revenue: StatementSection
    cost_of_sales: StatementSection
    other_income: StatementSection
    operating_expenses: StatementSection
    gross_profit: Decimal
    net_profit: Decimal
    previous_net_profit: Decimal | None
    compared_with: ComparedWindow | None


def income_statement(book: str, date_from: date | None = None, date_to: date | None = None,
                     compare: str | None = None, dimensions: DimensionFilter | None = None) -> IncomeStatement:
    dims = _dims(dimensions)
    start, end = reporting.window(book, date_from, date_to)
    s = reporting.income_statement(book, start, end, dims)
    win = reporting.comparison_window(compare, start, end)
    p = reporting.income_statement(book, win[0], win[1], dims) if win else None
    keys = ("revenue", "cost_of_sales", "other_income", "operating_expenses")
    secs = _sections([getattr(s, k) for k in keys], [getattr(p, k) for k in keys] if p else None, book,
                     (start, end), dims)
    return IncomeStatement(date_from=start, date_to=end, **dict(zip(keys, secs, strict=True)),
                           gross_profit=s.gross_profit, net_profit=s.net_profit,
                           previous_net_profit=p.net_profit if p else None, compared_with=_compared(compare, win))


@strawberry.type
class BalanceSheet:
    as_of: date
    assets: StatementSection
    liabilities: StatementSection
    equity: StatementSection
    current_year_earnings: Decimal
    total_assets: Decimal
    total_liabilities_and_equity: Decimal
    is_balanced: bool
    previous_current_year_earnings: Decimal | None
    compared_with: ComparedWindow | None


def balance_sheet(book: str, as_of: date | None = None, compare: str | None = None,
                  dimensions: DimensionFilter | None = None) -> BalanceSheet:
    dims = _dims(dimensions)
    _, end = reporting.window(book, None, as_of)
    bs = reporting.balance_sheet(book, end, dims)
    win = reporting.comparison_window(compare, None, end)
    p = reporting.balance_sheet(book, win[1], dims) if win else None
    keys = ("assets", "liabilities", "equity")
    # a balance-sheet figure is a balance: its drill-down is the account's whole history to `as_of`
    secs = _sections([getattr(bs, k) for k in keys], [getattr(p, k) for k in keys] if p else None, book,
                     (None, end), dims)
    return BalanceSheet(as_of=end, **dict(zip(keys, secs, strict=True)),
                        current_year_earnings=bs.current_year_earnings, total_assets=bs.total_assets,
                        total_liabilities_and_equity=bs.total_liabilities_and_equity, is_balanced=bs.is_balanced,
                        previous_current_year_earnings=p.current_year_earnings if p else None,
                        compared_with=_compared(compare, (win[1], win[1]) if win else None))


@strawberry.type
class CashFlowStatement:
    date_from: date
    date_to: date
    net_profit: Decimal
    non_cash_adjustments: StatementSection
    working_capital: StatementSection
    operating: Decimal
    investing: StatementSection
    financing: StatementSection
    net_change: Decimal
    opening_cash: Decimal
    closing_cash: Decimal
    reconciles: bool
    previous_net_profit: Decimal | None
    previous_operating: Decimal | None
    previous_net_change: Decimal | None
    compared_with: ComparedWindow | None


def cash_flow(book: str, date_from: date, date_to: date | None = None,
              compare: str | None = None) -> CashFlowStatement:
    _, end = reporting.window(book, date_from, date_to)
    c = reporting.cash_flow(book, date_from, end)
    win = reporting.comparison_window(compare, date_from, end)
    p = reporting.cash_flow(book, win[0], win[1]) if win else None
    keys = ("non_cash_adjustments", "working_capital", "investing", "financing")
    secs = _sections([getattr(c, k) for k in keys], [getattr(p, k) for k in keys] if p else None, book,
                     (date_from, end), reporting.NO_DIMS)
    return CashFlowStatement(
        date_from=date_from, date_to=end, net_profit=c.net_profit, **dict(zip(keys, secs, strict=True)),
        operating=c.operating, net_change=c.net_change, opening_cash=c.opening_cash, closing_cash=c.closing_cash,
        reconciles=c.reconciles, previous_net_profit=p.net_profit if p else None,
        previous_operating=p.operating if p else None, previous_net_change=p.net_change if p else None,
        compared_with=_compared(compare, win))


def general_ledger(book: str, account: str, date_from: date | None = None, date_to: date | None = None,
                   dimensions: DimensionFilter | None = None, limit: int = 500) -> GeneralLedger:
    return GeneralLedger.of(reporting.general_ledger(book, account, date_from, date_to, _dims(dimensions),
                                                     limit=min(max(limit, 1), 5000)))
