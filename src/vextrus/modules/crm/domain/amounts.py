"""Amounts a user types on a lead, opportunity or tender: BDT, not negative, at most two decimals."""

from __future__ import annotations

from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import format_number
from vextrus.platform.money import check_amount

# the amounts' names on a Bangla page (a refusal never names the English field)
FIELD_BN = {"budget": "বাজেট", "area_sft": "আয়তন (বর্গফুট)", "bid_security_amount": "দরপত্র জামানতের পরিমাণ",
            "estimated_value": "আনুমানিক মূল্য", "bid_price": "দরের মূল্য", "winner_price": "বিজয়ীর দর",
            "expected_value": "প্রত্যাশিত মূল্য"}


def amount(value: Decimal | None, field: str, *, required: bool = False) -> Decimal | None:
    if value is None:
        if required:
            raise ValidationFailed("crm.amount_missing", f"{field}: a value is required", f"{FIELD_BN.get(field, 'টাকার অঙ্ক')}: একটি মান দিতে হবে",
                                   field=field)
        return None
    if value.is_finite() and value < 0:
        raise ValidationFailed("crm.amount_negative", f"{field}: {value} must not be negative",
                               f"{FIELD_BN.get(field, 'টাকার অঙ্ক')}: {format_number(value, 2, 'bn')} ঋণাত্মক হতে পারে না", field=field)
    return check_amount(value, field, places=2)


def text(value: str | None, field: str, en: str, bn: str) -> str:
    out = (value or "").strip()
    if not out:
        raise ValidationFailed("crm.text_missing", f"{en} is required", f"{bn} দিতে হবে", field=field)
    return out
