"""Finance commands: books, chart, calendar, rates, drafts, posting, reversal, closing, revaluation,
recurring entries. Every command is one unit of work; rules come from `domain`, writes go through
`posting.insert_posted` so the balance projection moves in the same transaction as the journal."""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field
from sqlalchemy import delete, func, select

from vextrus.modules.master_data import api as master_data
from vextrus.modules.organization import api as organization
from vextrus.modules.projects import api as projects
from vextrus.platform import context
from vextrus.platform.errors import NotFound, ValidationFailed
from vextrus.platform.money import check_amount, to_decimal
from vextrus.platform.pagination import Page, check_limit_offset, paginate
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work  # noqa: F401 - tests open one through here
from vextrus.platform.versioning import check_version

from . import MODULE, approvals, posting, project_costs
from .domain import accounts as dacc
from .domain import costs as dcost
from .domain import fastpath
from .domain import fiscal as dfis
from .domain import journal as dj
from .domain.errors import LedgerError
from .domain.money import minor_units
from .events import (
    AccountCreated,
    AccountDeactivated,
    AccountUpdated,
    BookCreated,
    FiscalYearClosed,
    FiscalYearReopened,
    JournalBulkPosted,
    JournalPosted,
    JournalReversed,
    PeriodClosed,
    PeriodLocked,
    PeriodReopened,
    RevaluationPosted,
)
from .posting import DIMENSIONS, NewEntry, NewLine
from .tables import (
    Account,
    Balance,
    Book,
    Currency,
    ExchangeRate,
    FiscalYear,
    JournalEntry,
    JournalLine,
    Period,
    RecurringTemplate,
)

ZERO = Decimal(0)
ONE = Decimal(1)

# ---- views and inputs ----------------------------------------------------------------------


class BookView(BaseModel):
    id: UUID
    code: str
    name: str
    company_id: UUID | None = None
    base_currency: str
    base_commodity: str
    fy_start_month: int


class AccountView(BaseModel):
    id: UUID
    code: str
    name: str
    name_bn: str = ""
    account_type: str
    subtype: str | None = None
    parent_code: str | None = None
    is_group: bool = False
    is_active: bool = True
    currency: str | None = None
    tags: list[str] = []
    version: int = 1


class AccountInput(BaseModel):
    code: str
    name: str
    account_type: str
    subtype: str | None = None
    name_bn: str = ""
    parent_code: str | None = None
    is_group: bool = False
    currency: str | None = None
    tags: list[str] = []


class PeriodView(BaseModel):
    id: UUID
    fiscal_year: str
    number: int
    code: str
    start_date: date
    end_date: date
    state: str
    version: int


class FiscalYearView(BaseModel):
    id: UUID
    label: str
    start_date: date
    end_date: date
    closed: bool
    periods: list[PeriodView] = []


class LineIn(BaseModel):
    account_code: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    currency: str | None = None  # default: the book's base currency
    rate: Decimal | None = None  # default: the rate of the entry date
    memo: str = ""
    cost_centre_id: UUID | None = None
    project_id: UUID | None = None
    activity_code: str | None = None  # the project's activity (needs project_id)
    department_id: UUID | None = None
    party_id: UUID | None = None


class EntryIn(BaseModel):
    journal_type: str = "general"
    entry_date: date
    lines: list[LineIn] = Field(default_factory=list)
    narration: str = ""
    reference: str = ""


class LineView(BaseModel):
    line_no: int
    account_code: str
    account_name: str
    commodity: str
    quantity: Decimal
    rate: Decimal
    debit: Decimal
    credit: Decimal
    base_debit: Decimal
    base_credit: Decimal
    memo: str = ""
    cost_centre_id: UUID | None = None
    project_id: UUID | None = None
    activity_code: str | None = None
    department_id: UUID | None = None
    party_id: UUID | None = None


class EntryView(BaseModel):
    id: UUID
    number: str | None
    journal_type: str
    entry_date: date
    status: str
    narration: str
    reference: str
    payee: str = ""
    source: str
    reverses_id: UUID | None = None
    reversed_by_id: UUID | None = None
    total: Decimal
    lines: list[LineView] = []
    version: int = 1


class BulkResult(BaseModel):
    count: int
    lines: int
    first_number: str | None = None
    last_number: str | None = None
    ids: list[UUID] = []


class RecurringView(BaseModel):
    id: UUID
    name: str
    next_date: date
    end_date: date | None
    is_active: bool
    journal_type: str = "general"
    interval_months: int = 1
    total: Decimal = ZERO  # the debits of one generated entry


# ---- helpers -------------------------------------------------------------------------------


def get_book(uow: UnitOfWork, book: UUID | str) -> Book:
    """A book by id, by organization company id, or by code; only a book of the active company
    (NotFound for another company's, so its existence is not revealed; system work reaches all).
    Every read and write of a book's accounts, entries, periods, rates and reports comes through here."""
    q = select(Book)
    scope = context.company_scope()
    if scope is not None:
        q = q.where(Book.company_id == scope)
    if isinstance(book, UUID):
        q = q.where((Book.id == book) | (Book.company_id == book))
    else:
        try:
            q = q.where((Book.id == UUID(str(book))) | (Book.company_id == UUID(str(book))))
        except ValueError:
            q = q.where(Book.code == str(book))
    row = uow.session.execute(q).scalars().first()
    if row is None:
        raise NotFound("company book", book, field="company")
    return row


def book_visible(uow: UnitOfWork, book_id: UUID) -> bool:
    """Whether the book with this id is in the tenant and reachable from the active company
    (for rows found by their own id, e.g. federation references to an account or entry)."""
    b = uow.session.get(Book, book_id)
    if b is None or b.tenant_id != context.current().tenant_id:
        return False
    scope = context.company_scope()
    return scope is None or b.company_id == scope


def _book_view(b: Book) -> BookView:
    return BookView(id=b.id, code=b.code, name=b.name, company_id=b.company_id, base_currency=b.base_currency,
                    base_commodity=b.base_commodity, fy_start_month=b.fy_start_month)


def _account_view(a: Account) -> AccountView:
    return AccountView(id=a.id, code=a.code, name=a.name, name_bn=a.name_bn, account_type=a.account_type,
                       subtype=a.subtype, parent_code=a.parent_code, is_group=a.is_group, is_active=a.is_active,
                       currency=a.currency, tags=list(a.tags or []), version=a.version)


def accounts_of(uow: UnitOfWork, book_id: UUID) -> dict[str, Account]:
    rows = uow.session.execute(select(Account).where(Account.book_id == book_id)).scalars().all()
    return {a.code: a for a in rows}


