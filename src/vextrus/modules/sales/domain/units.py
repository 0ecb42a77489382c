"""Units of a real-estate project: codes, sizes, prices and the status machine.

available → held → booked → sold → handed_over; a hold may be released (held → available); a booking
or sale may be cancelled (booked/sold → cancelled) and a cancelled unit is released again for sale
(cancelled → available). A unit may also be booked straight from available (a walk-in buyer)."""

from __future__ import annotations

import re
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import ZERO, check_amount, round_amount

KINDS = ("flat", "shop", "parking")
FACINGS = ("", "north", "south", "east", "west", "north_east", "north_west", "south_east", "south_west")
STATUSES = ("available", "held", "booked", "sold", "handed_over", "cancelled")
STATUS_BN = {"available": "খালি", "held": "সংরক্ষিত", "booked": "বুকড", "sold": "বিক্রীত",
             "handed_over": "হস্তান্তরিত", "cancelled": "বাতিল"}
TRANSITIONS: dict[str, frozenset[str]] = {
    "available": frozenset({"held", "booked"}),
    "held": frozenset({"available", "booked"}),
    "booked": frozenset({"sold", "cancelled"}),
    "sold": frozenset({"handed_over", "cancelled"}),
    "handed_over": frozenset(),
    "cancelled": frozenset({"available"}),
}
CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,29}$")


def _err(code: str, en: str, bn: str, field: str, **details: object) -> ValidationFailed:
    from . import SalesError

    return SalesError(f"sales.{code}", en, bn, field=field, details=dict(details) or None)


def code_of(raw: str, field: str = "code") -> str:
    """A building's or unit's code: letters, digits and hyphens, at most 30, stored upper-case."""
    code = (raw or "").strip().upper()
    if not CODE.match(code):
        raise _err("code_invalid", "A code is 1 to 30 letters, digits or hyphens",
                   "কোড ১ থেকে ৩০টি অক্ষর, অঙ্ক বা হাইফেন", field)
    return code


def require_text(raw: str, field: str, en: str, bn: str) -> str:
    text = (raw or "").strip()
    if not text:
        raise _err("missing", en, bn, field)
    return text


def size_of(kind: str, size_sft: Decimal, field: str = "size_sft") -> Decimal:
    """A unit's size in square feet: positive for flats and shops, zero allowed for a parking slot."""
    if kind not in KINDS:
        raise _err("unit_kind_invalid", f"A unit is one of {', '.join(KINDS)}",
                   "ইউনিট ফ্ল্যাট, দোকান বা পার্কিং হতে হবে", "kind")
    check_amount(size_sft, field, places=2)
    if size_sft < 0 or (kind != "parking" and size_sft == 0):
        raise _err("size_invalid", "A flat or shop needs a size above zero square feet",
                   "ফ্ল্যাট বা দোকানের আয়তন শূন্যের বেশি বর্গফুট হতে হবে", field)
    return size_sft


def check_transition(current: str, target: str, field: str = "status") -> str:
    """The next status, or `sales.status_invalid` naming both (pure: no store, no clock)."""
    if target not in STATUSES:
        shown = target  # as typed: not one of ours, so it has no Bangla name
        raise _err("status_unknown", f"Unknown unit status '{target}'", f"অজানা ইউনিটের অবস্থা '{shown}'", field)
    if target not in TRANSITIONS[current]:
        raise _err("status_invalid", f"A unit that is {current} cannot become {target}",
                   f"{STATUS_BN[current]} ইউনিট {STATUS_BN[target]} করা যায় না", field,
                   current=current, target=target)
    return target


def price_of(kind: str, size_sft: Decimal, rate_per_sft: Decimal, shop_rate_per_sft: Decimal,
             parking_charge: Decimal, utility_charge: Decimal) -> Decimal:
    """A unit's price on a price list: size × rate (shops at the shop rate) plus the utility connection
    charge; a parking slot is the fixed parking charge."""
    if kind == "parking":
        return round_amount(parking_charge)
    rate = shop_rate_per_sft if kind == "shop" and shop_rate_per_sft > ZERO else rate_per_sft
    return round_amount(size_sft * rate) + round_amount(utility_charge)
