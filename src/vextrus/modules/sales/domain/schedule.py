"""The instalment schedule of a booking: booking money, a down payment, milestone instalments (a percent
of the price, due when a project activity completes: "on roof casting of the 5th floor") and equal
monthly instalments for the rest. The schedule always sums to the price to the poisha: every share is
rounded down to the poisha and the last instalment takes the difference."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO, check_amount, round_amount, truncate_amount

POISHA = Decimal("0.01")
MAX_MONTHS = 360


@dataclass(frozen=True)
class MilestoneSpec:
    label: str
    activity_code: str
    percent: Decimal
    label_bn: str = ""


@dataclass(frozen=True)
class ScheduleSpec:
    price: Decimal
    booking_date: date
    booking_money: Decimal = ZERO
    down_payment: Decimal = ZERO
    down_payment_due: date | None = None  # default: the booking date
    monthly_count: int = 0
    monthly_start: date | None = None  # default: a month after the booking date
    milestones: tuple[MilestoneSpec, ...] = ()


@dataclass(frozen=True)
class Instalment:
    seq: int
    kind: str  # booking | down_payment | milestone | monthly
    label: str
    label_bn: str
    amount: Decimal
    due_date: date | None  # None: a milestone whose activity has not completed yet
    activity_code: str | None = None


def _err(code: str, en: str, bn: str, field: str) -> Exception:
    from . import SalesError

    return SalesError(f"sales.{code}", en, bn, field=field)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _money(value: Decimal, field: str) -> Decimal:
    check_amount(value, field, places=2)
    if value < 0:
        raise _err("amount_negative", "An amount cannot be negative", "পরিমাণ ঋণাত্মক হতে পারে না", field)
    return value


def build_schedule(spec: ScheduleSpec) -> list[Instalment]:
    """The instalments in order (booking money, down payment, milestones, monthly); their sum is the price."""
    price = _money(spec.price, "price")
    if price <= 0:
        raise _err("price_invalid", "The price must be above zero", "মূল্য শূন্যের বেশি হতে হবে", "price")
    booking, down = _money(spec.booking_money, "booking_money"), _money(spec.down_payment, "down_payment")
    if not 0 <= spec.monthly_count <= MAX_MONTHS:
        raise _err("monthly_count_invalid", f"Monthly instalments are 0 to {MAX_MONTHS}",
                   "মাসিক কিস্তি ০ থেকে ৩৬০টি", "monthly_count")
    if booking + down > price:
        raise _err("advance_above_price", "Booking money and down payment exceed the price",
                   "বুকিং মানি ও ডাউন পেমেন্ট মূল্যের বেশি", "down_payment")
    out: list[Instalment] = []

    def add(kind: str, label: str, label_bn: str, amount: Decimal, due: date | None, code: str | None = None) -> None:
        out.append(Instalment(len(out) + 1, kind, label, label_bn, amount, due, code))

    if booking > 0:
        add("booking", "Booking money", "বুকিং মানি", booking, spec.booking_date)
    if down > 0:
        due = spec.down_payment_due or spec.booking_date
        if due < spec.booking_date:
            raise _err("due_before_booking", "The down payment cannot fall due before the booking",
                       "ডাউন পেমেন্ট বুকিংয়ের আগে দেয় হতে পারে না", "down_payment_due")
        add("down_payment", "Down payment", "ডাউন পেমেন্ট", down, due)
    total_pct = Decimal(0)
    for i, m in enumerate(spec.milestones):
        field = f"milestones[{i}]"
        if not (m.label or "").strip():
            raise _err("milestone_label_missing", "A milestone needs a label", "মাইলস্টোনের নাম দিন", f"{field}.label")
        if not (m.activity_code or "").strip():
            raise _err("milestone_activity_missing", "A milestone names the project activity it waits for",
                       "মাইলস্টোন কোন প্রকল্প কাজের জন্য অপেক্ষা করে তা দিন", f"{field}.activity_code")
        check_amount(m.percent, f"{field}.percent", places=4)
        if m.percent <= 0:
            raise _err("milestone_percent_invalid", "A milestone is a percent of the price above zero",
                       "মাইলস্টোন মূল্যের শূন্যের বেশি শতাংশ", f"{field}.percent")
        total_pct += m.percent
        add("milestone", m.label.strip(), (m.label_bn or "").strip(), truncate_amount(price * m.percent / 100, 2), None, m.activity_code.strip())
    rest = price - booking - down - sum((i.amount for i in out if i.kind == "milestone"), ZERO)
    if total_pct > 100 or rest < 0:
        raise _err("milestones_above_price", "Milestones with the booking money and down payment exceed the price",
                   "মাইলস্টোন, বুকিং মানি ও ডাউন পেমেন্ট মিলে মূল্যের বেশি", "milestones")
    n = spec.monthly_count
    if n:
        share = truncate_amount(rest / n, 2)
        if share <= 0:
            raise _err("too_many_instalments", "Too many monthly instalments for what is left to pay",
                       "বাকি অর্থের তুলনায় মাসিক কিস্তি বেশি", "monthly_count")
        start = spec.monthly_start or add_months(spec.booking_date, 1)
        if start < spec.booking_date:
            raise _err("due_before_booking", "Monthly instalments cannot start before the booking",
                       "মাসিক কিস্তি বুকিংয়ের আগে শুরু হতে পারে না", "monthly_start")
        for k in range(n):
            add("monthly", f"Instalment {k + 1} of {n}", to_bangla_digits(f"মাসিক কিস্তি {k + 1}/{n}"), share, add_months(start, k))
    if not out:
        raise _err("schedule_empty", "A schedule needs at least one instalment", "সূচিতে অন্তত একটি কিস্তি লাগে",
                   "monthly_count")
    diff = price - sum((i.amount for i in out), ZERO)  # the rounding, and the rest when nothing is monthly
    last = out[-1]
    out[-1] = Instalment(last.seq, last.kind, last.label, last.label_bn, round_amount(last.amount + diff),
                         last.due_date, last.activity_code)
    return out