def _domain_account(a: Account) -> dacc.Account:
    return dacc.Account(code=a.code, name=a.name, account_type=dacc.AccountType(a.account_type),
                        subtype=dacc.AccountSubtype(a.subtype) if a.subtype else None, parent_code=a.parent_code,
                        is_group=a.is_group, is_active=a.is_active, currency=a.currency, tags=tuple(a.tags or ()))


def domain_chart(accts: dict[str, Account]) -> dict[str, dacc.Account]:
    return {c: _domain_account(a) for c, a in accts.items()}


def _tagged(accts: dict[str, Account], tag: str) -> Account:
    found = [a for a in accts.values() if tag in (a.tags or [])]
    if len(found) != 1:
        raise LedgerError("account_tag_missing", f"This book has no single account tagged {tag!r}.",
                          f"এই খাতায় {tag!r} ট্যাগের একটি হিসাব নেই।", field="tags", details={"tag": tag})
    return found[0]


# ---- books, chart, calendar ----------------------------------------------------------------


@command("finance.book.manage", scope="finance.ensure_book")
def ensure_book(uow: UnitOfWork, code: str, name: str | None = None, company_id: UUID | None = None,
                template: str | None = dacc.TEMPLATE_BD_CONSTRUCTION, fy_start_month: int = 7,
                base_commodity: str = "BDT") -> BookView:
    """The company's book, created (with the chart template) the first time it is asked for.
    A user acting in a company reaches only that company's book, and a book they create (with no
    company named, e.g. a plain-text import) belongs to their active company."""
    scope = context.company_scope()
    fresh = False
    if scope is not None:
        context.require_company(company_id or scope, "company", company_id, field="company_id")
        if uow.session.execute(select(Book.id).where(Book.code == code)).first() is not None:
            return _book_view(get_book(uow, code))  # another company's code: NotFound, as for its books
        fresh, company_id = company_id is None, scope  # a new code with no company named: a new book
    q = select(Book).where(Book.company_id == company_id) if company_id else select(Book).where(Book.code == code)
    existing = None if fresh else uow.session.execute(q).scalars().first()
    if existing is not None:
        return _book_view(existing)
    if company_id is not None:  # a book kept under the company's code (CLI import) becomes the company's
        by_code = uow.session.execute(select(Book).where(Book.code == code, Book.company_id.is_(None))
                                      ).scalars().first()
        if by_code is not None:
            by_code.company_id = company_id
            uow.session.flush()
            return _book_view(by_code)
    dfis.FiscalCalendar(fy_start_month)
    if not code or len(code) > 40:
        raise ValidationFailed("book_code_invalid", "A company code of 1–40 characters is required",
                               "১–৪০ অক্ষরের কোম্পানি কোড আবশ্যক", field="company")
    b = Book(code=code, name=name or code, company_id=company_id, base_currency="BDT",
             base_commodity=base_commodity, fy_start_month=fy_start_month)
    uow.session.add(b)
    uow.session.flush()
    uow.session.add(Currency(book_id=b.id, code=base_commodity, name="Bangladeshi taka", decimals=2))
    if template:
        for a in dacc.load_template(template):
            currency = "USD" if "bank_foreign" in a.tags else None
            uow.session.add(Account(book_id=b.id, code=a.code, name=a.name, name_bn=a.name_bn,
                                    account_type=a.account_type.value, subtype=a.subtype.value if a.subtype else None,
                                    parent_code=a.parent_code, is_group=a.is_group, is_active=True,
                                    currency=currency, tags=list(a.tags)))
        uow.session.add(Currency(book_id=b.id, code="USD", name="US dollar", decimals=2))
    uow.session.flush()
    uow.emit(BookCreated(book_id=str(b.id), code=b.code, company_id=str(company_id) if company_id else None))
    return _book_view(b)


@query("finance.account.view", scope="finance.list_books")
def list_books(uow: UnitOfWork) -> list[BookView]:
    """The books of the active company (every book of the tenant for system work)."""
    q = select(Book).order_by(Book.code)
    scope = context.company_scope()
    if scope is not None:
        q = q.where(Book.company_id == scope)
    return [_book_view(b) for b in uow.session.execute(q).scalars()]


@query("finance.account.view", scope="finance.book_view")
def book_view(uow: UnitOfWork, book: UUID | str) -> BookView:
    return _book_view(get_book(uow, book))


@command("finance.account.create", scope="finance.create_account")
def create_account(uow: UnitOfWork, book: UUID | str, data: AccountInput) -> AccountView:
    b = get_book(uow, book)
    accts = accounts_of(uow, b.id)
    try:
        atype = dacc.AccountType(data.account_type)
        sub = dacc.AccountSubtype(data.subtype) if data.subtype else None
    except ValueError as exc:
        raise LedgerError("account_type_invalid", f"Unknown account type or subtype: {exc}",
                          "অজানা হিসাবের ধরন", field="account_type") from None
    new = dacc.Account(code=data.code.strip(), name=data.name, account_type=atype, subtype=sub, name_bn=data.name_bn,
                       parent_code=data.parent_code or None, is_group=data.is_group, currency=data.currency)
    dacc.validate_chart([*(_domain_account(a) for a in accts.values()), new])
    row = Account(book_id=b.id, code=new.code, name=new.name, name_bn=new.name_bn, account_type=atype.value,
                  subtype=sub.value if sub else None, parent_code=new.parent_code, is_group=new.is_group,
                  is_active=True, currency=data.currency, tags=list(data.tags))
    uow.session.add(row)
    uow.session.flush()
    uow.emit(AccountCreated(book_id=str(b.id), code=row.code, account_type=row.account_type))
    return _account_view(row)


class AccountUpdate(BaseModel):
    """What may change on an account once it exists: its names (type, currency and parent decide
    where its balances report, so they stay as posted). `version` guards against overwriting an edit."""

    name: str
    name_bn: str = ""
    version: int | None = None


@command("finance.account.update", scope="finance.update_account")
def update_account(uow: UnitOfWork, book: UUID | str, code: str, data: AccountUpdate) -> AccountView:
    b = get_book(uow, book)
    a = uow.session.execute(select(Account).where(Account.book_id == b.id, Account.code == code)
                            ).scalar_one_or_none()
    if a is None:
        raise NotFound("account", code, field="code")
    check_version(a, data.version, f"account {code}")  # and the UPDATE is a compare-and-set (Versioned)
    if not data.name.strip():
        raise ValidationFailed("name_required", "An account needs a name", "হিসাবের একটি নাম দিন", field="name")
    a.name, a.name_bn = data.name.strip(), data.name_bn.strip()
    uow.session.flush()
    uow.emit(AccountUpdated(book_id=str(b.id), code=code))
    return _account_view(a)


