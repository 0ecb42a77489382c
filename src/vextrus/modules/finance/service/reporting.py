"""Reports read from the balance projection (whole periods) plus journal lines for partial periods,
so their cost depends on the number of accounts and periods, not on the number of lines.

`verify` is the proof: it rebuilds the projection from the journal lines and lists every difference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, text

from vextrus.platform import clock
from vextrus.platform.errors import NotFound, ValidationFailed
from vextrus.platform.uow import UnitOfWork, query

from .. import posting
from ..domain import reports as dr
from ..domain.accounts import AccountSubtype, AccountType
from ..posting import DIMENSIONS
from ..schemas import (
    CommodityBalance,
    Difference,
    GeneralLedgerView,
    LedgerLine,
    TBLine,
    TBTotals,
    TrialBalanceView,
    VerifyResult,
)
from ..tables import Account, Balance, Book, JournalEntry, JournalLine, Period
from .lookups import accounts_of, get_book

ZERO = Decimal(0)
EARLIEST = date(1900, 1, 1)


@dataclass(frozen=True)
class Dims:
    cost_centre_id: UUID | None = None
    project_id: UUID | None = None
    department_id: UUID | None = None
    party_id: UUID | None = None

    def items(self) -> list[tuple[str, UUID]]:
        return [(d, getattr(self, d)) for d in DIMENSIONS if getattr(self, d) is not None]


NO_DIMS = Dims()


def _sums(uow: UnitOfWork, b: Book, start: date, end: date, dims: Dims = NO_DIMS, *, exclude_closing: bool = False,
          by_commodity: bool = False) -> dict[Any, list[Decimal]]:
    """{account_id (or (account_id, commodity)): [base_debit, base_credit, quantity]} for start..end."""
    out: dict[Any, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    if end < start:
        return out
    periods = uow.session.execute(select(Period.id, Period.start_date, Period.end_date).where(
        Period.book_id == b.id, Period.end_date >= start, Period.start_date <= end)).all()
    full = [p for p, s, e in periods if s >= start and e <= end]
    partial = [(p, max(s, start), min(e, end)) for p, s, e in periods if not (s >= start and e <= end)]
    cols = [Balance.account_id] + ([Balance.commodity] if by_commodity else [])
    if full:
        q = (select(*cols, func.sum(Balance.base_debit), func.sum(Balance.base_credit), func.sum(Balance.quantity))
             .where(Balance.book_id == b.id, Balance.period_id.in_(full)))
        for d, v in dims.items():
            q = q.where(getattr(Balance, d) == v)
        if exclude_closing:
            q = q.where(~Balance.dim_key.like("%#closing"))
        for row in uow.session.execute(q.group_by(*cols)):
            key = (row[0], row[1]) if by_commodity else row[0]
            acc = out[key]
            acc[0] += row[-3] or ZERO
            acc[1] += row[-2] or ZERO
            acc[2] += row[-1] or ZERO
    value_commodity = func.coalesce(JournalLine.cost_commodity, JournalLine.commodity)
    value_quantity = func.coalesce(JournalLine.cost_quantity, JournalLine.quantity)
    lcols = [JournalLine.account_id] + ([value_commodity] if by_commodity else [])
    for pid, s, e in partial:
        q = (select(*lcols, func.sum(JournalLine.base_debit), func.sum(JournalLine.base_credit),
                    func.sum(value_quantity).label("q"))
             .where(JournalLine.book_id == b.id, JournalLine.period_id == pid, JournalLine.posted.is_(True),
                    JournalLine.entry_date >= s, JournalLine.entry_date <= e))
        for d, v in dims.items():
            q = q.where(getattr(JournalLine, d) == v)
        if exclude_closing:
            q = q.join(JournalEntry, JournalEntry.id == JournalLine.entry_id).where(
                JournalEntry.journal_type != "closing")
        for row in uow.session.execute(q.group_by(*lcols)):
            key = (row[0], row[1]) if by_commodity else row[0]
            acc = out[key]
            acc[0] += row[-3] or ZERO
            acc[1] += row[-2] or ZERO
            acc[2] += row[-1] or ZERO
    return out


def _rows(uow: UnitOfWork, b: Book, start: date | None, end: date, dims: Dims = NO_DIMS, *,
          exclude_closing: bool = False) -> list[dr.BalanceRow]:
    # the columns a report row shows, not an ORM object per account of the chart (a third of a trial
    # balance's CPU went to loading the whole chart as objects)
    accts = {r.id: r for r in uow.session.execute(select(
        Account.id, Account.code, Account.name, Account.account_type, Account.subtype, Account.name_bn)
        .where(Account.book_id == b.id))}
    opening = _sums(uow, b, EARLIEST, (start or EARLIEST) - timedelta(days=1), dims,
                    exclude_closing=exclude_closing) if start else {}
    movement = _sums(uow, b, start or EARLIEST, end, dims, exclude_closing=exclude_closing)
    out = []
    for aid in set(opening) | set(movement):
        a = accts[aid]
        o = opening.get(aid, [ZERO, ZERO, ZERO])
        m = movement.get(aid, [ZERO, ZERO, ZERO])
        out.append(dr.BalanceRow(a.code, a.name, AccountType(a.account_type),
                                 AccountSubtype(a.subtype) if a.subtype else None, o[0] - o[1], m[0], m[1],
                                 a.name_bn))
    return out


def _window(uow: UnitOfWork, b: Book, date_from: date | None, date_to: date | None) -> tuple[date | None, date]:
    clock.check_date(date_from, "date_from")
    clock.check_date(date_to, "date_to")
    if date_to is None:
        last = uow.session.execute(select(func.max(Period.end_date)).where(Period.book_id == b.id)).scalar()
        date_to = last or date.today()
    if date_from is not None and date_from > date_to:
        raise ValidationFailed("date_range_invalid", "The start date is after the end date",
                               "শুরুর তারিখ শেষের তারিখের পরে", field="from")
    return date_from, date_to


# ---- report views --------------------------------------------------------------------------


@query("finance.report.view", scope="finance.trial_balance")
def trial_balance(uow: UnitOfWork, book: UUID | str, date_from: date | None = None,
                  date_to: date | None = None, dims: Dims = NO_DIMS) -> TrialBalanceView:
    b = get_book(uow, book)
    start, end = _window(uow, b, date_from, date_to)
    tb = dr.trial_balance(_rows(uow, b, start, end, dims))
    lines = [TBLine(account_code=ln.account_code, name=ln.name, account_type=ln.account_type.value,
                    opening_debit=ln.opening_debit, opening_credit=ln.opening_credit, debit=ln.debit,
                    credit=ln.credit, closing_debit=ln.closing_debit, closing_credit=ln.closing_credit)
             for ln in tb.lines]
    return TrialBalanceView(date_from=start, date_to=end, lines=lines, is_balanced=tb.is_balanced, totals=TBTotals(
        opening_debit=tb.opening_debit, opening_credit=tb.opening_credit, debit=tb.debit, credit=tb.credit,
        closing_debit=tb.closing_debit, closing_credit=tb.closing_credit))


@query("finance.report.view", scope="finance.balance_sheet")
def balance_sheet(uow: UnitOfWork, book: UUID | str, as_of: date | None = None,
                  dims: Dims = NO_DIMS) -> dr.BalanceSheet:
    b = get_book(uow, book)
    _, end = _window(uow, b, None, as_of)
    return dr.balance_sheet(_rows(uow, b, None, end, dims))


@query("finance.report.view", scope="finance.income_statement")
def income_statement(uow: UnitOfWork, book: UUID | str, date_from: date | None = None,
                     date_to: date | None = None, dims: Dims = NO_DIMS) -> dr.IncomeStatement:
    """Profit and loss of the window; the year-end closing entry is left out so the year's result shows."""
    b = get_book(uow, book)
    start, end = _window(uow, b, date_from, date_to)
    return dr.income_statement(_rows(uow, b, start, end, dims, exclude_closing=True))


