"""Pure rules of material estimates and consumption against them (issue 17; no I/O, no frameworks).

An estimate is the planned quantity of an item for a project activity, in the item's base unit: typed, or a
client contract's BOQ line quantity × a material norm (e.g. 8.5 bags of cement per m³ of 1:2:4 concrete).
Consumption of an activity = issues to it − returns from it (in the item's base unit, as the moves carry it);
variance = net − estimate; wastage % = (net − estimate) / estimate × 100, to two places (half up); an activity is
over when its wastage is above the tolerance (default 3 %).
"""

from __future__ import annotations

from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import round_places

QTY_PLACES = 6
DEFAULT_TOLERANCE = Decimal(3)
HUNDRED = Decimal(100)


def _places(q: Decimal) -> int:
    exp = q.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def check_quantity(value: Decimal | None, path: str, *, positive: bool = False) -> Decimal:
    """A quantity as stored (≥ 0, or > 0 when `positive`; at most 6 places), or a refusal naming `path`."""
    if value is None or not isinstance(value, Decimal) or not value.is_finite():
        raise ValidationFailed(
            "inventory.quantity_invalid", "A quantity is a number", "পরিমাণ একটি সংখ্যা হবে", field=path
        )
    if value < 0 or (positive and value == 0):
        raise ValidationFailed(
            "inventory.estimate_negative" if value < 0 else "inventory.quantity_invalid",
            "The quantity cannot be negative" if value < 0 else "The quantity must be more than zero",
            "পরিমাণ ঋণাত্মক হতে পারে না" if value < 0 else "পরিমাণ শূন্যের বেশি হতে হবে",
            field=path,
        )
    if _places(value) > QTY_PLACES:
        raise ValidationFailed(
            "inventory.quantity_places", "At most 6 decimal places", "সর্বোচ্চ ৬ দশমিক ঘর", field=path
        )
    return value


def from_norm(boq_quantity: Decimal, norm: Decimal | None) -> Decimal:
    """The estimate of a BOQ line: its quantity × the norm (units of the material per BOQ unit), to 6 places."""
    if norm is None:
        raise ValidationFailed(
            "inventory.norm_missing",
            "A BOQ line needs a material norm (per BOQ unit)",
            "বিওকিউ লাইনের জন্য উপকরণের মান (প্রতি একক) দিন",
            field="norm",
        )
    check_quantity(norm, "norm", positive=True)
    return round_places(boq_quantity * norm, QTY_PLACES)


def check_tolerance(value: Decimal | None) -> Decimal:
    """The wastage tolerance in percent: 0 to 100 (default 3)."""
    if value is None:
        return DEFAULT_TOLERANCE
    if not value.is_finite() or value < 0 or value > HUNDRED:
        raise ValidationFailed(
            "inventory.tolerance_range",
            "The tolerance is 0 to 100 %",
            f"সহনসীমা {to_bangla_digits('0')} থেকে {to_bangla_digits('100')} শতাংশ",
            field="tolerance",
        )
    return value


def wastage(net: Decimal, estimate: Decimal | None) -> Decimal | None:
    """(net − estimate) / estimate × 100 to two places (half up); None without an estimate or with a zero one."""
    if estimate is None or estimate == 0:
        return None
    return round_places((net - estimate) * HUNDRED / estimate, 2)


def is_over(wastage_pct: Decimal | None, tolerance: Decimal, net: Decimal, estimate: Decimal | None) -> bool:
    """Over the tolerance: wastage above it, or something consumed against a zero estimate (none planned)."""
    if estimate is not None and estimate == 0:
        return net > 0
    return wastage_pct is not None and wastage_pct > tolerance
