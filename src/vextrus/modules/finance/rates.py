"""Exchange rates: the book's rates by currency and date, and CSV import (all rows or none; an error
names the row). Entering one rate is `service.set_rate`."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.pagination import check_limit_offset
from vextrus.platform.uow import UnitOfWork, command, unit_of_work

from .domain.errors import LedgerError
from .service import get_book, store_rate
from .tables import ExchangeRate

MAX_ROWS = 50_000


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


def list_rates(book: str, currency: str | None = None, limit: int = 500) -> list[RateView]:
    """Newest first."""
    context.current().require("finance.account.view")
    check_limit_offset(limit, max_limit=5000)
    with unit_of_work() as uow:
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


@command("finance.rate.manage", scope="finance.import_rates")
def import_rates(uow: UnitOfWork, book: str, text: str | bytes) -> RateImport:
    """Rows `currency,date,rate` (a header row naming them is optional; `rate_date` also names the date).
    A rate already entered for that currency and day is replaced. Bytes must be UTF-8."""
    b = get_book(uow, book)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LedgerError("file_not_utf8", f"The file is not UTF-8 text (byte {exc.start + 1})",
                              f"ফাইলটি UTF-8 লেখা নয় (বাইট {exc.start + 1})", field="file") from None
    try:
        rows = [r for r in csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True) if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise LedgerError("csv_malformed", f"The CSV file is malformed: {exc}", f"CSV ফাইলটি সঠিক নয়: {exc}",
                          field="file") from None
    if rows and rows[0] and rows[0][0].strip().lower() in ("currency", "commodity"):
        rows = rows[1:]
    if not rows:
        raise LedgerError("rates_empty", "The file has no rates (rows: currency,date,rate)",
                          "ফাইলে কোনো হার নেই (সারি: currency,date,rate)", field="file")
    if len(rows) > MAX_ROWS:
        raise LedgerError("rates_too_many", f"At most {MAX_ROWS:,} rates per file", f"এক ফাইলে সর্বোচ্চ {MAX_ROWS} হার",
                          field="file")
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
