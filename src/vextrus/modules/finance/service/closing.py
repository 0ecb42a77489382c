"""Year-end and month-end work on a book: closing a fiscal year into retained earnings (and
reopening it by reversing the closing entry), unrealised FX revaluation with its automatic reversal."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select

from vextrus.platform import context
from vextrus.platform.errors import NotFound
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.uow import UnitOfWork, command

from .. import posting
from ..domain import fiscal as dfis
from ..domain import journal as dj
from ..domain.errors import LedgerError
from ..events import FiscalYearClosed, FiscalYearReopened, RevaluationPosted
from ..posting import NewEntry, NewLine
from ..schemas import ZERO, EntryView
from ..tables import Balance, Book, FiscalYear, JournalEntry, Period
from .journal import reverse_posted
from .lookups import accounts_of, domain_chart, entry_view, get_book, load_entry, rate_on, tagged


def _signed_by_account(uow: UnitOfWork, b: Book, start: date, end: date, exclude_closing: bool = True
                       ) -> dict[UUID, Decimal]:
    q = (select(Balance.account_id, func.sum(Balance.base_debit), func.sum(Balance.base_credit))
         .join(Period, Period.id == Balance.period_id)
         .where(Balance.book_id == b.id, Period.start_date >= start, Period.end_date <= end))
    if exclude_closing:
        q = q.where(~Balance.dim_key.like("%#closing"))
    rows = uow.session.execute(q.group_by(Balance.account_id)).all()
    return {a: (dr or ZERO) - (cr or ZERO) for a, dr, cr in rows}


@command("finance.period.close", scope="finance.close_fiscal_year")
def close_fiscal_year(uow: UnitOfWork, book: UUID | str, fiscal_year: str) -> EntryView:
    """Year-end: one closing entry moves every income and expense balance into retained earnings."""
    b = get_book(uow, book)
    fy = uow.session.execute(select(FiscalYear).where(FiscalYear.book_id == b.id, FiscalYear.label == fiscal_year)
                             .with_for_update()).scalar_one_or_none()
    if fy is None:
        raise NotFound("fiscal year", fiscal_year, field="fiscal_year")
    if fy.closing_entry_id is not None:
        raise LedgerError("fiscal_year_closed", f"Fiscal year {fiscal_year} is already closed.",
                          f"অর্থবছর {to_bangla_digits(fiscal_year)} ইতিমধ্যে বন্ধ।", field="fiscal_year")
    accts = accounts_of(uow, b.id)
    by_id = {a.id: a for a in accts.values()}
    signed = _signed_by_account(uow, b, fy.start_date, fy.end_date)
    re_acc = tagged(accts, "retained_earnings")
    balances = {by_id[a].code: v for a, v in signed.items() if a in by_id}
    built = dj.build_closing_entry(balances, domain_chart(accts), re_acc.code, fy.end_date,
                                   narration=f"Year-end closing {fiscal_year}")
    new = NewEntry(journal_type="closing", entry_date=fy.end_date, narration=built.narration, source="closing",
                   lines=[NewLine(account_id=accts[jl.account_code].id, commodity=b.base_commodity,
                                  quantity=jl.signed_amount, base_debit=jl.base_debit, base_credit=jl.base_credit)
                          for jl in built.lines])
    posting.insert_posted(uow.session, b.id, context.require_tenant(), [new], allow_closed=True)
    fy.closing_entry_id = new.id
    net = -sum((v for code, v in balances.items()
                if accts[code].account_type in ("income", "expense")), ZERO)
    uow.emit(FiscalYearClosed(book_id=str(b.id), fiscal_year=fiscal_year, closing_entry_id=str(new.id),
                              net_profit=str(net)))
    return entry_view(uow, uow.session.get(JournalEntry, new.id))


@command("finance.period.reopen", scope="finance.reopen_fiscal_year")
def reopen_fiscal_year(uow: UnitOfWork, book: UUID | str, fiscal_year: str, reason: str) -> EntryView:
    """Undo the year-end closing by reversing its closing entry (audited with the reason)."""
    dfis.check_reopen_reason(reason, "year")
    b = get_book(uow, book)
    fy = uow.session.execute(select(FiscalYear).where(FiscalYear.book_id == b.id, FiscalYear.label == fiscal_year)
                             .with_for_update()).scalar_one_or_none()
    if fy is None or fy.closing_entry_id is None:
        raise LedgerError("fiscal_year_not_closed", f"Fiscal year {fiscal_year} has no closing entry.",
                          f"অর্থবছর {to_bangla_digits(fiscal_year)}-এর কোনো সমাপনী এন্ট্রি নেই।", field="fiscal_year")
    e = load_entry(uow, b, fy.closing_entry_id, lock=True)
    rev = reverse_posted(uow, b, e, fy.end_date, f"Reopen {fiscal_year}: {reason}", allow_closed=True)
    fy.closing_entry_id = None
    uow.emit(FiscalYearReopened(book_id=str(b.id), fiscal_year=fiscal_year, reason=reason))
    return entry_view(uow, uow.session.get(JournalEntry, rev.id))


@command("finance.revaluation.run", scope="finance.revalue")
def revalue(uow: UnitOfWork, book: UUID | str, as_of: date, rates: dict[str, Decimal] | None = None) -> EntryView | None:
    """Unrealised FX revaluation of foreign-currency balances at `as_of`, reversed on the next day.

    Rates default to the book's rate on `as_of`. The reversal is posted at once when the next day's
    period is open; otherwise `process_auto_reversals` posts it later."""
    b = get_book(uow, book)
    accts = accounts_of(uow, b.id)
    by_id = {a.id: a for a in accts.values()}
    rows = uow.session.execute(
        select(Balance.account_id, Balance.commodity, func.sum(Balance.quantity), func.sum(Balance.base_debit),
               func.sum(Balance.base_credit))
        .join(Period, Period.id == Balance.period_id)
        .where(Balance.book_id == b.id, Period.start_date <= as_of, Balance.commodity != b.base_commodity)
        .group_by(Balance.account_id, Balance.commodity)).all()
    cal = posting.load_calendar(uow.session, b.id)
    p = cal.for_date(as_of, "as_of")
    dfis.check_period_end(as_of, p.end)
    given = {k: Decimal(str(v)) for k, v in (rates or {}).items()}
    foreign = []
    for acc_id, commodity, qty, dr, cr in rows:
        a = by_id.get(acc_id)
        if a is None or a.account_type not in ("asset", "liability"):
            continue
        q = qty or ZERO
        base = (dr or ZERO) - (cr or ZERO)
        if q == 0 and base == 0:
            continue
        if commodity not in given:
            r = rate_on(uow, b.id, commodity, as_of)
            if r is None:
                raise LedgerError("rate_missing", f"No {commodity} rate on or before {as_of.isoformat()}.",
                                  f"{commodity}-এর বিনিময় হার নেই।", field="rates", details={"currency": commodity})
            given[commodity] = r
        foreign.append(dj.ForeignBalance(a.code, commodity, q, base))
    gain, loss = tagged(accts, "fx_unrealised_gain"), tagged(accts, "fx_unrealised_loss")
    built = dj.build_fx_revaluation(foreign, given, gain.code, loss.code, as_of, base_currency=b.base_currency,
                                    narration=f"Unrealised FX revaluation {as_of.isoformat()}")
    if built is None:
        return None
    nxt = as_of + timedelta(days=1)
    new = NewEntry(journal_type="adjustment", entry_date=as_of, narration=built.narration, source="revaluation",
                   auto_reverse_on=nxt,
                   lines=[NewLine(account_id=accts[jl.account_code].id,
                                  commodity=b.base_commodity if jl.currency == b.base_currency else jl.currency,
                                  quantity=jl.signed_amount, base_debit=jl.base_debit, base_credit=jl.base_credit,
                                  rate=jl.rate, memo=jl.memo) for jl in built.lines])
    posting.insert_posted(uow.session, b.id, context.require_tenant(), [new], cal=cal)
    reversal_id = None
    try:
        nxt_p = cal.for_date(nxt)
    except LedgerError:
        nxt_p = None
    if nxt_p is not None and nxt_p.state == "open":
        e = uow.session.get(JournalEntry, new.id)
        reversal_id = str(reverse_posted(uow, b, e, nxt, f"Auto-reversal of {new.number}").id)
    uow.emit(RevaluationPosted(book_id=str(b.id), entry_id=str(new.id), as_of=as_of.isoformat(),
                               reversal_id=reversal_id))
    return entry_view(uow, uow.session.get(JournalEntry, new.id))


@command("finance.journal.reverse", scope="finance.process_auto_reversals")
def process_auto_reversals(uow: UnitOfWork, book: UUID | str, as_of: date) -> int:
    """Post the pending automatic reversals (revaluations) due on or before `as_of`."""
    b = get_book(uow, book)
    due = uow.session.execute(select(JournalEntry).where(
        JournalEntry.book_id == b.id, JournalEntry.status == "posted", JournalEntry.auto_reverse_on.is_not(None),
        JournalEntry.auto_reverse_on <= as_of)).scalars().all()
    for e in due:
        reverse_posted(uow, b, e, e.auto_reverse_on, f"Auto-reversal of {e.number}")
    return len(due)
