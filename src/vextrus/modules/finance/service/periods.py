"""The book's calendar: fiscal years with their twelve periods, and the period states (open, closed,
locked; reopening says why). Year-end closing is `closing`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from sqlalchemy import select

from vextrus.platform.errors import NotFound
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, query

from ..domain import fiscal as dfis
from ..events import PeriodClosed, PeriodLocked, PeriodReopened
from ..schemas import FiscalYearView, PeriodView
from ..tables import Book, FiscalYear, Period
from .lookups import get_book


def open_year(uow: UnitOfWork, b: Book, start_year: int) -> FiscalYear:
    """The fiscal year starting in `start_year` with its twelve open periods (created if missing)."""
    fy = dfis.FiscalCalendar(b.fy_start_month).fiscal_year(start_year)
    row = uow.session.execute(select(FiscalYear).where(FiscalYear.book_id == b.id, FiscalYear.label == fy.label)
                              ).scalar_one_or_none()
    if row is not None:
        return row
    row = FiscalYear(book_id=b.id, label=fy.label, start_date=fy.start, end_date=fy.end)
    uow.session.add(row)
    uow.session.flush()
    for p in fy.periods:
        uow.session.add(Period(book_id=b.id, fiscal_year_id=row.id, number=p.number, start_date=p.start,
                               end_date=p.end, state="open"))
    uow.session.flush()
    return row


@command("finance.period.close", scope="finance.open_fiscal_year")
def open_fiscal_year(uow: UnitOfWork, book: UUID | str, label_or_date: str | date) -> FiscalYearView:
    b = get_book(uow, book)
    cal = dfis.FiscalCalendar(b.fy_start_month)
    fy = cal.fiscal_year_for(label_or_date) if isinstance(label_or_date, date) else cal.fiscal_year_by_label(
        label_or_date)
    return _fy_view(uow, open_year(uow, b, fy.start.year))


def _fy_view(uow: UnitOfWork, fy: FiscalYear) -> FiscalYearView:
    periods = uow.session.execute(select(Period).where(Period.fiscal_year_id == fy.id).order_by(Period.number)
                                  ).scalars().all()
    return _fy_view_of(fy, periods)


def _fy_view_of(fy: FiscalYear, periods: Iterable[Period]) -> FiscalYearView:
    return FiscalYearView(id=fy.id, label=fy.label, start_date=fy.start_date, end_date=fy.end_date,
                          closed=fy.closing_entry_id is not None,
                          periods=[_period_view(p, fy.label) for p in periods])


def _period_view(p: Period, label: str) -> PeriodView:
    return PeriodView(id=p.id, fiscal_year=label, number=p.number, code=f"P{p.number:02d}", start_date=p.start_date,
                      end_date=p.end_date, state=p.state, version=p.version)


@query("finance.period.view", scope="finance.list_fiscal_years")
def list_fiscal_years(uow: UnitOfWork, book: UUID | str) -> list[FiscalYearView]:
    """The book's years in date order, each with its periods (all read in one query)."""
    b = get_book(uow, book)
    years = uow.session.execute(select(FiscalYear).where(FiscalYear.book_id == b.id)
                                .order_by(FiscalYear.start_date)).scalars().all()
    periods: dict[UUID, list[Period]] = {fy.id: [] for fy in years}
    for p in uow.session.execute(select(Period).where(Period.book_id == b.id).order_by(Period.number)).scalars():
        periods.setdefault(p.fiscal_year_id, []).append(p)
    return [_fy_view_of(fy, periods[fy.id]) for fy in years]


@query("finance.period.view", scope="finance.page_fiscal_years")
def page_fiscal_years(uow: UnitOfWork, book: UUID | str, first: int = 50,
                      after: str | None = None) -> Page[FiscalYearView]:
    """One cursor page of the book's years by start date (one year per start in a book), the page's periods
    read in one query."""
    b = get_book(uow, book)
    page = paginate(uow.session, select(FiscalYear).where(FiscalYear.book_id == b.id), FiscalYear.start_date,
                    first=first, after=after, convert=date.fromisoformat)
    periods: dict[UUID, list[Period]] = {fy.id: [] for fy in page.items}
    if periods:
        for p in uow.session.execute(select(Period).where(Period.fiscal_year_id.in_(periods))
                                     .order_by(Period.number)).scalars():
            periods[p.fiscal_year_id].append(p)
    return Page([_fy_view_of(fy, periods[fy.id]) for fy in page.items], page.end_cursor, page.has_next_page)


def _set_period_state(uow: UnitOfWork, book: UUID | str, fiscal_year: str, number: int,
                      target: dfis.PeriodState) -> tuple[Book, Period]:
    b = get_book(uow, book)
    fy = uow.session.execute(select(FiscalYear).where(FiscalYear.book_id == b.id, FiscalYear.label == fiscal_year)
                             ).scalar_one_or_none()
    if fy is None:
        raise NotFound("fiscal year", fiscal_year, field="fiscal_year")
    periods = uow.session.execute(select(Period).where(Period.fiscal_year_id == fy.id).with_for_update()
                                  ).scalars().all()
    states = {p.number: dfis.PeriodState(p.state) for p in periods}
    dfis.transition_period(states, number, target)
    p = next(p for p in periods if p.number == number)
    p.state = target.value
    uow.session.flush()
    return b, p


@command("finance.period.close", scope="finance.close_period")
def close_period(uow: UnitOfWork, book: UUID | str, fiscal_year: str, number: int) -> PeriodView:
    b, p = _set_period_state(uow, book, fiscal_year, number, dfis.PeriodState.CLOSED)
    uow.emit(PeriodClosed(book_id=str(b.id), fiscal_year=fiscal_year, period=number))
    return _period_view(p, fiscal_year)


@command("finance.period.reopen", scope="finance.reopen_period")
def reopen_period(uow: UnitOfWork, book: UUID | str, fiscal_year: str, number: int, reason: str) -> PeriodView:
    dfis.check_reopen_reason(reason, "period")
    b, p = _set_period_state(uow, book, fiscal_year, number, dfis.PeriodState.OPEN)
    uow.emit(PeriodReopened(book_id=str(b.id), fiscal_year=fiscal_year, period=number, reason=reason))
    return _period_view(p, fiscal_year)


@command("finance.period.lock", scope="finance.lock_period")
def lock_period(uow: UnitOfWork, book: UUID | str, fiscal_year: str, number: int) -> PeriodView:
    b, p = _set_period_state(uow, book, fiscal_year, number, dfis.PeriodState.LOCKED)
    uow.emit(PeriodLocked(book_id=str(b.id), fiscal_year=fiscal_year, period=number))
    return _period_view(p, fiscal_year)
