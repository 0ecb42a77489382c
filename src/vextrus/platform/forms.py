"""Reading what a user typed into a page or query string: numbers and dates, parsed in one place.

Every page handler turns text into a number or a date through these functions instead of calling
`float()`, `Decimal()`, `int()` or `date.fromisoformat()` itself, so a bad value is never a 500
and never Python's own words ("could not convert string to float", "[<class
'decimal.ConversionSyntax'>]"): it is a `ValidationFailed` with a code, the field, and a message
in English and Bangla quoting what was typed, which the page shows next to the form it keeps.

Accepted everywhere: surrounding spaces, Bangla digits (১২.৫), lakh/crore or thousands commas
(1,50,000), and a blank field as None (unless `required`).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import NoReturn

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_ascii_digits

MAX_SHOWN = 40  # characters of the typed value quoted back in a message


def _shown(text: str) -> str:
    t = text.strip()
    return t if len(t) <= MAX_SHOWN else t[:MAX_SHOWN] + "…"


def _prefix(label: str | None, label_bn: str | None) -> tuple[str, str]:
    return (f"{label}: " if label else ""), (f"{label_bn or label}: " if (label_bn or label) else "")


def _missing(field: str, label: str | None, label_bn: str | None) -> ValidationFailed:
    en, bn = _prefix(label, label_bn)
    return ValidationFailed("field_required", f"{en}a value is required", f"{bn}একটি মান দিতে হবে", field=field)


def _clean(text: object) -> str:
    return to_ascii_digits("" if text is None else str(text)).strip()


def decimal(text: object, field: str, *, label: str | None = None, label_bn: str | None = None,
            required: bool = False) -> Decimal | None:
    """`text` as an exact Decimal (None when blank and not `required`)."""
    raw = _clean(text)
    if not raw:
        if required:
            raise _missing(field, label, label_bn)
        return None
    try:
        value = Decimal(raw.replace(",", "").replace("_", "x"))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        en, bn = _prefix(label, label_bn)
        shown = _shown(str(text))
        raise ValidationFailed("number_invalid", f"{en}'{shown}' is not a number (for example 1,250.50)",
                               f"{bn}'{shown}' সংখ্যা নয় (যেমন ১,২৫০.৫০)", field=field, details={"value": shown})
    return value


def number(text: object, field: str, *, label: str | None = None, label_bn: str | None = None,
           required: bool = False) -> float | None:
    """`text` as a float, for measures that are floats in the domain (durations, percentages)."""
    value = decimal(text, field, label=label, label_bn=label_bn, required=required)
    if value is None:
        return None
    out = float(value)
    if not math.isfinite(out):
        en, bn = _prefix(label, label_bn)
        shown = _shown(str(text))
        raise ValidationFailed("number_invalid", f"{en}'{shown}' is too large", f"{bn}'{shown}' অনেক বড়",
                               field=field, details={"value": shown})
    return out


def integer(text: object, field: str, *, label: str | None = None, label_bn: str | None = None,
            required: bool = False) -> int | None:
    """`text` as a whole number."""
    raw = _clean(text).replace(",", "")
    if not raw:
        if required:
            raise _missing(field, label, label_bn)
        return None
    if not (raw.isascii() and raw.lstrip("+-").isdigit()) or len(raw) > 18:
        en, bn = _prefix(label, label_bn)
        shown = _shown(str(text))
        raise ValidationFailed("integer_invalid", f"{en}'{shown}' is not a whole number",
                               f"{bn}'{shown}' পূর্ণসংখ্যা নয়", field=field, details={"value": shown})
    return int(raw)


def day(text: object, field: str, *, label: str | None = None, label_bn: str | None = None,
        required: bool = False) -> date | None:
    """`text` as a date written YYYY-MM-DD (what a date input sends)."""
    raw = _clean(text)
    if not raw:
        if required:
            raise _missing(field, label, label_bn)
        return None
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else _bad_date(text, field, label, label_bn)
    except ValueError:
        return _bad_date(text, field, label, label_bn)


def moment(text: object, field: str, *, label: str | None = None, label_bn: str | None = None,
           required: bool = False) -> datetime | None:
    """`text` as a date and time (YYYY-MM-DD, optionally followed by a time such as T17:00)."""
    raw = _clean(text)
    if not raw:
        if required:
            raise _missing(field, label, label_bn)
        return None
    try:
        value = datetime.fromisoformat(raw) if len(raw) >= 10 else None
    except ValueError:
        value = None
    if value is None or value.tzinfo is not None:
        return _bad_date(text, field, label, label_bn)
    return value


def _bad_date(text: object, field: str, label: str | None, label_bn: str | None) -> NoReturn:
    en, bn = _prefix(label, label_bn)
    shown = _shown(str(text))
    raise ValidationFailed("date_invalid", f"{en}'{shown}' is not a date (write it as YYYY-MM-DD, e.g. 2025-07-31)",
                           f"{bn}'{shown}' তারিখ নয় (বছর-মাস-দিন লিখুন, যেমন ২০২৫-০৭-৩১)", field=field,
                           details={"value": shown})