@query("finance.report.view", scope="finance.cash_flow")
def cash_flow(uow: UnitOfWork, book: UUID | str, date_from: date,
              date_to: date | None = None) -> dr.CashFlowStatement:
    b = get_book(uow, book)
    start, end = _window(uow, b, date_from, date_to)
    return dr.cash_flow_indirect(_rows(uow, b, start, end, exclude_closing=True))


@query("finance.report.view", scope="finance.window")
def window(uow: UnitOfWork, book: UUID | str, date_from: date | None = None,
           date_to: date | None = None) -> tuple[date | None, date]:
    """The report window as the reports read it (no end: the book's last period end)."""
    return _window(uow, get_book(uow, book), date_from, date_to)


def comparison_window(kind: str | None, date_from: date | None, date_to: date) -> tuple[date, date] | None:
    """The window a `compare=period|year` report sets beside (date_from, date_to); None without compare.
    A window without a start compares from the first of its end month."""
    if kind is None or kind == "":
        return None
    if kind not in ("period", "year"):
        raise ValidationFailed("compare_invalid", "Compare with 'period' or 'year'", "'period' বা 'year' এর সাথে "
                               "তুলনা করুন", field="compare")
    return previous_window(date_from or date(date_to.year, date_to.month, 1), date_to, kind)


