"""Exchange rates: the book's rates by currency and date, and CSV import (all rows or none; an error
names the row). Entering one rate is `service.set_rate`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import select

from vextrus.platform import csv_input
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.pagination import check_limit_offset
from vextrus.platform.uow import UnitOfWork, command, query

from .domain.errors import LedgerError
from .service import get_book, store_rate
from .tables import ExchangeRate

MAX_ROWS = csv_input.DEFAULT_MAX_ROWS  # the default of VEXTRUS_IMPORT_MAX_ROWS, which applies


class RateView(BaseModel):
    currency: str
    rate_date: date
    rate: Decimal
    source: str


class RateImport(BaseModel):
    count: int
    currencies: list[str]
    date_from: date | None
    date_to: date | None


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


def _date(text: str, field: str) -> date:
    raw = text.strip()
    try:
        return date.fromisoformat(raw.replace("/", "-"))
    except ValueError:
        raise LedgerError("date_invalid", f"'{raw}' is not a date (write 2025-07-31)",
                          f"'{raw}' তারিখ নয় (লিখুন 2025-07-31)", field=field) from None


def _too_many(limit: int) -> LedgerError:
    return LedgerError("rates_too_many", f"At most {limit:,} rates per file", f"এক ফাইলে সর্বোচ্চ {limit} হার",
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
                              f"সারি {i + 1}: currency,date,rate লিখুন", field=f"rows[{i}]")
        cur, day = row[0].strip(), _date(row[1], f"{where}date")
        store_rate(uow, b, cur, day, row[2].strip(), source="imported", field=where)  # type: ignore[arg-type]
        days.append(day)
        currencies.add(cur)
    return RateImport(count=len(rows), currencies=sorted(currencies), date_from=min(days), date_to=max(days))
