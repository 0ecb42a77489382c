"""Pure rules of reorder levels, suggestions and slow-moving stock (no I/O, no frameworks).

A store's reorder level of an item: reorder point P ≥ 0, reorder quantity R > 0, optional maximum M ≥ P (and
M > 0). With stock on hand S at or below P, the suggestion is
  * without a maximum: R, raised to P − S when R alone would not bring the stock back to the point;
  * with a maximum: M − S (up to the maximum);
so a suggestion is never negative and S + suggestion ≥ P. A suggestion of zero (S = P = M) is not listed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits

QTY_PLACES = 6


def _places_ok(q: Decimal) -> bool:
    return q.is_finite() and (-q.as_tuple().exponent if q.as_tuple().exponent < 0 else 0) <= QTY_PLACES


def check_level(reorder_point: Decimal, reorder_quantity: Decimal, max_quantity: Decimal | None
                ) -> tuple[Decimal, Decimal, Decimal | None]:
    """The level as stored, or a refusal naming the field (English and Bangla)."""
    for value, path in ((reorder_point, "reorder_point"), (reorder_quantity, "reorder_quantity"),
                        (max_quantity, "max_quantity")):
        if value is not None and not _places_ok(value):
            raise ValidationFailed("inventory.quantity_places", "At most 6 decimal places",
                                   "সর্বোচ্চ ৬ দশমিক ঘর", field=path)
    if reorder_point < 0:
        raise ValidationFailed("inventory.reorder_point_negative", "The reorder point cannot be negative",
                               "পুনঃক্রয় বিন্দু ঋণাত্মক হতে পারে না", field="reorder_point")
    if reorder_quantity <= 0:
        raise ValidationFailed("inventory.reorder_quantity_not_positive", "The reorder quantity must be more than zero",
                               "পুনঃক্রয় পরিমাণ শূন্যের বেশি হতে হবে", field="reorder_quantity")
    if max_quantity is not None and (max_quantity < reorder_point or max_quantity <= 0):
        raise ValidationFailed("inventory.reorder_max_below_point",
                               f"The maximum must be at least the reorder point ({reorder_point}) and above zero",
                               f"সর্বোচ্চ মজুদ পুনঃক্রয় বিন্দুর ({to_bangla_digits(str(reorder_point))}) কম বা শূন্য হতে পারে না",
                               field="max_quantity")
    return reorder_point, reorder_quantity, max_quantity


def suggest(on_hand: Decimal, reorder_point: Decimal, reorder_quantity: Decimal,
            max_quantity: Decimal | None) -> Decimal | None:
    """The quantity to buy for a store and item (None: nothing to buy)."""
    if on_hand > reorder_point:
        return None
    if max_quantity is not None:
        qty = max_quantity - on_hand
    else:
        qty = max(reorder_quantity, reorder_point - on_hand)
    return qty if qty > 0 else None


def days_between(earlier: date | None, later: date) -> int | None:
    return None if earlier is None else (later - earlier).days


def is_slow(last_issue: date | None, as_of: date, days: int) -> bool:
    """No issue in the `days` days up to and including `as_of` (never issued counts as slow)."""
    return last_issue is None or (as_of - last_issue).days >= days


def check_days(days: int) -> int:
    if days < 1 or days > 3650:
        raise ValidationFailed("inventory.slow_days_range", "Days must be between 1 and 3650",
                               "দিন ১ থেকে ৩৬৫০ এর মধ্যে হতে হবে", field="days")
    return days
