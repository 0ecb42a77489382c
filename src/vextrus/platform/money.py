"""Money: Decimal + ISO currency, with rounding rules in exactly one place.

Never float. Amounts are quantised to the currency's minor unit only when asked
(`rounded()`), so intermediate results (rates, tax bases) keep full precision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import get_currency_precision

from vextrus.platform.errors import ValidationFailed

BASE_CURRENCY = "BDT"
ZERO = Decimal(0)

CURRENCY_SYMBOLS = {"BDT": "৳", "USD": "$", "EUR": "€", "GBP": "£", "INR": "₹", "JPY": "¥", "CNY": "¥"}

ROUNDING = ROUND_HALF_UP  # the one rounding rule for amounts

MAX_AMOUNT = Decimal(10) ** 12
"""Every amount (money, quantity, price, rate) must be below this in magnitude (one lakh crore): at
six decimals it still fits the scaled BIGINT columns of both databases (2^63 ≈ 9.2 × 10^18)."""


@lru_cache(maxsize=32)
def _step(places: int) -> Decimal:
    """10^-places (0.01 for 2), made once per scale."""
    return Decimal(1).scaleb(-places)


def _bn_whole(n: Decimal | int) -> str:
    """A whole number in a Bangla message: lakh/crore grouping, Bangla digits (no English field name beside it)."""
    from vextrus.platform.i18n import format_number

    return format_number(Decimal(n), 0, "bn")


def check_amount(value: Decimal, field: str, places: int | None = None, limit: Decimal = MAX_AMOUNT) -> Decimal:
    """Refuse, naming the field, an amount a column cannot hold: too large, or more decimals than kept."""
    if not value.is_finite():
        raise ValidationFailed("amount_malformed", "Amount must be a finite number",
                               "পরিমাণ একটি সসীম সংখ্যা হতে হবে", field=field)
    if abs(value) >= limit:
        raise ValidationFailed(
            "amount_too_large", f"{field}: {value} is too large (it must be below {limit:,.0f})",
            f"এই ঘরের পরিমাণ অনেক বড়: {_bn_whole(limit)} এর কম হতে হবে", field=field,
            details={"max": str(limit)},
        )
    if places is not None and value != value.quantize(_step(places), rounding=ROUND_DOWN):
        raise ValidationFailed(
            "amount_precision", f"{field}: {value} has more than {places} decimal places",
            f"এই ঘরের পরিমাণে দশমিকের পরে সর্বোচ্চ {_bn_whole(places)}টি অঙ্ক দেওয়া যায়", field=field,
            details={"scale": places},
        )
    return value


@lru_cache(maxsize=512)
def minor_units(currency: str) -> int:
    """Decimal places of a currency, from the one table: CLDR's currency data as Babel ships it
    (BDT, USD: 2; JPY, KRW: 0; KWD, BHD: 3). A code it does not know (a commodity) keeps 2."""
    return get_currency_precision(currency.upper())


@lru_cache(maxsize=512)
def quantum(currency: str) -> Decimal:
    """The smallest unit of a currency (0.01 for BDT); kept per currency (a Decimal never changes)."""
    return Decimal(1).scaleb(-minor_units(currency))


def decimals_of(amount: Decimal) -> int:
    """How many decimal places a Decimal carries (0 for integers)."""
    exp = Decimal(amount).as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def places_to_print(values: Iterable[Decimal], least: int = 2, most: int = 4) -> int:
    """Decimals that print every value exactly (trailing zeros aside), at least `least`, at most `most`:
    one column of quantities on a printed bill or quotation."""
    return max([least, *(min(decimals_of(Decimal(v).normalize()), most) for v in values)])


def to_decimal(value: object, field: str = "amount") -> Decimal:
    """Parse an amount exactly; floats are refused because they are already inexact."""
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, (bool, float)):
        raise ValidationFailed(
            "amount_float", "Amounts must be given as exact decimals, not floats",
            "পরিমাণ দশমিক সংখ্যা হিসেবে দিতে হবে, float নয়", field=field,
        )
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, str):
        try:
            d = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            d = None  # type: ignore[assignment]
        if d is None:
            raise ValidationFailed(
                "amount_malformed", f"'{value}' is not a valid amount",
                f"'{value}' সঠিক পরিমাণ নয়", field=field,
            )
    else:
        raise ValidationFailed("amount_malformed", f"'{value!r}' is not a valid amount",
                               f"'{value!r}' সঠিক পরিমাণ নয়", field=field)
    if not d.is_finite():
        raise ValidationFailed("amount_malformed", "Amount must be a finite number",
                               "পরিমাণ একটি সসীম সংখ্যা হতে হবে", field=field)
    return d


def round_amount(amount: Decimal, currency: str = BASE_CURRENCY) -> Decimal:
    """Round to the currency's minor unit, half-up: the single rounding rule."""
    # a Decimal as is (`Decimal(d)` is an equal copy): this runs for every line of a bulk post
    return (amount if type(amount) is Decimal else Decimal(amount)).quantize(quantum(currency), rounding=ROUNDING)


