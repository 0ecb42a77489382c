"""Units of measure and exact conversions between them.

Factors are kept as exact fractions, so a conversion is computed without rounding and
only the final Decimal may be rounded (when the exact answer has no finite decimal form,
e.g. cft -> cum). Conversions across dimensions (bag -> kg, truck -> cft, day -> hour)
depend on the item and are given per item as `ItemConversion`s.

Trade conventions used here, as Bangladeshi BOQs write them: 1 cum = 35.3147 cft and
1 sqm = 10.7639 sft (the exact foot gives 35.31466… and 10.76391…); 1 rft = 0.3048 m
(exact); 1 ton = 1,000 kg (metric). A day is not fixed hours (a labour day is 8 h, a
rental day may be 24 h), so day and hour convert only through an item conversion.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from .errors import IncompatibleUnitsError, MasterDataError
from .search import normalise_key


class Dimension(StrEnum):
    MASS = "mass"
    VOLUME = "volume"
    AREA = "area"
    LENGTH = "length"
    COUNT = "count"
    BAG = "bag"
    TRUCKLOAD = "truckload"
    TRIP = "trip"
    DAY = "day"
    HOUR = "hour"
    LOT = "lot"


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    name_bn: str
    dimension: Dimension
    to_base: Fraction  # 1 of this unit = to_base of the dimension's base unit


def _u(code: str, name: str, name_bn: str, dim: Dimension, to_base: Fraction | int | str) -> Unit:
    return Unit(code, name, name_bn, dim, Fraction(to_base))


UNITS: Mapping[str, Unit] = MappingProxyType(
    {
        u.code: u
        for u in (
            _u("kg", "kilogram", "কেজি", Dimension.MASS, 1),
            _u("ton", "metric ton", "টন", Dimension.MASS, 1000),
            _u("cum", "cubic metre", "ঘনমিটার", Dimension.VOLUME, 1),
            _u("cft", "cubic foot", "ঘনফুট", Dimension.VOLUME, 1 / Fraction("35.3147")),
            _u("sqm", "square metre", "বর্গমিটার", Dimension.AREA, 1),
            _u("sft", "square foot", "বর্গফুট", Dimension.AREA, 1 / Fraction("10.7639")),
            _u("m", "metre", "মিটার", Dimension.LENGTH, 1),
            _u("rft", "running foot", "রানিং ফুট", Dimension.LENGTH, "0.3048"),
            _u("piece", "piece", "পিস", Dimension.COUNT, 1),
            _u("bag", "bag", "ব্যাগ", Dimension.BAG, 1),
            _u("truck", "truckload", "ট্রাক", Dimension.TRUCKLOAD, 1),
            _u("trip", "trip", "ট্রিপ", Dimension.TRIP, 1),
            _u("day", "day", "দিন", Dimension.DAY, 1),
            _u("hour", "hour", "ঘণ্টা", Dimension.HOUR, 1),
            _u("lot", "lump sum", "থোক", Dimension.LOT, 1),
        )
    }
)

UNIT_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "kgs": "kg",
        "kilogram": "kg",
        "কেজি": "kg",
        "t": "ton",
        "tonne": "ton",
        "tons": "ton",
        "mt": "ton",
        "টন": "ton",
        "m3": "cum",
        "m³": "cum",
        "cu.m": "cum",
        "cu m": "cum",
        "cubic metre": "cum",
        "ঘনমিটার": "cum",
        "ft3": "cft",
        "ft³": "cft",
        "cu.ft": "cft",
        "cu ft": "cft",
        "ঘনফুট": "cft",
        "m2": "sqm",
        "m²": "sqm",
        "sq.m": "sqm",
        "sq m": "sqm",
        "বর্গমিটার": "sqm",
        "ft2": "sft",
        "ft²": "sft",
        "sq.ft": "sft",
        "sq ft": "sft",
        "sqft": "sft",
        "বর্গফুট": "sft",
        "rm": "m",
        "metre": "m",
        "meter": "m",
        "মিটার": "m",
        "r.ft": "rft",
        "running foot": "rft",
        "ft": "rft",
        "feet": "rft",
        "pcs": "piece",
        "pc": "piece",
        "nos": "piece",
        "no": "piece",
        "each": "piece",
        "পিস": "piece",
        "টি": "piece",
        "bags": "bag",
        "ব্যাগ": "bag",
        "trucks": "truck",
        "ট্রাক": "truck",
        "trips": "trip",
        "ট্রিপ": "trip",
        "days": "day",
        "দিন": "day",
        "hr": "hour",
        "hrs": "hour",
        "hours": "hour",
        "ঘণ্টা": "hour",
        "ls": "lot",
        "lump sum": "lot",
        "job": "lot",
        "থোক": "lot",
    }
)

# Significant digits kept when an exact result has no finite decimal form.
INEXACT_DIGITS = 28
_ROUNDING = Context(prec=INEXACT_DIGITS, rounding=ROUND_HALF_EVEN)


def get_unit(code: str) -> Unit:
    """The unit for a code or common alias ("m3", "sq.ft", "pcs", "ঘনফুট"); raises if unknown."""
    key = normalise_key(code)
    key = UNIT_ALIASES.get(key, key)
    if key not in UNITS:
        raise MasterDataError(
            "master_data.unknown_unit",
            f"Unknown unit of measure: '{code}'",
            f"অজানা পরিমাপের একক: '{code}'",
            field="unit",
            details={"unit": code, "known": sorted(UNITS)},
        )
    return UNITS[key]


@dataclass(frozen=True, slots=True)
class ItemConversion:
    """1 `from_unit` of this item = `factor` `to_unit` (e.g. 1 bag cement = 50 kg)."""

    from_unit: str
    to_unit: str
    factor: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.factor, Decimal) or not self.factor.is_finite() or self.factor <= 0:
            raise MasterDataError(
                "master_data.invalid_conversion_factor",
                "A conversion factor must be a positive Decimal",
                "রূপান্তর গুণক একটি ধনাত্মক দশমিক সংখ্যা হতে হবে",
                field="factor",
                details={"factor": str(self.factor)},
            )
        get_unit(self.from_unit), get_unit(self.to_unit)


def _incompatible(src: Unit, dst: Unit) -> IncompatibleUnitsError:
    return IncompatibleUnitsError(
        "master_data.incompatible_units",
        f"Cannot convert {src.code} ({src.dimension.value}) to {dst.code} "
        f"({dst.dimension.value}) without an item conversion",
        f"{src.name_bn} ({src.code}) থেকে {dst.name_bn} ({dst.code}) এ রূপান্তর করা যায় না: পণ্যের রূপান্তর হার দিন",
        field="unit",
        details={
            "from": src.code,
            "to": dst.code,
            "from_dimension": src.dimension.value,
            "to_dimension": dst.dimension.value,
        },
    )


def conversion_factor(from_unit: str, to_unit: str, conversions: Iterable[ItemConversion] = ()) -> Fraction:
    """Exact factor f such that 1 `from_unit` = f `to_unit`, using item conversions to
    cross dimensions (searched as a graph, so bag -> kg -> ton works)."""
    src, dst = get_unit(from_unit), get_unit(to_unit)
    if src.dimension == dst.dimension:
        return src.to_base / dst.to_base
    # Edges between dimensions, in base units: 1 base(A) = f base(B).
    edges: dict[Dimension, list[tuple[Dimension, Fraction]]] = {}
    for c in conversions:
        a, b = get_unit(c.from_unit), get_unit(c.to_unit)
        if a.dimension == b.dimension:
            continue
        f = Fraction(c.factor) * b.to_base / a.to_base
        edges.setdefault(a.dimension, []).append((b.dimension, f))
        edges.setdefault(b.dimension, []).append((a.dimension, 1 / f))
    seen = {src.dimension: Fraction(1)}
    queue = deque([src.dimension])
    while queue:
        dim = queue.popleft()
        for nxt, f in edges.get(dim, ()):
            if nxt not in seen:
                seen[nxt] = seen[dim] * f
                queue.append(nxt)
    if dst.dimension not in seen:
        raise _incompatible(src, dst)
    return src.to_base * seen[dst.dimension] / dst.to_base


def fraction_to_decimal(value: Fraction) -> Decimal:
    """Exact Decimal when `value` has a finite decimal form, else rounded half-even to
    INEXACT_DIGITS significant digits."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den == 1:
        scale = max(twos, fives)
        numerator = value.numerator * (10**scale // value.denominator)
        return Decimal(numerator).scaleb(-scale)
    return _ROUNDING.divide(Decimal(value.numerator), Decimal(value.denominator))


def convert(
    quantity: Decimal,
    from_unit: str,
    to_unit: str,
    conversions: Iterable[ItemConversion] = (),
) -> Decimal:
    """`quantity` in `from_unit` expressed in `to_unit`; exact whenever the answer has a
    finite decimal form. Raises IncompatibleUnitsError across dimensions without an item
    conversion."""
    if not isinstance(quantity, Decimal) or not quantity.is_finite():
        raise MasterDataError(
            "master_data.invalid_quantity",
            "Quantity must be a finite Decimal",
            "পরিমাণ একটি সসীম দশমিক সংখ্যা হতে হবে",
            field="quantity",
            details={"quantity": str(quantity)},
        )
    factor = conversion_factor(from_unit, to_unit, conversions)
    if factor == 1:
        return quantity
    return fraction_to_decimal(Fraction(quantity) * factor)