def _account_has_balance(uow: UnitOfWork, account_id: UUID) -> bool:
    rows = uow.session.execute(
        select(Balance.commodity, func.sum(Balance.base_debit), func.sum(Balance.base_credit),
               func.sum(Balance.quantity)).where(Balance.account_id == account_id).group_by(Balance.commodity)
    ).all()
    return any((dr or 0) != (cr or 0) or (q or 0) != 0 for _c, dr, cr, q in rows)


@command("finance.account.deactivate", scope="finance.set_account_active")
def set_account_active(uow: UnitOfWork, book: UUID | str, code: str, active: bool) -> AccountView:
    b = get_book(uow, book)
    a = accounts_of(uow, b.id).get(code)
    if a is None:
        raise NotFound("account", code, field="code")
    if not active and _account_has_balance(uow, a.id):
        raise LedgerError("account_has_balance", f"Account {code} still has a balance; move it before deactivating.",
                          f"হিসাব {code}-এ এখনও স্থিতি আছে; নিষ্ক্রিয় করার আগে স্থানান্তর করুন।", field="code",
                          details={"code": code})
    a.is_active = active
    uow.session.flush()
    if not active:
        uow.emit(AccountDeactivated(book_id=str(b.id), code=code))
    return _account_view(a)


@query("finance.account.view", scope="finance.list_accounts")
def list_accounts(uow: UnitOfWork, book: UUID | str) -> list[AccountView]:
    b = get_book(uow, book)
    return [_account_view(a) for a in sorted(accounts_of(uow, b.id).values(), key=lambda a: a.code)]


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
    b = get_book(uow, book)
    years = uow.session.execute(select(FiscalYear).where(FiscalYear.book_id == b.id)
                                .order_by(FiscalYear.start_date)).scalars().all()
    periods: dict[UUID, list[Period]] = {fy.id: [] for fy in years}
    for p in uow.session.execute(select(Period).where(Period.book_id == b.id).order_by(Period.number)).scalars():
        periods.setdefault(p.fiscal_year_id, []).append(p)
    return [_fy_view_of(fy, periods[fy.id]) for fy in years]


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
    if not reason.strip():
        raise ValidationFailed("reason_required", "Say why the period is reopened (it is kept in the audit trail)",
                               "মেয়াদ কেন আবার খোলা হচ্ছে তা লিখুন", field="reason")
    b, p = _set_period_state(uow, book, fiscal_year, number, dfis.PeriodState.OPEN)
    uow.emit(PeriodReopened(book_id=str(b.id), fiscal_year=fiscal_year, period=number, reason=reason))
    return _period_view(p, fiscal_year)


@command("finance.period.lock", scope="finance.lock_period")
def lock_period(uow: UnitOfWork, book: UUID | str, fiscal_year: str, number: int) -> PeriodView:
    b, p = _set_period_state(uow, book, fiscal_year, number, dfis.PeriodState.LOCKED)
    uow.emit(PeriodLocked(book_id=str(b.id), fiscal_year=fiscal_year, period=number))
    return _period_view(p, fiscal_year)


# ---- currencies and rates ------------------------------------------------------------------


@command("finance.rate.manage", scope="finance.set_rate")
def set_rate(uow: UnitOfWork, book: UUID | str, currency: str, rate_date: date, rate: Decimal) -> Decimal:
    """Enter the value of one unit of `currency` in the book's base currency on `rate_date`."""
    return store_rate(uow, get_book(uow, book), currency, rate_date, rate)


def store_rate(uow: UnitOfWork, b: Book, currency: str, rate_date: date, rate: Decimal, source: str = "entered",
               field: str = "") -> Decimal:
    """Write one rate (replacing that day's); `field` prefixes error fields (an import names its row)."""
    currency = (currency or "").strip()
    if not currency or len(currency) > 64:
        raise LedgerError("currency_invalid", "Name the currency (an ISO code such as USD, or a commodity)",
                          "মুদ্রার নাম দিন (যেমন USD)", field=f"{field}currency")
    if currency == b.base_currency or currency == b.base_commodity:
        raise LedgerError("rate_base_currency", f"{currency} is the book's base currency; its rate is always 1",
                          f"{currency} খাতার মূল মুদ্রা; এর হার সবসময় ১", field=f"{field}currency")
    try:
        rate = Decimal(str(rate).strip())
    except ArithmeticError:
        rate = Decimal("NaN")
    if not rate.is_finite() or rate <= 0:
        raise LedgerError("rate_invalid", "An exchange rate must be a positive number", "বিনিময় হার ধনাত্মক হতে হবে",
                          field=f"{field}rate")
    if uow.session.execute(select(Currency).where(Currency.book_id == b.id, Currency.code == currency)
                           ).scalar_one_or_none() is None:
        uow.session.add(Currency(book_id=b.id, code=currency, name=currency, decimals=2))
        uow.session.flush()
    row = uow.session.execute(select(ExchangeRate).where(ExchangeRate.book_id == b.id, ExchangeRate.currency == currency,
                                                         ExchangeRate.rate_date == rate_date)).scalar_one_or_none()
    if row is None:
        uow.session.add(ExchangeRate(book_id=b.id, currency=currency, rate_date=rate_date, rate=rate, source=source))
    else:
        row.rate, row.source = rate, source
    uow.session.flush()
    return rate


def rate_on(uow: UnitOfWork, book_id: UUID, currency: str, on: date) -> Decimal | None:
    return uow.session.execute(
        select(ExchangeRate.rate).where(ExchangeRate.book_id == book_id, ExchangeRate.currency == currency,
                                        ExchangeRate.rate_date <= on)
        .order_by(ExchangeRate.rate_date.desc()).limit(1)).scalar_one_or_none()


# ---- journal entries -----------------------------------------------------------------------


def _activity(ln: Any, i: int) -> str | None:
    code = ln.activity_code
    return None if code is None else dcost.activity_code(code, ln.project_id is not None, f"lines[{i}].activity_code")


def _dims_of(ln: Any) -> dict[str, UUID | None] | None:
    """The line's dimension ids, or None when it has none (the common case, kept cheap)."""
    vals = (ln.cost_centre_id, ln.project_id, ln.department_id, ln.party_id)
    if vals == (None, None, None, None):
        return None
    return dict(zip(DIMENSIONS, vals, strict=True))


