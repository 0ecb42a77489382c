"""Exchange rates: one rate entered, a CSV of rates imported (all rows or none; an error names the
row), the book's rates listed. The rate of a date for posting is `lookups.rate_on`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import csv_input
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import format_count, to_bangla_digits
from vextrus.platform.pagination import Page, check_limit_offset, paginate
from vextrus.platform.uow import UnitOfWork, command, query

from ..domain import rates as drates
from ..domain.errors import LedgerError
from ..schemas import RateImport, RateView
from ..tables import Book, Currency, ExchangeRate
from .lookups import get_book

MAX_ROWS = csv_input.DEFAULT_MAX_ROWS  # the default of VEXTRUS_IMPORT_MAX_ROWS, which applies


@command("finance.rate.manage", scope="finance.set_rate")
def set_rate(uow: UnitOfWork, book: UUID | str, currency: str, rate_date: date, rate: Decimal) -> Decimal:
    """Enter the value of one unit of `currency` in the book's base currency on `rate_date`."""
    return store_rate(uow, get_book(uow, book), currency, rate_date, rate)


def store_rate(uow: UnitOfWork, b: Book, currency: str, rate_date: date, rate: Decimal, source: str = "entered",
               field: str = "") -> Decimal:
    """Write one rate (replacing that day's); `field` prefixes error fields (an import names its row)."""
    currency = drates.check_currency(currency, b.base_currency, b.base_commodity, field)
    rate = drates.positive_rate(rate, field)
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


@query("finance.account.view", scope="finance.list_rates")
def list_rates(uow: UnitOfWork, book: str, currency: str | None = None, limit: int = 500) -> list[RateView]:
    """Newest first."""
    check_limit_offset(limit, max_limit=5000)
    b = get_book(uow, book)
    q = select(ExchangeRate).where(ExchangeRate.book_id == b.id)
    if currency:
        q = q.where(ExchangeRate.currency == currency)
    rows = uow.session.execute(q.order_by(ExchangeRate.rate_date.desc(), ExchangeRate.currency)
                               .limit(limit)).scalars()
    return [RateView(currency=r.currency, rate_date=r.rate_date, rate=r.rate.normalize(), source=r.source)
            for r in rows]


@query("finance.account.view", scope="finance.page_rates")
def page_rates(uow: UnitOfWork, book: str, currency: str | None = None, first: int = 100,
               after: str | None = None) -> Page[RateView]:
    """One cursor page of the book's rates (of one currency, when given) in the order they were first
    entered (by id; a replaced rate keeps its place)."""
    b = get_book(uow, book)
    q = select(ExchangeRate).where(ExchangeRate.book_id == b.id)
    if currency:
        q = q.where(ExchangeRate.currency == currency)
    page = paginate(uow.session, q, ExchangeRate.id, first=first, after=after, convert=UUID)
    return Page([RateView(currency=r.currency, rate_date=r.rate_date, rate=r.rate.normalize(), source=r.source)
                 for r in page.items], page.end_cursor, page.has_next_page)


def _too_many(limit: int) -> LedgerError:
    return LedgerError("rates_too_many", f"At most {limit:,} rates per file", f"এক ফাইলে সর্বোচ্চ {format_count(limit, 'bn')}টি হার",
                       field="file", details={"limit": limit})


@command("finance.rate.manage", scope="finance.import_rates")
def import_rates(uow: UnitOfWork, book: str, text: str | bytes) -> RateImport:
    """Rows `currency,date,rate` (a header row naming them is optional; `rate_date` also names the date).
    A rate already entered for that currency and day is replaced. Bytes must be UTF-8."""
    b = get_book(uow, book)
    try:  # strictly (platform.csv_input): UTF-8, quotes closed on their line, the size and row limits
        max_bytes, max_rows = csv_input.limits()
        content = csv_input.decode(text, max_bytes=max_bytes)
        rows = [r.cells for r in csv_input.read_rows(content, max_rows=max_rows + 1)]
    except ValidationFailed as exc:
        if exc.code == "import_too_many_rows":
            raise _too_many(max_rows) from None
        code = "csv_malformed" if exc.code.startswith("csv_") else exc.code  # the precise one: details.reason
        raise LedgerError(code, exc.message, exc.message_bn, field="file",
                          details={**exc.details, "reason": exc.code}) from None
    if rows and rows[0] and rows[0][0].strip().lower() in ("currency", "commodity"):
        rows = rows[1:]
    if not rows:
        raise LedgerError("rates_empty", "The file has no rates (rows: currency,date,rate)",
                          "ফাইলে কোনো হার নেই (সারি: currency,date,rate)", field="file")
    if len(rows) > max_rows:
        raise _too_many(max_rows)
    days: list[date] = []
    currencies: set[str] = set()
    for i, row in enumerate(rows):
        where = f"rows[{i}]."
        if len(row) != 3:
            raise LedgerError("rate_row_invalid", f"Row {i + 1}: write currency,date,rate",
                              f"সারি {to_bangla_digits(str(i + 1))}: মুদ্রা, তারিখ ও হার — এই তিনটি ঘর কমা দিয়ে লিখুন", field=f"rows[{i}]")
        cur, day = row[0].strip(), drates.rate_date(row[1], f"{where}date")
        store_rate(uow, b, cur, day, row[2].strip(), source="imported", field=where)  # type: ignore[arg-type]
        days.append(day)
        currencies.add(cur)
    return RateImport(count=len(rows), currencies=sorted(currencies), date_from=min(days), date_to=max(days))
