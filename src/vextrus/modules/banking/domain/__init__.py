"""Pure rules of banking: no I/O, no SQLAlchemy, FastAPI or Strawberry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from vextrus.platform import i18n
from vextrus.platform.errors import DomainError, ValidationFailed


def bn(value: object) -> str:
    """A number, amount or date as a Bangla message writes it: Bangla digits, amounts with lakh commas
    (১২,৩৪,৫৬৭.৮৯), dates in Bangla month names."""
    if isinstance(value, Decimal):
        return i18n.format_number(value, 2, "bn")
    if isinstance(value, date):
        return i18n.format_date(value, "bn")
    return i18n.to_bangla_digits(str(value))


def required(raw: str, field: str, what: str, what_bn: str, limit: int = 200) -> str:
    text = (raw or "").strip()
    if not text:
        raise ValidationFailed("banking.field_missing", f"Give the {what}", f"{what_bn} দিন", field=field)
    if len(text) > limit:
        raise ValidationFailed("banking.field_too_long", f"The {what} is at most {limit} characters",
                               f"{what_bn} সর্বোচ্চ {bn(limit)} অক্ষর", field=field)
    return text


class BankingRowMissing(DomainError):
    status = 404

    def __init__(self, what: str, what_bn: str, key: object):
        super().__init__("not_found", f"{what} '{key}' was not found", f"{what_bn} '{key}' পাওয়া যায়নি",
                         details={"object": what, "key": str(key)})