def _build(uow: UnitOfWork, b: Book, accts: dict[str, Account], entry: EntryIn, chart: dict[str, dacc.Account],
           rates: dict[tuple[str, date], Decimal | None]) -> NewEntry:
    """Validate an entry with the domain rules and turn it into rows (amounts in base and transaction currency)."""
    lines = []
    for i, ln in enumerate(entry.lines):
        cur = ln.currency or b.base_currency
        rate = ln.rate
        if rate is None:
            if cur == b.base_currency:
                rate = Decimal(1)
            else:
                key = (cur, entry.entry_date)
                if key not in rates:
                    rates[key] = rate_on(uow, b.id, cur, entry.entry_date)
                rate = rates[key]
                if rate is None:
                    raise LedgerError("rate_missing", f"Line {i + 1}: no {cur} exchange rate on or before "
                                      f"{entry.entry_date.isoformat()}; enter one or give the rate.",
                                      f"লাইন {i + 1}: {cur}-এর বিনিময় হার নেই।", field=f"lines[{i}].rate",
                                      details={"currency": cur})
        lines.append(dj.LineInput(ln.account_code, ln.debit, ln.credit, cur, rate, ln.memo))
    built = dj.validate_entry(dj.EntryInput(entry.journal_type, entry.entry_date, lines, entry.narration,
                                            entry.reference, b.base_currency), chart)
    out = []
    for i, (ln_in, jl) in enumerate(zip(entry.lines, built.lines, strict=True)):
        commodity = b.base_commodity if jl.currency == b.base_currency else jl.currency
        out.append(NewLine(account_id=accts[jl.account_code].id, commodity=commodity, quantity=jl.signed_amount,
                           base_debit=jl.base_debit, base_credit=jl.base_credit, rate=jl.rate, memo=jl.memo,
                           dims=_dims_of(ln_in), activity_code=_activity(ln_in, i)))
    return NewEntry(journal_type=built.journal_type.value, entry_date=entry.entry_date, lines=out,
                    narration=entry.narration, reference=entry.reference)


def _entry_view(uow: UnitOfWork, e: JournalEntry, with_lines: bool = True) -> EntryView:
    return entry_views(uow, [e], with_lines)[0]


def entry_views(uow: UnitOfWork, entries: Sequence[JournalEntry], with_lines: bool = True) -> list[EntryView]:
    """The views of a page of entries with their lines, read in one query for the whole page."""
    by_entry: dict[UUID, list[LineView]] = {e.id: [] for e in entries}
    if by_entry:
        rows = uow.session.execute(
            select(JournalLine, Account.code, Account.name).join(Account, Account.id == JournalLine.account_id)
            .where(JournalLine.entry_id.in_(list(by_entry))).order_by(JournalLine.entry_id, JournalLine.line_no)).all()
        for ln, code, name in rows:
            by_entry[ln.entry_id].append(LineView(
                line_no=ln.line_no, account_code=code, account_name=name, commodity=ln.commodity,
                quantity=ln.quantity, rate=ln.rate, debit=ln.quantity if ln.quantity > 0 else ZERO,
                credit=-ln.quantity if ln.quantity < 0 else ZERO, base_debit=ln.base_debit,
                base_credit=ln.base_credit, memo=ln.memo, activity_code=ln.activity_code,
                **{d: getattr(ln, d) for d in DIMENSIONS}))
    out = []
    for e in entries:
        lines = by_entry[e.id]
        out.append(EntryView(id=e.id, number=e.number, journal_type=e.journal_type, entry_date=e.entry_date,
                             status=e.status, narration=e.narration, reference=e.reference, payee=e.payee,
                             source=e.source, reverses_id=e.reverses_id, reversed_by_id=e.reversed_by_id,
                             total=sum((ln.base_debit for ln in lines), ZERO), lines=lines if with_lines else [],
                             version=e.version))
    return out


def _load_entry(uow: UnitOfWork, b: Book, entry: UUID | str, lock: bool = False) -> JournalEntry:
    q = select(JournalEntry).where(JournalEntry.book_id == b.id)
    try:
        q = q.where(JournalEntry.id == UUID(str(entry)))
    except ValueError:
        q = q.where(JournalEntry.number == str(entry))
    if lock:
        q = q.with_for_update()
    row = uow.session.execute(q).scalar_one_or_none()
    if row is None:
        raise NotFound("journal entry", entry, field="entry")
    return row


@command("finance.journal.create", scope="finance.create_draft")
def create_draft(uow: UnitOfWork, book: UUID | str, entry: EntryIn) -> EntryView:
    """Save an entry without posting: it is validated when posted, so drafts may be incomplete."""
    b = get_book(uow, book)
    _hold_parties(b, _line_parties(entry.lines))
    _check_references(b, _named_lines(entry.lines))
    accts = accounts_of(uow, b.id)
    cal = posting.load_calendar(uow.session, b.id)
    new = NewEntry(journal_type=entry.journal_type, entry_date=entry.entry_date, lines=[],
                   narration=entry.narration, reference=entry.reference)
    new.period = cal.for_date(entry.entry_date)
    for i, ln in enumerate(entry.lines):
        a = accts.get(ln.account_code)
        if a is None:
            raise LedgerError("account_unknown", f"Line {i + 1}: account {ln.account_code} does not exist.",
                              f"লাইন {i + 1}: হিসাব {ln.account_code} নেই।", field=f"lines[{i}].account_code")
        for name in ("debit", "credit", "rate"):  # rows go in driver-ready: bound them as the columns would
            value = getattr(ln, name)
            if value is not None:
                check_amount(to_decimal(value, f"lines[{i}].{name}"), f"lines[{i}].{name}")
        new.lines.append(NewLine(account_id=a.id, commodity=ln.currency or b.base_commodity,
                                 quantity=Decimal(ln.debit) - Decimal(ln.credit), base_debit=ZERO, base_credit=ZERO,
                                 rate=ln.rate or Decimal(1), memo=ln.memo,
                                 dims=_dims_of(ln), activity_code=_activity(ln, i)))
    tid = context.require_tenant()
    posting.write_rows(uow.session, JournalEntry.__table__, posting.ENTRY_COLS,
                       posting.entry_rows([new], b.id, tid, "draft"))
    posting.write_rows(uow.session, JournalLine.__table__, posting.LINE_COLS,
                       posting.line_rows([new], b.id, tid, posted=False))
    return _entry_view(uow, uow.session.get(JournalEntry, new.id))


def _trimmed(q: Decimal) -> Decimal:
    return q.quantize(ONE) if q == q.to_integral_value() else q.normalize()


def _draft_input(uow: UnitOfWork, b: Book, e: JournalEntry) -> EntryIn:
    rows = uow.session.execute(select(JournalLine, Account.code).join(Account, Account.id == JournalLine.account_id)
                               .where(JournalLine.entry_id == e.id).order_by(JournalLine.line_no)).all()
    lines = []
    for ln, code in rows:
        cur = b.base_currency if ln.commodity == b.base_commodity else ln.commodity
        q = _trimmed(ln.quantity)  # stored at 6 places; the entry's rules count the written decimals
        lines.append(LineIn(account_code=code, debit=q if q > 0 else ZERO, credit=-q if q < 0 else ZERO,
                            currency=cur, rate=None if cur == b.base_currency else ln.rate, memo=ln.memo,
                            activity_code=ln.activity_code, **{d: getattr(ln, d) for d in DIMENSIONS}))
    return EntryIn(journal_type=e.journal_type, entry_date=e.entry_date, lines=lines, narration=e.narration,
                   reference=e.reference)


