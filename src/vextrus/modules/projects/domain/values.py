"""Input coercion of the projects commands: text from forms, REST and GraphQL JSON becomes the stored
types (dates, date-times, ids, codes), or a ValidationFailed naming the field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from vextrus.platform import clock
from vextrus.platform.errors import ValidationFailed


def parse_moments(changes: dict[str, Any], keys: tuple[str, ...]) -> None:
    """Dates given as ISO text (REST, GraphQL JSON) become datetimes; empty text clears."""
    for k in keys:
        v = changes.get(k)
        if isinstance(v, str):
            try:
                changes[k] = datetime.fromisoformat(v) if v.strip() else None
            except ValueError:
                raise ValidationFailed("date_invalid", f"{k}: not a date-time ({v})", "তারিখ-সময় সঠিক নয়",
                                       field=k) from None
        if isinstance(changes.get(k), datetime):
            clock.check_date(changes[k], k)
            changes[k] = clock.local_naive(changes[k])


def parse_day(value: object, field: str) -> date | None:
    """A date, ISO text (REST, forms) or empty (none)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationFailed("date_invalid", f"{field}: not a date ({value})", "তারিখ সঠিক নয়",
                               field=field) from None


def parse_uuid(value: object, field: str) -> UUID | None:
    if value is None or isinstance(value, UUID):
        return value
    try:
        return UUID(str(value).strip()) if str(value).strip() else None
    except ValueError:
        raise ValidationFailed("id_invalid", f"{field}: not a valid id", "আইডি সঠিক নয়", field=field) from None


def check_site_code(value: object, field: str) -> str | None:
    text = str(value).strip() if value is not None else ""
    if len(text) > 20:
        raise ValidationFailed("site_code", f"{field}: at most 20 characters", "সর্বোচ্চ ২০ অক্ষর", field=field)
    return text or None


def check_currency(value: object) -> str:
    text = str(value or "").strip().upper()
    if len(text) != 3 or not text.isalpha():
        raise ValidationFailed("currency_invalid", "A currency is a 3-letter ISO code (BDT)",
                               "মুদ্রা ৩ অক্ষরের আইএসও কোড (BDT)", field="currency")
    return text