def to_base(amount: Decimal, rate: Decimal, base_currency: str = BASE_CURRENCY) -> Decimal:
    """A transaction amount in the base currency: amount × rate, rounded by the one rule."""
    return round_amount(Decimal(amount) * Decimal(rate), base_currency)


def round_places(value: Decimal, places: int) -> Decimal:
    """Half-up to `places` decimals, for what is not money in a currency (ratios, indices, rates)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING)


def divide_half_up(n: int, d: int) -> int:
    """n / d (d > 0) in whole minor units, halves away from zero: the one rounding rule (`ROUNDING`) applied
    to the exact ratio of two integers, for arithmetic kept in poisha (no intermediate rounding)."""
    q, r = divmod(abs(n), d)
    if 2 * r >= d:
        q += 1
    return q if n >= 0 else -q


def truncate_amount(amount: Decimal, places: int = 0) -> Decimal:
    """Truncate toward zero (income tax is truncated to the taka)."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str = BASE_CURRENCY

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", to_decimal(self.amount))
        if len(self.currency) != 3 or not self.currency.isupper():
            raise ValidationFailed("currency_invalid", f"'{self.currency}' is not an ISO currency code",
                                   f"'{self.currency}' সঠিক মুদ্রা কোড নয়", field="currency")

    @classmethod
    def of(cls, amount: object, currency: str = BASE_CURRENCY) -> Money:
        return cls(to_decimal(amount), currency)

    @classmethod
    def zero(cls, currency: str = BASE_CURRENCY) -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError("Money can only be combined with Money")
        if other.currency != self.currency:
            raise ValidationFailed("currency_mismatch",
                                   f"Cannot combine {self.currency} with {other.currency}",
                                   f"{self.currency} ও {other.currency} একসাথে যোগ করা যায় না",
                                   field="currency")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float):
            raise TypeError("multiply Money by Decimal, not float")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def rounded(self) -> Money:
        return Money(round_amount(self.amount, self.currency), self.currency)

    def is_zero(self) -> bool:
        return self.amount == 0

    def allocate(self, weights: list[Decimal | int]) -> list[Money]:
        """Split by weights without losing a minor unit: the remainder goes, one unit at a time,
        to the shares with the largest fractional parts (largest-remainder method)."""
        if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
            raise ValidationFailed("allocation_weights", "Weights must be non-negative and not all zero",
                                   "ভাগের অনুপাত ঋণাত্মক বা সব শূন্য হতে পারে না", field="weights")
        q = quantum(self.currency)
        total_units = int((round_amount(self.amount, self.currency) / q).to_integral_value())
        sign = -1 if total_units < 0 else 1
        units = abs(total_units)
        wsum = Decimal(sum(Decimal(w) for w in weights))
        exact = [Decimal(units) * Decimal(w) / wsum for w in weights]
        floors = [int(e) for e in exact]
        remainder = units - sum(floors)
        order = sorted(range(len(weights)), key=lambda i: (exact[i] - floors[i], -i), reverse=True)
        for i in order[:remainder]:
            floors[i] += 1
        return [Money(Decimal(sign * f) * q, self.currency) for f in floors]

    def split(self, parts: int) -> list[Money]:
        """Split evenly into `parts` shares that add back exactly."""
        return self.allocate([1] * parts)

    def __str__(self) -> str:
        return f"{self.currency} {round_amount(self.amount, self.currency):,}"