@command("finance.journal.post", scope="finance.post_draft")
def post_draft(uow: UnitOfWork, book: UUID | str, entry: UUID | str) -> EntryView:
    b = get_book(uow, book)
    e = _load_entry(uow, b, entry, lock=True)
    if e.status != "draft":
        raise LedgerError("entry_not_draft", f"Entry {e.number} is already {e.status}.", f"এন্ট্রি {e.number} ইতিমধ্যে "
                          f"{e.status}।", field="entry")
    data = _draft_input(uow, b, e)
    approvals.check_may_post(b, e.id, data)  # an entry that needs approval waits for it (issue 13)
    uow.session.execute(delete(JournalLine.__table__).where(JournalLine.entry_id == e.id))
    uow.session.execute(delete(JournalEntry.__table__).where(JournalEntry.id == e.id))
    uow.session.expunge(e)
    view = _post(uow, b, data, entry_id=e.id)
    return view


def _hold_parties(b: Book, named: Iterable[tuple[str, UUID | None]]) -> None:
    """Every party a line names must exist in master_data (and not be merged away); the book then
    holds it, so master_data refuses to delete or deactivate it (archive instead): posted lines are
    never deleted, only reversed. `named`: (field, party id) pairs, the field for the error."""
    seen: set[UUID] = set()
    for field, pid in named:
        if pid is None or pid in seen:
            continue
        seen.add(pid)
        try:
            with context.calling_as(MODULE):  # as finance for the user: they need no master-data right
                master_data.register_reference("party", pid, "finance", f"ledger {b.code}", field=field)
        except NotFound:
            raise LedgerError("party_unknown", f"No party {pid}: pick one from the party list",
                              f"পার্টি {pid} নেই: তালিকা থেকে বেছে নিন", field=field) from None


_REFERENCES = (  # line field, what (en, bn), the owning module's batched lookup: id -> company
    ("project_id", "project", "প্রকল্প", lambda ids: projects.project_companies(ids)),
    ("cost_centre_id", "cost centre", "কস্ট সেন্টার", lambda ids: organization.cost_centre_companies(ids)),
    ("department_id", "department", "বিভাগ", lambda ids: organization.department_companies(ids)),
)


def _check_references(b: Book, named: Iterable[tuple[str, LineIn]]) -> None:
    """The project, activity, cost centre and department each line names must exist in the tenant
    and belong to the book's company (one of another company is unknown here, as elsewhere);
    asked through the owning module's api, one query per kind for all lines (a bulk post stays
    fast), refused with the line's field (`lines[2].project_id`, `entries[0].lines[2]...`). The lookups
    need no permission and only the owning module's tables (migrated for every shipped module), so they
    work in a process that serves finance alone too."""
    lines = [(prefix, ln) for prefix, ln in named if _has_references(ln)]
    if not lines:
        return
    for attr, what, what_bn, lookup in _REFERENCES:
        ids = {getattr(ln, attr) for _p, ln in lines} - {None}
        if not ids:
            continue
        found = lookup(ids)
        for prefix, ln in lines:
            ref = getattr(ln, attr)
            if ref is None or ref in found and (b.company_id is None or found[ref] in (None, b.company_id)):
                continue
            raise LedgerError(f"{attr.removesuffix('_id')}_unknown", f"No {what} {ref}: pick one from the list",
                              f"{what_bn} {ref} নেই: তালিকা থেকে বেছে নিন", field=f"{prefix}{attr}",
                              details={"id": str(ref)})
    pairs = {}
    for prefix, ln in lines:
        code = (ln.activity_code or "").strip()
        if code and ln.project_id is not None:
            pairs.setdefault((ln.project_id, code), prefix)
    if pairs:
        known = projects.existing_activities(pairs)
        for (pid, code), prefix in pairs.items():
            if (pid, code) not in known:
                raise LedgerError("activity_unknown", f"Project {pid} has no activity {code}: pick one from the list",
                                  f"প্রকল্প {pid}-এ কার্যক্রম {code} নেই: তালিকা থেকে বেছে নিন",
                                  field=f"{prefix}activity_code", details={"project_id": str(pid), "code": code})


def _has_references(ln: LineIn) -> bool:
    return ln.project_id is not None or ln.cost_centre_id is not None or ln.department_id is not None


def _named_lines(lines: Sequence[LineIn], prefix: str = "") -> Iterator[tuple[str, LineIn]]:
    """(field prefix, line) of the lines that name a project, cost centre or department."""
    return ((f"{prefix}lines[{i}].", ln) for i, ln in enumerate(lines) if _has_references(ln))


def _line_parties(lines: Sequence[LineIn], prefix: str = "") -> Iterator[tuple[str, UUID | None]]:
    return ((f"{prefix}lines[{i}].party_id", ln.party_id) for i, ln in enumerate(lines))


_PAYABLE_SUBTYPES = frozenset({dacc.AccountSubtype.PAYABLE.value, dacc.AccountSubtype.RETENTION_PAYABLE.value})


def _check_payees(accts: dict[str, Account], named: Iterable[tuple[str, LineIn]]) -> None:
    """A line crediting a payable account for a party makes the company owe it: master_data refuses
    that for a blacklisted vendor (`named`: (field prefix, line); debits, paying it, stay allowed)."""
    master_data.check_payees(
        (f"{prefix}party_id", ln.party_id) for prefix, ln in named
        if ln.party_id is not None and ln.credit > 0 and getattr(accts.get(ln.account_code), "subtype", None)
        in _PAYABLE_SUBTYPES)


def _post(uow: UnitOfWork, b: Book, entry: EntryIn, entry_id: UUID | None = None, source: str = "manual") -> EntryView:
    _hold_parties(b, _line_parties(entry.lines))
    _check_references(b, _named_lines(entry.lines))
    accts = accounts_of(uow, b.id)
    _check_payees(accts, ((f"lines[{i}].", ln) for i, ln in enumerate(entry.lines)))
    new = _build(uow, b, accts, entry, domain_chart(accts), {})
    new.source = source
    if entry_id is not None:
        new.id = entry_id
    posting.insert_posted(uow.session, b.id, context.require_tenant(), [new])
    _emit_posted(uow, b, new, project_costs.cost_account_ids(accts.values()))
    return _entry_view(uow, uow.session.get(JournalEntry, new.id))


