"""`tax.api.vat_pricer` (the bulk post's VAT per line) gives the figures and refusals of `tax.api.vat_for`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from vextrus.modules.tax import api as tax
from vextrus.platform.errors import ValidationFailed

CODES = ["S004.00", "VAT15", "VAT10", "VAT7.5", "VAT5", "VAT2", "EXEMPT", "EXPORT0", "vat15"]
DAYS = [date(2025, 6, 30), date(2025, 7, 1), date(2026, 3, 15)]
AMOUNTS = [Decimal(0), Decimal("0.01"), Decimal("0.05"), Decimal("1037.25"), Decimal("999999.99"), Decimal(345000)]


@pytest.mark.parametrize("inclusive", [False, True])
def test_pricer_equals_vat_for(inclusive: bool) -> None:
    price = tax.vat_pricer(inclusive)
    for code in CODES:
        for on in DAYS:
            for amount in AMOUNTS:
                r = tax.vat_for(code, amount, on, inclusive=inclusive)
                rate, vat = price(code, amount, on)
                assert (rate, vat) == (r.rate, r.vat), (code, on, amount)
                assert str(vat) == str(r.vat)


@pytest.mark.parametrize(("code", "amount", "field"), [
    ("NOPE", Decimal(100), "code"),
    ("VAT15", Decimal("-1"), "amount"),
    ("VAT15", Decimal("1.001"), "amount"),
])
def test_pricer_refuses_as_vat_for(code: str, amount: Decimal, field: str) -> None:
    with pytest.raises(ValidationFailed) as expected:
        tax.vat_for(code, amount, date(2025, 8, 1))
    with pytest.raises(ValidationFailed) as got:
        tax.vat_pricer()(code, amount, date(2025, 8, 1))
    assert (got.value.code, got.value.field, got.value.message_bn) == (
        expected.value.code, expected.value.field, expected.value.message_bn) and got.value.field == field
