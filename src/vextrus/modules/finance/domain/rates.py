"""Exchange rates: what a rate entry may say (which currency, what value, which day)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .errors import LedgerError

CURRENCY_MAX = 64  # an ISO code, or a commodity name from a plain-text journal


def check_currency(currency: str | None, base_currency: str, base_commodity: str, field: str = "") -> str:
    """The currency a rate is for: named, and not the book's base (whose rate is always 1).
    `field` prefixes the error's field (an import names its row: `rows[3].`)."""
    currency = (currency or "").strip()
    if not currency or len(currency) > CURRENCY_MAX:
        raise LedgerError("currency_invalid", "Name the currency (an ISO code such as USD, or a commodity)",
                          "মুদ্রার নাম দিন (যেমন USD)", field=f"{field}currency")
    if currency in (base_currency, base_commodity):
        raise LedgerError("rate_base_currency", f"{currency} is the book's base currency; its rate is always 1",
                          f"{currency} খাতার মূল মুদ্রা; এর হার সবসময় ১", field=f"{field}currency")
    return currency


def positive_rate(rate: Decimal | str | int, field: str = "") -> Decimal:
    """An exchange rate is a finite positive number (text from a file is read as a Decimal)."""
    try:
        value = Decimal(str(rate).strip())
    except ArithmeticError:
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0:
        raise LedgerError("rate_invalid", "An exchange rate must be a positive number", "বিনিময় হার ধনাত্মক হতে হবে",
                          field=f"{field}rate")
    return value


def rate_date(text: str, field: str) -> date:
    """A rate file's date: ISO (2025-07-31), slashes allowed."""
    raw = text.strip()
    try:
        return date.fromisoformat(raw.replace("/", "-"))
    except ValueError:
        raise LedgerError("date_invalid", f"'{raw}' is not a date (write 2025-07-31)",
                          f"'{raw}' তারিখ নয় (লিখুন 2025-07-31)", field=field) from None