def _emit_posted(uow: UnitOfWork, b: Book, new: NewEntry, cost_ids: frozenset[UUID]) -> None:
    """`finance.journal.posted` for one posted entry, with its project cost lines."""
    costs = project_costs.cost_lines(new, cost_ids, b.base_currency) if project_costs.has_project(new) else []
    uow.emit(JournalPosted(book_id=str(b.id), entry_id=str(new.id), number=new.number,
                           journal_type=new.journal_type, entry_date=new.entry_date.isoformat(),
                           total=str(sum((ln.base_debit for ln in new.lines), ZERO)), cost_lines=costs,
                           reverses_id=str(new.reverses_id) if new.reverses_id else None))


@command("finance.journal.post", scope="finance.post_entry")
def post_entry(uow: UnitOfWork, book: UUID | str, entry: EntryIn) -> EntryView:
    """Validate and post one entry; its number and the balances are written in the same transaction."""
    b = get_book(uow, book)
    approvals.check_may_post(b, None, entry)  # above the approval threshold: draft and submit instead
    return _post(uow, b, entry)


def _bulk_entries(uow: UnitOfWork, b: Book, accts: dict[str, Account], entries: list[EntryIn],
                  source: str) -> list[NewEntry]:
    """Validate and build a bulk post's entries; errors name the entry (`entries[i]...`)."""
    refs = {c: fastpath.AccountRef(a.id, a.is_group, a.is_active, a.currency) for c, a in accts.items()}
    chart: dict[str, dacc.Account] | None = None
    rates: dict[tuple[str, date], Decimal | None] = {}
    base, commodity = b.base_currency, b.base_commodity
    # the fast path's integer amounts are in the base currency's minor units: stored as is when the
    # amount columns keep the same scale (2: BDT, USD, ...), else the writer converts the Decimals
    minor_ok = minor_units(base) == posting.MONEY_SCALE
    built = []
    # ids count up in date order (ties: input order), so the batch goes into every index in key order
    ids: list[UUID] = [None] * len(entries)  # type: ignore[list-item]
    for k, new_id in zip(sorted(range(len(entries)), key=lambda k: entries[k].entry_date),
                         posting.line_ids(len(entries)), strict=True):
        ids[k] = new_id
    for i, e in enumerate(entries):
        try:
            simple = fastpath.simple_lines(e.journal_type, e.lines, refs, base)
            if simple is not None:  # the common case: no domain objects, same rules
                new = NewEntry(journal_type=e.journal_type, entry_date=e.entry_date, narration=e.narration,
                               reference=e.reference, source=source, id=ids[i], lines=[
                                   NewLine(acc.id, commodity, dr - cr, dr, cr, ONE, ln.memo, dims=_dims_of(ln),
                                           activity_code=None if ln.activity_code is None else _activity(ln, j),
                                           minor=units if minor_ok else None)
                                   for j, ((acc, dr, cr, units), ln) in enumerate(zip(simple, e.lines, strict=True))])
                built.append(new)
                continue
            if chart is None:
                chart = domain_chart(accts)
            new = _build(uow, b, accts, e, chart, rates)
        except LedgerError as exc:
            exc.field = f"entries[{i}].{exc.field}" if exc.field else f"entries[{i}]"
            exc.details["entry_index"] = i
            raise
        new.source = source
        built.append(new)
    return built


@command("finance.journal.import", scope="finance.post_bulk")
def post_bulk(uow: UnitOfWork, book: UUID | str, entries: list[EntryIn], source: str = "bulk") -> BulkResult:
    """Post many entries in one transaction (imports, integrations): all or nothing.

    Errors name the entry (`entries[i]...`). Rows go in driver-ready with one executemany per table and
    balances with one aggregated upsert, which is what makes this path fast."""
    b = get_book(uow, book)
    _hold_parties(b, (pair for i, e in enumerate(entries) for pair in _line_parties(e.lines, f"entries[{i}].")))
    _check_references(b, ((f"entries[{i}].lines[{j}].", ln) for i, e in enumerate(entries)
                          for j, ln in enumerate(e.lines) if _has_references(ln)))  # no string per plain line
    accts = accounts_of(uow, b.id)
    _check_payees(accts, ((f"entries[{i}].lines[{j}].", ln) for i, e in enumerate(entries)
                          for j, ln in enumerate(e.lines) if ln.party_id is not None))
    with posting.gc_paused(len(entries)):
        built = _bulk_entries(uow, b, accts, entries, source)
        posting.insert_posted(uow.session, b.id, context.require_tenant(), built)
    cost_ids: frozenset[UUID] | None = None
    for new in built:  # projects hear of each entry that carries project costs (few in a bulk import)
        if project_costs.has_project(new):
            cost_ids = cost_ids or project_costs.cost_account_ids(accts.values())
            _emit_posted(uow, b, new, cost_ids)
    first = min((e.number for e in built), default=None)
    last = max((e.number for e in built), default=None)
    uow.emit(JournalBulkPosted(book_id=str(b.id), count=len(built), first_number=first, last_number=last,
                               source=source))
    return BulkResult(count=len(built), lines=sum(len(e.lines) for e in built), first_number=first, last_number=last,
                      ids=[e.id for e in built] if len(built) <= 1000 else [])


def _reversal_of(uow: UnitOfWork, b: Book, e: JournalEntry, on: date, narration: str | None) -> NewEntry:
    rows = uow.session.execute(select(JournalLine).where(JournalLine.entry_id == e.id).order_by(JournalLine.line_no)
                               ).scalars().all()
    lines = [NewLine(account_id=ln.account_id, commodity=ln.commodity, quantity=-ln.quantity,
                     base_debit=ln.base_credit, base_credit=ln.base_debit, rate=ln.rate, memo=ln.memo,
                     price_commodity=ln.price_commodity, price=ln.price, cost_commodity=ln.cost_commodity,
                     cost_quantity=-ln.cost_quantity if ln.cost_quantity is not None else None,
                     dims=_dims_of(ln), activity_code=ln.activity_code) for ln in rows]
    return NewEntry(journal_type="reversal", entry_date=on, lines=lines,
                    narration=narration if narration is not None else f"Reversal of {e.number}",
                    reference=e.number or "", reverses_id=e.id, source="reversal")


_STATUS_BN = {"draft": "খসড়া", "posted": "পোস্ট করা", "reversed": "রিভার্স করা হয়েছে", "void": "বাতিল"}  # in messages


