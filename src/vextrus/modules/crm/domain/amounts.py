"""Amounts a user types on a lead, opportunity or tender: BDT, not negative, at most two decimals."""

from __future__ import annotations

from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import check_amount


def amount(value: Decimal | None, field: str, *, required: bool = False) -> Decimal | None:
    if value is None:
        if required:
            raise ValidationFailed("crm.amount_missing", f"{field}: a value is required", f"{field}: একটি মান দিতে হবে",
                                   field=field)
        return None
    if value.is_finite() and value < 0:
        raise ValidationFailed("crm.amount_negative", f"{field}: {value} must not be negative",
                               f"{field}: {value} ঋণাত্মক হতে পারে না", field=field)
    return check_amount(value, field, places=2)


def text(value: str | None, field: str, en: str, bn: str) -> str:
    out = (value or "").strip()
    if not out:
        raise ValidationFailed("crm.text_missing", f"{en} is required", f"{bn} দিতে হবে", field=field)
    return out
