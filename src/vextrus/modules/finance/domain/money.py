"""Base-currency rounding in ONE place: half-up to the currency's minor unit.

Every conversion of a transaction amount into BDT goes through ``to_base``;
nothing else in the ledger rounds money.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

BASE_CURRENCY = "BDT"
ZERO = Decimal("0")

# ISO 4217 minor units for currencies a BD construction firm meets; default 2.
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "KWD": 3, "BHD": 3, "OMR": 3}


def minor_units(currency: str) -> int:
    """Decimal places of a currency (BDT, USD, EUR: 2)."""
    return _MINOR_UNITS.get(currency.upper(), 2)


def quantum(currency: str) -> Decimal:
    """Smallest unit of a currency as a Decimal (0.01 for BDT)."""
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(amount: Decimal, currency: str = BASE_CURRENCY) -> Decimal:
    """Round half-up to the currency's minor unit (the only rounding rule)."""
    return Decimal(amount).quantize(quantum(currency), rounding=ROUND_HALF_UP)


def to_base(amount: Decimal, rate: Decimal, base_currency: str = BASE_CURRENCY) -> Decimal:
    """Transaction amount × rate, rounded half-up to the base currency."""
    return round_money(Decimal(amount) * Decimal(rate), base_currency)


def decimals_of(amount: Decimal) -> int:
    """How many decimal places a Decimal carries (0 for integers)."""
    exp = Decimal(amount).as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0