def _reverse(uow: UnitOfWork, b: Book, e: JournalEntry, on: date, narration: str | None = None,
             allow_closed: bool = False) -> NewEntry:
    if e.status != "posted":
        raise LedgerError("entry_not_posted", f"Entry {e.number or e.id} is {e.status}; only posted entries can be "
                          "reversed.", f"এন্ট্রি {e.number or e.id} {_STATUS_BN.get(e.status, e.status)}; শুধু পোস্ট করা এন্ট্রি রিভার্স করা "
                          "যায়।",
                          field="entry", details={"status": e.status})
    if on < e.entry_date:
        raise LedgerError("reversal_date_invalid", "A reversal cannot be dated before the entry it reverses.",
                          "রিভার্সালের তারিখ মূল এন্ট্রির আগে হতে পারে না।", field="reversal_date")
    rev = _reversal_of(uow, b, e, on, narration)
    posting.insert_posted(uow.session, b.id, context.require_tenant(), [rev], allow_closed=allow_closed)
    # the reversal is a posted entry: projects take its (negated) cost lines from finance.journal.posted
    _emit_posted(uow, b, rev, project_costs.cost_account_ids(accounts_of(uow, b.id).values()))
    e.status, e.reversed_by_id = "reversed", rev.id
    uow.session.flush()  # compare-and-set: a concurrent change of the entry is refused (Versioned)
    uow.emit(JournalReversed(book_id=str(b.id), entry_id=str(e.id), number=e.number or "", reversal_id=str(rev.id),
                             reversal_number=rev.number, reversal_date=on.isoformat()))
    return rev


@command("finance.journal.reverse", scope="finance.reverse_entry")
def reverse_entry(uow: UnitOfWork, book: UUID | str, entry: UUID | str, reversal_date: date,
                  narration: str | None = None) -> EntryView:
    """Cancel a posted entry with a full reversal dated `reversal_date`; the original stays, marked reversed."""
    b = get_book(uow, book)
    e = _load_entry(uow, b, entry, lock=True)
    rev = _reverse(uow, b, e, reversal_date, narration)
    return _entry_view(uow, uow.session.get(JournalEntry, rev.id))


@query("finance.journal.view", scope="finance.get_entry")
def get_entry(uow: UnitOfWork, book: UUID | str, entry: UUID | str) -> EntryView:
    b = get_book(uow, book)
    return _entry_view(uow, _load_entry(uow, b, entry))


@query("finance.journal.view", scope="finance.list_entries")
def list_entries(uow: UnitOfWork, book: UUID | str, *, status: str | None = None, date_from: date | None = None,
                 date_to: date | None = None, account: str | None = None, limit: int = 100,
                 offset: int = 0) -> list[EntryView]:
    check_limit_offset(limit, offset)
    b = get_book(uow, book)
    q = select(JournalEntry).where(JournalEntry.book_id == b.id)
    if status:
        q = q.where(JournalEntry.status == status)
    if date_from:
        q = q.where(JournalEntry.entry_date >= date_from)
    if date_to:
        q = q.where(JournalEntry.entry_date <= date_to)
    if account:
        acc = accounts_of(uow, b.id).get(account)
        if acc is None:
            raise NotFound("account", account, field="account")
        q = q.where(JournalEntry.id.in_(select(JournalLine.entry_id).where(JournalLine.account_id == acc.id)))
    q = q.order_by(JournalEntry.entry_date.desc(), JournalEntry.number.desc()).limit(limit).offset(offset)
    return entry_views(uow, uow.session.execute(q).scalars().all())


@query("finance.journal.view", scope="finance.page_entries")
def page_entries(uow: UnitOfWork, book: UUID | str, first: int = 50, after: str | None = None) -> Page[EntryView]:
    """One page of a book's entries in id order (ids are UUIDv7), for cursor pagination."""
    b = get_book(uow, book)
    page = paginate(uow.session, select(JournalEntry).where(JournalEntry.book_id == b.id), JournalEntry.id,
                    first=first, after=after, convert=UUID)
    return Page(entry_views(uow, page.items), page.end_cursor, page.has_next_page)


# ---- closing, revaluation, recurring -------------------------------------------------------


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
                          f"অর্থবছর {fiscal_year} ইতিমধ্যে বন্ধ।", field="fiscal_year")
    accts = accounts_of(uow, b.id)
    by_id = {a.id: a for a in accts.values()}
    signed = _signed_by_account(uow, b, fy.start_date, fy.end_date)
    re_acc = _tagged(accts, "retained_earnings")
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
    return _entry_view(uow, uow.session.get(JournalEntry, new.id))


@command("finance.period.reopen", scope="finance.reopen_fiscal_year")
def reopen_fiscal_year(uow: UnitOfWork, book: UUID | str, fiscal_year: str, reason: str) -> EntryView:
    """Undo the year-end closing by reversing its closing entry (audited with the reason)."""
    if not reason.strip():
        raise ValidationFailed("reason_required", "Say why the year is reopened (it is kept in the audit trail)",
                               "অর্থবছর কেন আবার খোলা হচ্ছে তা লিখুন", field="reason")
    b = get_book(uow, book)
    fy = uow.session.execute(select(FiscalYear).where(FiscalYear.book_id == b.id, FiscalYear.label == fiscal_year)
                             .with_for_update()).scalar_one_or_none()
    if fy is None or fy.closing_entry_id is None:
        raise LedgerError("fiscal_year_not_closed", f"Fiscal year {fiscal_year} has no closing entry.",
                          f"অর্থবছর {fiscal_year}-এর কোনো সমাপনী এন্ট্রি নেই।", field="fiscal_year")
    e = _load_entry(uow, b, fy.closing_entry_id, lock=True)
    rev = _reverse(uow, b, e, fy.end_date, f"Reopen {fiscal_year}: {reason}", allow_closed=True)
    fy.closing_entry_id = None
    uow.emit(FiscalYearReopened(book_id=str(b.id), fiscal_year=fiscal_year, reason=reason))
    return _entry_view(uow, uow.session.get(JournalEntry, rev.id))


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
    if as_of != p.end:
        raise LedgerError("revaluation_date_invalid", "Revalue at a period end.", "মেয়াদের শেষ দিনে পুনর্মূল্যায়ন করুন।",
                          field="as_of", details={"period_end": p.end.isoformat()})
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
    gain, loss = _tagged(accts, "fx_unrealised_gain"), _tagged(accts, "fx_unrealised_loss")
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
        reversal_id = str(_reverse(uow, b, e, nxt, f"Auto-reversal of {new.number}").id)
    uow.emit(RevaluationPosted(book_id=str(b.id), entry_id=str(new.id), as_of=as_of.isoformat(),
                               reversal_id=reversal_id))
    return _entry_view(uow, uow.session.get(JournalEntry, new.id))


