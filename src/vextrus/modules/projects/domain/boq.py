"""Bill-of-quantities values: quantities exact to 4 decimal places, quantity and rate not negative."""

from __future__ import annotations

from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import to_decimal


def check_qty_rate(quantity: Decimal, rate: Decimal) -> None:
    if quantity < 0:
        raise ValidationFailed("boq_quantity", "Quantity cannot be negative", "পরিমাণ ঋণাত্মক হতে পারে না",
                               field="quantity")
    if rate < 0:
        raise ValidationFailed("boq_rate", "Rate cannot be negative", "দর ঋণাত্মক হতে পারে না", field="rate")


def parse_quantity(v: Decimal | str | int | float) -> Decimal:
    d = to_decimal(v)
    if d != d.quantize(Decimal("0.0001")):
        raise ValidationFailed("boq_quantity_precision", "Quantity has more than 4 decimal places",
                               "পরিমাণে ৪ দশমিকের বেশি", field="quantity")
    return d
