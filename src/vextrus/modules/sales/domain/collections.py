"""Collections: receipts allocated to the schedule oldest due first, delay charges computed (never posted
on their own), and the refund when a booking is cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vextrus.platform.i18n import format_number
from vextrus.platform.money import ZERO, check_amount, round_amount


@dataclass(frozen=True)
class Due:
    instalment_id: object
    seq: int
    due_date: date | None
    outstanding: Decimal


@dataclass(frozen=True)
class Allocation:
    instalment_id: object
    amount: Decimal


def _err(code: str, en: str, bn: str, field: str, **details: object) -> Exception:
    from . import SalesError

    return SalesError(f"sales.{code}", en, bn, field=field, details=dict(details) or None)


def allocate(amount: Decimal, dues: list[Due]) -> list[Allocation]:
    """Split a receipt over the instalments still owed: those with a due date oldest first, then the
    milestones not yet due in schedule order. A receipt above everything owed is refused."""
    check_amount(amount, "amount", places=2)
    if amount <= 0:
        raise _err("receipt_amount_invalid", "A receipt is an amount above zero", "প্রাপ্তি শূন্যের বেশি হতে হবে",
                   "amount")
    owed = sum((d.outstanding for d in dues), ZERO)
    if amount > owed:
        raise _err("receipt_above_balance", f"The receipt is above the {owed} still owed",
                   f"প্রাপ্তি বাকি {format_number(owed, 2, 'bn')} এর বেশি", "amount", owed=str(owed))
    left, out = amount, []
    for d in sorted(dues, key=lambda d: (d.due_date is None, d.due_date or date.max, d.seq)):
        if left == 0:
            break
        take = min(left, d.outstanding)
        if take > 0:
            out.append(Allocation(d.instalment_id, take))
            left -= take
    return out


def delay_charge(amount: Decimal, due_date: date | None, payments: list[tuple[date, Decimal]], as_of: date,
                 percent_per_day: Decimal) -> tuple[int, Decimal]:
    """(days overdue now, charge) for one instalment: each part paid late is charged for the days it was
    late, the part still unpaid for the days until `as_of`; `percent_per_day` of the late amount a day."""
    if due_date is None or percent_per_day <= 0:
        return 0, ZERO
    late_amount_days = ZERO
    paid = ZERO
    for on, amt in payments:
        paid += amt
        late_amount_days += amt * max(0, (on - due_date).days)
    unpaid = amount - paid
    days_now = max(0, (as_of - due_date).days) if unpaid > 0 else 0
    late_amount_days += unpaid * days_now
    return days_now, round_amount(late_amount_days * percent_per_day / 100)


def refund_on_cancellation(paid: Decimal, deduction_percent: Decimal) -> tuple[Decimal, Decimal]:
    """(deduction, refund) when a booking is cancelled: the deduction is a percent of what the buyer
    paid (the agreement's forfeiture clause), the rest is refunded."""
    if not 0 <= deduction_percent <= 100:
        raise _err("deduction_invalid", "The deduction is 0 to 100 percent", "কর্তন ০ থেকে ১০০ শতাংশ",
                   "deduction_percent")
    deduction = min(paid, round_amount(paid * deduction_percent / 100))
    return deduction, paid - deduction