@command("finance.journal.reverse", scope="finance.process_auto_reversals")
def process_auto_reversals(uow: UnitOfWork, book: UUID | str, as_of: date) -> int:
    """Post the pending automatic reversals (revaluations) due on or before `as_of`."""
    b = get_book(uow, book)
    due = uow.session.execute(select(JournalEntry).where(
        JournalEntry.book_id == b.id, JournalEntry.status == "posted", JournalEntry.auto_reverse_on.is_not(None),
        JournalEntry.auto_reverse_on <= as_of)).scalars().all()
    for e in due:
        _reverse(uow, b, e, e.auto_reverse_on, f"Auto-reversal of {e.number}")
    return len(due)


class RecurringInput(BaseModel):
    name: str
    lines: list[LineIn]
    start_date: date
    end_date: date | None = None
    journal_type: str = "general"
    narration: str = ""
    interval_months: int = 1


@command("finance.recurring.manage", scope="finance.create_recurring")
def create_recurring(uow: UnitOfWork, book: UUID | str, data: RecurringInput) -> RecurringView:
    return _create_recurring(uow, get_book(uow, book), data)


def _create_recurring(uow: UnitOfWork, b: Book, data: RecurringInput) -> RecurringView:
    _hold_parties(b, _line_parties(data.lines))
    _check_references(b, _named_lines(data.lines))
    accts = accounts_of(uow, b.id)
    if not data.name.strip():
        raise ValidationFailed("name_required", "Name the recurring entry", "পুনরাবৃত্ত এন্ট্রির নাম দিন", field="name")
    # validate the lines once now, so a broken template fails when it is saved, not at month end
    _build(uow, b, accts, EntryIn(journal_type=data.journal_type, entry_date=data.start_date, lines=data.lines,
                                  narration=data.narration), domain_chart(accts), {})
    if data.interval_months < 1:
        raise ValidationFailed("interval_invalid", "The interval is at least one month", "ব্যবধান অন্তত এক মাস",
                               field="interval_months")
    if data.end_date is not None and data.end_date < data.start_date:
        raise ValidationFailed("end_date_invalid", "The end date is before the start date",
                               "শেষের তারিখ শুরুর তারিখের আগে", field="end_date")
    r = RecurringTemplate(book_id=b.id, name=data.name.strip(), journal_type=data.journal_type,
                          narration=data.narration, lines=[ln.model_dump(mode="json") for ln in data.lines],
                          day_of_month=data.start_date.day, interval_months=data.interval_months,
                          next_date=data.start_date, end_date=data.end_date, is_active=True)
    uow.session.add(r)
    uow.session.flush()
    return _recurring_view(r)


def _recurring_view(r: RecurringTemplate) -> RecurringView:
    total = sum((Decimal(str(ln.get("debit") or 0)) for ln in r.lines), ZERO)
    return RecurringView(id=r.id, name=r.name, next_date=r.next_date, end_date=r.end_date, is_active=r.is_active,
                         journal_type=r.journal_type, interval_months=r.interval_months, total=total)


@command("finance.recurring.manage", scope="finance.recurring_from_entry")
def recurring_from_entry(uow: UnitOfWork, book: UUID | str, entry: UUID | str, name: str, start_date: date,
                         interval_months: int = 1, end_date: date | None = None) -> RecurringView:
    """A recurring entry with the lines of an existing entry (this month's rent, posted again monthly)."""
    b = get_book(uow, book)
    e = _load_entry(uow, b, entry)
    data = _draft_input(uow, b, e)
    return _create_recurring(uow, b, RecurringInput(
        name=name, lines=[ln.model_copy(update={"rate": None}) for ln in data.lines],  # the rate of each date
        start_date=start_date, end_date=end_date, journal_type=data.journal_type
        if data.journal_type not in ("reversal", "closing", "opening") else "general",
        narration=e.narration, interval_months=interval_months))


@command("finance.recurring.manage", scope="finance.set_recurring_active")
def set_recurring_active(uow: UnitOfWork, book: UUID | str, recurring: UUID | str, active: bool) -> RecurringView:
    """Pause or resume a recurring entry (a resumed one catches up from its next date)."""
    b = get_book(uow, book)
    r = uow.session.get(RecurringTemplate, UUID(str(recurring)), with_for_update=True)
    if r is None or r.book_id != b.id:
        raise NotFound("recurring entry", str(recurring), field="recurring")
    r.is_active = active
    uow.session.flush()
    return _recurring_view(r)


def _add_months(d: date, months: int, day: int) -> date:
    idx = d.year * 12 + d.month - 1 + months
    y, m = idx // 12, idx % 12 + 1
    return date(y, m, min(day, _cal.monthrange(y, m)[1]))


@command("finance.journal.post", scope="finance.generate_recurring")
def generate_recurring(uow: UnitOfWork, as_of: date, book: UUID | str | None = None,
                       recurring: UUID | None = None) -> list[str]:
    """Post every recurring entry due on or before `as_of` (catching up missed months); returns numbers.
    `recurring` limits it to one template (the daily job posts each on its own, so one that cannot
    post — its date in a closed period — does not hold back the others)."""
    q = select(RecurringTemplate).where(RecurringTemplate.is_active.is_(True), RecurringTemplate.next_date <= as_of)
    if book is not None:
        q = q.where(RecurringTemplate.book_id == get_book(uow, book).id)
    elif (scope := context.company_scope()) is not None:  # every book of the active company only
        q = q.where(RecurringTemplate.book_id.in_(select(Book.id).where(Book.company_id == scope)))
    if recurring is not None:
        q = q.where(RecurringTemplate.id == recurring)
    numbers: list[str] = []
    for r in uow.session.execute(q.order_by(RecurringTemplate.next_date).with_for_update()).scalars().all():
        b = uow.session.get(Book, r.book_id)
        while r.is_active and r.next_date <= as_of:
            if r.end_date is not None and r.next_date > r.end_date:
                r.is_active = False
                break
            entry = EntryIn(journal_type=r.journal_type, entry_date=r.next_date, narration=r.narration or r.name,
                            reference=f"recurring:{r.name}", lines=[LineIn(**ln) for ln in r.lines])
            numbers.append(_post(uow, b, entry, source="recurring").number or "")
            r.next_date = _add_months(r.next_date, r.interval_months, r.day_of_month)
    uow.session.flush()
    return numbers


@query("finance.journal.view", scope="finance.list_recurring")
def list_recurring(uow: UnitOfWork, book: UUID | str) -> list[RecurringView]:
    b = get_book(uow, book)
    rows = uow.session.execute(select(RecurringTemplate).where(RecurringTemplate.book_id == b.id)
                               .order_by(RecurringTemplate.next_date, RecurringTemplate.name)).scalars()
    return [_recurring_view(r) for r in rows]


def ready() -> None:
    """The module is ready when its chart template loads."""
    dacc.load_template()


def to_plain(value: Any) -> Any:
    """JSON-friendly values for CLI/REST output."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, UUID)):
        return str(value)
    return value
