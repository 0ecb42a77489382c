"""Wage runs for daily-wage site workers (pure): a period of up to 31 days, each worker's days from the
APPROVED muster roll, overtime at twice the hourly wage, the run's states (draft → approved → posted).

Rules (docs/payroll.md, "Wage runs"): a day's wage is paid for each day present (half for a half day);
a day on approved leave (hr marks it `leave`; BLA 2006 ss.115–118 leave is with wages) and a weekly or
public holiday the site engineer marks `holiday` (BLA s.103: no deduction from wages for the weekly holiday;
s.118: festival holidays with wages) are paid a full day; an absent day is not paid. Overtime: BLA s.108
"twice the ordinary rate"; the ordinary day is 8 hours (s.100), so one hour of overtime pays
2 × daily wage ÷ 8. Amounts are rounded half up to the poisha once per worker (wages, overtime)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits as bn
from vextrus.platform.money import ZERO, round_amount

D = Decimal
MAX_DAYS = 31
HOURS_A_DAY = D(8)  # BLA 2006 s.100
OVERTIME_MULTIPLIER = D(2)  # BLA 2006 s.108
# muster status -> days paid
PAID_DAYS: dict[str, Decimal] = {"present": D(1), "half_day": D("0.5"), "absent": ZERO, "leave": D(1),
                                 "holiday": D(1)}
STATUS_BN = {"draft": "খসড়া", "approved": "অনুমোদিত", "posted": "পোস্ট করা", "paid": "পরিশোধিত",
             "reversed": "রিভার্স করা"}
NEXT = {"approve": ("draft", "approved"), "post": ("approved", "posted")}


def check_period(start: date, end: date) -> None:
    """A wage run covers start..end, both counted: at least one day, at most 31."""
    if end < start:
        raise ValidationFailed("payroll.period_reversed", "The period ends before it starts",
                               "সময়কাল শুরুর আগেই শেষ হয়েছে", field="period_end")
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationFailed("payroll.period_too_long", f"A wage run covers at most {MAX_DAYS} days",
                               f"একটি মজুরি চালনা সর্বোচ্চ {bn(str(MAX_DAYS))} দিনের", field="period_end",
                               details={"max_days": MAX_DAYS})


def check_daily_wage(employment_type: str, daily_wage: Decimal | None) -> None:
    """A daily wage only for a daily-wage worker, and above zero."""
    if daily_wage is None:
        return
    if employment_type != "daily_wage":
        raise ValidationFailed("payroll.daily_wage_not_daily", "Only a daily-wage worker has a daily wage",
                               "শুধু দৈনিক মজুরির শ্রমিকের দৈনিক মজুরি থাকে", field="daily_wage")
    if daily_wage <= 0:
        raise ValidationFailed("payroll.daily_wage_not_positive", "The daily wage must be above zero",
                               "দৈনিক মজুরি শূন্যের বেশি হতে হবে", field="daily_wage")


def check_day(status: str, overtime: Decimal, day: date, start: date, end: date, field: str) -> None:
    """A muster-roll day handed to a wage run: a known status, overtime not negative (and only when working),
    inside the period."""
    if status not in PAID_DAYS:
        raise ValidationFailed("payroll.wage_status_invalid", f"Status must be one of: {', '.join(PAID_DAYS)}",
                               "হাজিরার অবস্থা অজানা", field=f"{field}.status", details={"allowed": list(PAID_DAYS)})
    if overtime < 0 or (overtime and status not in ("present", "half_day")):
        raise ValidationFailed("payroll.wage_overtime_invalid", "Overtime hours only for a worker present, not negative",
                               "অধিকাল ঘণ্টা শুধু উপস্থিত শ্রমিকের, ঋণাত্মক নয়", field=f"{field}.overtime_hours")
    if not start <= day <= end:
        raise ValidationFailed("payroll.wage_day_outside_period", "The day is outside the run's period",
                               "দিনটি চালনার সময়কালের বাইরে", field=f"{field}.day")


def overtime_rate(daily_wage: Decimal) -> Decimal:
    """An hour of overtime: 2 × daily wage ÷ 8 (unrounded; the worker's total is rounded)."""
    return OVERTIME_MULTIPLIER * daily_wage / HOURS_A_DAY


@dataclass(frozen=True, slots=True)
class WageSlip:
    """A worker's period: days by status, days paid, overtime hours, wages, overtime pay, gross, net."""

    present_days: Decimal
    half_days: Decimal
    absent_days: Decimal
    leave_days: Decimal
    holidays: Decimal
    days_paid: Decimal
    overtime_hours: Decimal
    wages: Decimal
    overtime: Decimal
    deductions: Decimal = ZERO

    @property
    def gross(self) -> Decimal:
        return self.wages + self.overtime

    @property
    def net(self) -> Decimal:
        return self.gross - self.deductions


def wage_slip(daily_wage: Decimal, lines: list[tuple[str, Decimal]]) -> WageSlip:
    """(status, overtime hours) of each approved day → the worker's slip."""
    count = {k: ZERO for k in PAID_DAYS}
    paid = hours = ZERO
    for status, ot in lines:
        count[status] += 1
        paid += PAID_DAYS[status]
        hours += ot
    return WageSlip(count["present"], count["half_day"], count["absent"], count["leave"], count["holiday"], paid,
                    hours, round_amount(paid * daily_wage), round_amount(hours * overtime_rate(daily_wage)))


def transition(status: str, action: str, start: date, end: date) -> str:
    """draft → approved (approve) → posted (post); anything else is a conflict naming the status."""
    src, dst = NEXT[action]
    if status != src:
        verb, verb_bn = ("approved", "অনুমোদন") if action == "approve" else ("posted", "পোস্ট")
        raise Conflict(f"payroll.wage_run_not_{src}", f"The wage run {start}–{end} is {status}: only a {src} run "
                       f"can be {verb}", f"{bn(str(start))}–{bn(str(end))} এর মজুরি চালনা {STATUS_BN[status]}: শুধু "
                       f"{STATUS_BN[src]} চালনা {verb_bn} করা যায়", field="status", details={"status": status})
    return dst