def previous_window(date_from: date, date_to: date, kind: str = "year") -> tuple[date, date]:
    """The comparison window: the same dates a year earlier, or the window of equal length just before."""
    if kind == "year":
        def back(d: date) -> date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:
                return d.replace(year=d.year - 1, day=28)
        return back(date_from), back(date_to)
    length = date_to - date_from
    end = date_from - timedelta(days=1)
    # month-aligned windows compare with the previous month(s)
    if date_from.day == 1 and (date_to + timedelta(days=1)).day == 1:
        months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        idx = date_from.year * 12 + date_from.month - 1 - months
        return date(idx // 12, idx % 12 + 1, 1), end
    return end - length, end


@query("finance.report.view", scope="finance.general_ledger")
def general_ledger(uow: UnitOfWork, book: UUID | str, account_code: str, date_from: date | None = None,
                   date_to: date | None = None, dims: Dims = NO_DIMS, limit: int = 5000) -> GeneralLedgerView:
    """One account's lines with the running balance (debit positive); the drill-down of every report figure."""
    b = get_book(uow, book)
    start, end = _window(uow, b, date_from, date_to)
    acc = accounts_of(uow, b.id, [account_code]).get(account_code)
    if acc is None:
        raise NotFound("account", account_code, field="account")
    opening = ZERO
    if start:
        o = _sums(uow, b, EARLIEST, start - timedelta(days=1), dims).get(acc.id)
        opening = (o[0] - o[1]) if o else ZERO
    q = (select(JournalLine, JournalEntry.number, JournalEntry.narration)
         .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
         .where(JournalLine.account_id == acc.id, JournalLine.posted.is_(True), JournalLine.entry_date <= end))
    if start:
        q = q.where(JournalLine.entry_date >= start)
    for d, v in dims.items():
        q = q.where(getattr(JournalLine, d) == v)
    rows = uow.session.execute(q.order_by(JournalLine.entry_date, JournalEntry.number, JournalLine.line_no)
                               .limit(limit + 1)).all()
    running = opening
    lines = []
    for ln, number, narration in rows[:limit]:
        running += ln.base_debit - ln.base_credit
        lines.append(LedgerLine(entry_id=ln.entry_id, number=number, entry_date=ln.entry_date,
                                narration=narration, memo=ln.memo, commodity=ln.commodity, quantity=ln.quantity,
                                debit=ln.base_debit, credit=ln.base_credit, balance=running))
    closing = running
    if len(rows) > limit:  # the listed lines stop early; the balance still covers the whole window
        m = _sums(uow, b, start or EARLIEST, end, dims).get(acc.id)
        closing = opening + ((m[0] - m[1]) if m else ZERO)
    return GeneralLedgerView(account_code=acc.code, name=acc.name, opening=opening, lines=lines, closing=closing,
                             truncated=len(rows) > limit)


@query("finance.report.view", scope="finance.commodity_balances")
def commodity_balances(uow: UnitOfWork, book: UUID | str, date_from: date | None = None,
                       date_to: date | None = None, types: tuple[str, ...] | None = None,
                       exclude_closing: bool = False) -> list[CommodityBalance]:
    """Balance (movement in the window, debit positive) per account per commodity, lots at cost:
    the figures `hledger bal` / `bean-report` print, for scripts that compare tools."""
    b = get_book(uow, book)
    start, end = _window(uow, b, date_from, date_to)
    # the columns a report row shows, not an ORM object per account of the chart (a third of a trial
    # balance's CPU went to loading the whole chart as objects)
    accts = {r.id: r for r in uow.session.execute(select(
        Account.id, Account.code, Account.name, Account.account_type, Account.subtype, Account.name_bn)
        .where(Account.book_id == b.id))}
    sums = _sums(uow, b, start or EARLIEST, end, exclude_closing=exclude_closing, by_commodity=True)
    out = []
    for (aid, commodity), (_d, _c, q) in sums.items():
        a = accts[aid]
        if q == 0 or (types and a.account_type not in types):
            continue
        out.append(CommodityBalance(account=a.code, account_type=a.account_type, commodity=commodity,
                                    amount=q.normalize() if q == q.to_integral() else q))
    return sorted(out, key=lambda r: (r.account, r.commodity))


# ---- verify --------------------------------------------------------------------------------


def _rebuild(uow: UnitOfWork, b: Book) -> dict[tuple[Any, ...], list[Any]]:
    """The projection recomputed from the lines: one scan, one GROUP BY, no join.

    Closing entries (a few per year) are told apart by their ids, so the lines table is read alone."""
    closing_ids = uow.session.execute(select(JournalEntry.id).where(
        JournalEntry.book_id == b.id, JournalEntry.journal_type == "closing")).scalars().all()
    value_commodity = func.coalesce(JournalLine.cost_commodity, JournalLine.commodity)
    value_quantity = func.coalesce(JournalLine.cost_quantity, JournalLine.quantity)
    dcols = [getattr(JournalLine, d) for d in DIMENSIONS]
    keys = [JournalLine.account_id, JournalLine.period_id, value_commodity, *dcols]
    if closing_ids:
        keys.append(JournalLine.entry_id.in_(closing_ids))
    q = (select(*keys, func.sum(JournalLine.base_debit), func.sum(JournalLine.base_credit), func.sum(value_quantity),
                func.count())
         .where(JournalLine.book_id == b.id, JournalLine.posted.is_(True)).group_by(*keys))
    out: dict[tuple[Any, ...], list[Any]] = {}
    for row in uow.session.execute(q):
        acc, pid, commodity = row[0], row[1], row[2]
        dims = dict(zip(DIMENSIONS, row[3:7], strict=True))
        closing = bool(row[7]) if closing_ids else False
        dr_, cr_, qty, n = row[-4:]
        key = (acc, pid, commodity, posting.dim_key(dims, closing))
        out[key] = [dr_ or ZERO, cr_ or ZERO, qty or ZERO, n, dims]
    return out


def _unbalanced(uow: UnitOfWork, b: Book) -> list[str]:
    """Numbers of posted entries whose base debits and credits differ (one scan of the lines by entry)."""
    bad = select(JournalLine.entry_id).where(JournalLine.book_id == b.id, JournalLine.posted.is_(True)).group_by(
        JournalLine.entry_id).having(func.sum(JournalLine.base_debit) != func.sum(JournalLine.base_credit))
    ids = uow.session.execute(bad).scalars().all()
    if not ids:
        return []
    return sorted(n or str(i) for i, n in uow.session.execute(
        select(JournalEntry.id, JournalEntry.number).where(JournalEntry.id.in_(ids))))


@query("finance.ledger.verify", scope="finance.verify")
def verify(uow: UnitOfWork, book: UUID | str, repair: bool = False) -> VerifyResult:
    """Rebuild balances from the journal and compare with the projection (must be identical)."""
    b = get_book(uow, book)
    if uow.session.get_bind().dialect.name == "postgresql":
        # room to aggregate millions of lines in memory rather than in temporary files
        uow.session.execute(text("SET LOCAL work_mem = '256MB'"))
    rebuilt = _rebuild(uow, b)
    projected = {(r.account_id, r.period_id, r.commodity, r.dim_key):
                 [r.base_debit, r.base_credit, r.quantity, r.line_count]
                 for r in uow.session.execute(select(Balance).where(Balance.book_id == b.id)).scalars()}
    codes = {a.id: a.code for a in accounts_of(uow, b.id).values()}
    diffs = []
    for key in sorted(set(rebuilt) | set(projected), key=str):
        p = projected.get(key, [ZERO, ZERO, ZERO, 0])
        r = rebuilt.get(key, [ZERO, ZERO, ZERO, 0])
        if [Decimal(x) for x in p[:3]] != [Decimal(x) for x in r[:3]] or int(p[3]) != int(r[3]):
            diffs.append(Difference(account=codes.get(key[0], str(key[0])), period_id=key[1], commodity=key[2],
                                    dim_key=key[3], projected=[str(x) for x in p], rebuilt=[str(x) for x in r]))
    unbalanced = _unbalanced(uow, b)
    if repair and diffs:
        from sqlalchemy import delete

        uow.session.execute(delete(Balance.__table__).where(Balance.book_id == b.id))
        posting.upsert_balances(uow.session, b.id, b.tenant_id, {
            k: list(v) for k, v in rebuilt.items()})
    return VerifyResult(book=b.code, lines=sum(int(v[3]) for v in rebuilt.values()), keys=len(rebuilt),
                        differences=diffs, unbalanced_entries=unbalanced)
