"""Salary advances and loans to employees and daily workers, recovered by deduction from wages (pure).

Law (Bangladesh Labour Act 2006, Chapter X "Wages and payment thereof"):
- s.125(1): nothing may be deducted from a worker's wages except as the Act allows; s.125(2)(cha) allows
  deductions "for recovery of advances or loans ... or for adjustment of over-payments of wages".
- s.129: such deductions are subject to conditions: an advance given before employment began is recovered
  from the first wages of a complete wage period; an advance against wages not yet earned, and the number
  of instalments, follow the Government's rules (so the instalments are the company's data here).
- The total deducted in one wage period is capped at `deduction_cap` × the period's wages (50 % by default:
  the figure of the Payment of Wages Act 1936 s.7(3) that Chapter X consolidated; the cap is a per-company
  setting, see docs/payroll.md). Tax withheld and the employee's provident fund are deductions too, so the
  advance recovery fits in what they leave of the cap; when the cap bites, less is deducted and the rest is
  carried to the next run (the slip shows what was due and what was deducted).

Recovery rule: an advance of amount A with instalment I, recovered r so far over k runs in which it was due,
owes this run min(A − r, I × (k + 1) − r): one instalment a run, plus whatever an earlier run could not take
under the cap; never more than the balance. Over any sequence of runs the total recovered never exceeds A,
and reaches A exactly when enough runs have room (tests/modules/payroll/test_payroll_advances.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.money import MAX_AMOUNT, ZERO, truncate_amount

D = Decimal
POISHA = D("0.01")
KINDS = ("advance", "loan")
PAID_FROM = ("cash", "bank")
STATUSES = ("active", "settled", "cancelled")
STATUS_BN = {"active": "চলমান", "settled": "পরিশোধিত", "cancelled": "বাতিল"}
MAX_INSTALMENTS = 120  # ten years of monthly instalments


def _bad(code: str, en: str, bn: str, field: str, **details: Any) -> ValidationFailed:
    return ValidationFailed(f"payroll.{code}", en, bn, field=field, details=details or None)


def _money(value: Decimal, field: str, en: str, bn: str) -> None:
    if not value.is_finite() or value <= 0:
        raise _bad("advance_amount_not_positive", f"{en} must be above zero", f"{bn} শূন্যের বেশি হতে হবে", field)
    if value >= MAX_AMOUNT:
        raise _bad("advance_amount_too_large", f"{en} is too large", f"{bn} অনেক বড়", field)
    if value != truncate_amount(value, 2):
        raise _bad("advance_amount_precision", f"{en} has more than two decimals (poisha)",
                   f"{bn} পয়সার (দুই দশমিক) বেশি ভগ্নাংশ", field)


def check_advance(*, kind: str, paid_from: str, given_on: date, amount: Decimal, instalment_amount: Decimal | None,
                  instalments: int | None, start_month: date) -> Decimal:
    """An advance or loan's fields; the instalment it is recovered by (given, or the amount ÷ the number of
    instalments rounded UP to the poisha, so it is recovered in at most that many runs)."""
    if kind not in KINDS:
        raise _bad("advance_kind_invalid", f"Kind must be one of: {', '.join(KINDS)}", "ধরন অগ্রিম বা ঋণ হতে হবে",
                   "kind", allowed=list(KINDS))
    if paid_from not in PAID_FROM:
        raise _bad("advance_paid_from_invalid", f"Paid from must be one of: {', '.join(PAID_FROM)}",
                   "নগদ বা ব্যাংক থেকে দিতে হবে", "paid_from", allowed=list(PAID_FROM))
    _money(amount, "amount", "The amount", "পরিমাণ")
    if (instalment_amount is None) == (instalments is None):
        raise _bad("advance_instalment_missing", "Give either the instalment amount or the number of instalments",
                   "কিস্তির পরিমাণ অথবা কিস্তির সংখ্যা, যেকোনো একটি দিন", "instalment_amount")
    if instalments is not None:
        if not 1 <= instalments <= MAX_INSTALMENTS:
            raise _bad("advance_instalments_invalid", f"The number of instalments must be 1 to {MAX_INSTALMENTS}",
                       "কিস্তির সংখ্যা ১ থেকে ১২০ এর মধ্যে হতে হবে", "instalments", max=MAX_INSTALMENTS)
        share = amount / instalments
        instalment = truncate_amount(share, 2)
        if instalment != share:  # up to the next poisha
            instalment += POISHA
    else:
        assert instalment_amount is not None
        _money(instalment_amount, "instalment_amount", "The instalment", "কিস্তি")
        if instalment_amount > amount:
            raise _bad("advance_instalment_above_amount", "The instalment is more than the amount",
                       "কিস্তি মোট পরিমাণের চেয়ে বেশি", "instalment_amount")
        instalment = instalment_amount
    if start_month.day != 1:
        raise _bad("advance_start_not_month", "Recovery starts on the first day of a month",
                   "কর্তন মাসের প্রথম দিন থেকে শুরু হয়", "start_month")
    if start_month < given_on.replace(day=1):
        raise _bad("advance_start_before_given", "Recovery cannot start before the month the advance is given",
                   "অগ্রিম দেওয়ার মাসের আগে কর্তন শুরু হতে পারে না", "start_month")
    return instalment


def cancel(status: str, recovered_or_pending: Decimal) -> str:
    """Only an active advance no run has taken up (not even a draft) can be cancelled."""
    if status != "active":
        raise Conflict("payroll.advance_not_active", f"The advance is {status}: only an active one can be cancelled",
                       f"অগ্রিমটি {STATUS_BN.get(status, status)}: শুধু চলমান অগ্রিম বাতিল করা যায়", field="status",
                       details={"status": status})
    if recovered_or_pending:
        raise Conflict("payroll.advance_has_recoveries", "A payroll run already deducts this advance",
                       "একটি বেতন চালনা ইতিমধ্যে এই অগ্রিম কাটছে", field="status")
    return "cancelled"


def due(amount: Decimal, instalment: Decimal, recovered: Decimal, periods: int) -> Decimal:
    """What this run owes: one instalment per run the advance was due in (`periods` before this one) less what
    was recovered, so an amount the cap held back is carried to the next run; never above the balance."""
    return max(min(amount - recovered, instalment * (periods + 1) - recovered), ZERO)


@dataclass(frozen=True, slots=True)
class Recovery:
    key: Any  # the advance
    due: Decimal
    amount: Decimal

    @property
    def carried(self) -> Decimal:
        return self.due - self.amount


def room(wages: Decimal, other_deductions: Decimal, net_before: Decimal, cap: Decimal) -> Decimal:
    """How much advance recovery this period's wages allow: cap × wages (down to the poisha) less the other
    deductions (tax, employee PF), never more than the pay left, never below zero."""
    limit = truncate_amount(cap * wages, 2) - other_deductions
    return max(min(limit, net_before), ZERO)


def recover(dues: list[tuple[Any, Decimal]], available: Decimal) -> list[Recovery]:
    """Take each advance's due in order (oldest first) out of the room available."""
    out = []
    for key, owed in dues:
        take = min(owed, available)
        available -= take
        out.append(Recovery(key, owed, take))
    return out
