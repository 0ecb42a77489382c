"""Salary structures, overtime, festival bonus, gratuity, provident fund and the payslip (pure).

Labour-law facts from ../shared/domain/bangladesh.md ("Payroll and labour law", Bangladesh Labour Act 2006
(BLA) and Bangladesh Labour Rules 2015). Every amount is Decimal, rounded to the poisha by
`vextrus.platform.money.round_amount`; tax is truncated to the taka (see `tax.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO, round_amount

D = Decimal

COMPONENTS = ("basic", "house_rent", "medical", "conveyance", "other")
BASES = ("basic", "fixed")
EMPLOYMENT_TYPES = ("permanent", "probation", "contractual", "daily_wage")


@dataclass(frozen=True, slots=True)
class Component:
    """One allowance: `basis` "basic" (value is a proportion of basic, 0.5 = 50 %) or "fixed" (an amount)."""

    name: str
    basis: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class SalaryStructure:
    """A grade's monthly salary as data: the basic and the allowances (house rent, medical, conveyance,
    other) as proportions of basic or fixed amounts. Gross = basic + allowances (bangladesh.md: "Gross =
    basic + house rent + medical + conveyance"; the common pattern house rent 50 % of basic)."""

    grade: str
    basic: Decimal
    components: tuple[Component, ...] = ()

    def earnings(self, basic: Decimal | None = None) -> dict[str, Decimal]:
        b = round_amount(self.basic if basic is None else basic)
        out = {"basic": b}
        for c in self.components:
            amount = b * c.value if c.basis == "basic" else c.value
            out[c.name] = out.get(c.name, ZERO) + round_amount(amount)
        return out


def structure(grade: str, basic: Decimal, components: list[dict] | tuple = ()) -> SalaryStructure:
    """Validate a structure given as data; errors name the offending field (`components[1].value`)."""
    if not grade.strip():
        raise ValidationFailed("payroll.grade_missing", "A salary structure needs a grade",
                               "বেতন কাঠামোর গ্রেড দিন", field="grade")
    if basic <= 0:
        raise ValidationFailed("payroll.basic_not_positive", "Basic salary must be above zero",
                               "মূল বেতন শূন্যের বেশি হতে হবে", field="basic")
    out = []
    for i, c in enumerate(components):
        name, basis, value = c["name"], c["basis"], D(c["value"])
        if name not in COMPONENTS or name == "basic":
            raise ValidationFailed("payroll.component_unknown", f"Unknown allowance {name!r}",
                                   f"অজানা ভাতা {name!r}", field=f"components[{i}].name",
                                   details={"allowed": list(COMPONENTS[1:])})
        if basis not in BASES:
            raise ValidationFailed("payroll.basis_unknown", f"Allowance basis must be one of {BASES}",
                                   "ভাতার ভিত্তি 'basic' বা 'fixed' হতে হবে", field=f"components[{i}].basis")
        if value < 0:
            raise ValidationFailed("payroll.amount_negative", "An allowance cannot be negative",
                                   "ভাতা ঋণাত্মক হতে পারে না", field=f"components[{i}].value")
        out.append(Component(name, basis, value))
    return SalaryStructure(grade.strip(), basic, tuple(out))


def overtime_pay(basic: Decimal, hours: Decimal, divisor: Decimal = D(208), multiplier: Decimal = D(2)) -> Decimal:
    """Overtime at twice the ordinary hourly rate of basic (BLA 2006 s.108(1): "twice his ordinary rate of
    basic wage and dearness allowance"); hourly = monthly basic ÷ `divisor` (208 = 26 days × 8 h by common
    practice; configurable per company)."""
    if hours < 0:
        raise ValidationFailed("payroll.overtime_negative", "Overtime hours cannot be negative",
                               "ওভারটাইম ঘণ্টা ঋণাত্মক হতে পারে না", field="overtime_hours")
    if divisor <= 0:
        raise ValidationFailed("payroll.divisor_invalid", "The overtime divisor must be above zero",
                               "ওভারটাইম ভাজক শূন্যের বেশি হতে হবে", field="overtime_divisor")
    return round_amount(basic / divisor * multiplier * hours)


def absence_deduction(basic: Decimal, absent_days: Decimal, days_basis: Decimal = D(30)) -> Decimal:
    """Pay withheld for days absent without leave: basic ÷ 30 per day (BLA 2006 s.126 allows a deduction
    for absence in proportion to the period; the per-day basis is the common basic ÷ 30), at most the
    month's basic."""
    if absent_days < 0:
        raise ValidationFailed("payroll.absent_days_negative", "Absent days cannot be negative",
                               "অনুপস্থিত দিন ঋণাত্মক হতে পারে না", field="absent_days")
    return min(round_amount(basic * absent_days / days_basis), basic)


def completed_years(joined: date, on: date) -> int:
    years = on.year - joined.year - ((on.month, on.day) < (joined.month, joined.day))
    return max(years, 0)


def festival_bonus(basic: Decimal, joined: date, on: date, proportion: Decimal = D(1)) -> Decimal:
    """A festival bonus: at most one month's basic, only after one year's continuous service
    (Bangladesh Labour Rules 2015 r.111(5)); `proportion` of basic (capped at 1)."""
    if completed_years(joined, on) < 1:
        return ZERO
    return round_amount(basic * min(max(proportion, ZERO), D(1)))


def gratuity_accrued(basic: Decimal, joined: date, on: date, days_per_year: int = 30,
                     days_beyond: int = 45, beyond_years: int = 10, days_in_month: int = 30,
                     years: int | None = None) -> Decimal:
    """Gratuity accrued: `days_per_year` days' wages for every completed year of service, or
    `days_beyond` days' for each year when service exceeds `beyond_years` (BLA 2006 s.2(10); configurable,
    bangladesh.md says *verify*). A day's wage is the basic ÷ `days_in_month`. `years`: the years counted when
    the caller counts them otherwise (the final settlement counts a part year over six months, s.2(10))."""
    years = completed_years(joined, on) if years is None else years
    days = days_beyond if years > beyond_years else days_per_year
    return round_amount(basic / days_in_month * days * years)


def service_months(joined: date, on: date) -> int:
    """Whole months of service from the joining date to `on` inclusive (joined 15 Jan, on 14 Mar: 2)."""
    end = date.fromordinal(on.toordinal() + 1)
    return max((end.year - joined.year) * 12 + end.month - joined.month - (end.day < joined.day), 0)


def gratuity_provision(basic: Decimal, joined: date, month_end: date, provided: Decimal, *,
                       days_per_year: int = 30, days_beyond: int = 45, beyond_years: int = 10) -> Decimal:
    """This month's gratuity provision (accrual). BLA 2006 s.2(10): gratuity is 30 days' wages for every
    completed year of service, 45 days' when service exceeds 10 years (the payroll settings, as
    `gratuity_accrued`). The liability at the month's end is earned month by month: basic ÷ 30 × the days a
    year × whole months of service ÷ 12 (45 days for every year once service passes 10 years: the step is
    caught up in that month); the month's provision is that liability less what is already provided, never
    negative (a lower basic does not release a provision here; the settlement releases what is not needed)."""
    months = service_months(joined, month_end)
    days = days_beyond if months > beyond_years * 12 else days_per_year
    liability = round_amount(basic / D(30) * days * months / 12)
    return max(liability - provided, ZERO)


def provident_fund(basic: Decimal, employee_rate: Decimal, employer_rate: Decimal) -> tuple[Decimal, Decimal]:
    """Employee and employer contributions to a recognised provident fund as rates of basic (company
    rules; ITA 2023 Sixth Schedule Part B caps the recognised employer share — configurable)."""
    return round_amount(basic * employee_rate), round_amount(basic * employer_rate)


@dataclass(frozen=True, slots=True)
class Payslip:
    """One employee's month: earnings (components + overtime + bonus − pay withheld for absent days) =
    gross; deductions (tax §86 + employee PF) ; net = gross − deductions; the employer's PF is a cost beside
    it. `absence` (basic ÷ 30 per absent day, from hr's muster roll) lowers gross, so the journal's
    salary expense is the pay actually earned."""

    earnings: dict[str, Decimal]
    overtime: Decimal
    bonus: Decimal
    tax: Decimal
    pf_employee: Decimal
    pf_employer: Decimal
    absence: Decimal = ZERO
    encashment: Decimal = ZERO  # unavailed annual leave paid this month (`leave_encashment`)

    @property
    def gross(self) -> Decimal:
        return sum(self.earnings.values(), ZERO) + self.overtime + self.bonus - self.absence + self.encashment

    @property
    def deductions(self) -> Decimal:
        return self.tax + self.pf_employee

    @property
    def net(self) -> Decimal:
        return self.gross - self.deductions


def remaining_months(month: date) -> int:
    """Months left in the income year (July–June) including `month`: July 12 … June 1."""
    return (6 - month.month) % 12 + 1


@dataclass(frozen=True, slots=True)
class JournalTotals:
    salary_expense: Decimal
    pf_expense: Decimal
    salaries_payable: Decimal
    tds_payable: Decimal
    pf_payable: Decimal

    @property
    def balanced(self) -> bool:
        return self.salary_expense + self.pf_expense == self.salaries_payable + self.tds_payable + self.pf_payable


def journal_totals(slips: list[Payslip]) -> JournalTotals:
    """The run's journal from its payslips: Dr salary expense (gross), Dr PF expense (employer share);
    Cr salaries payable (net), Cr TDS on salary payable (tax), Cr PF payable (both shares)."""
    gross = sum((s.gross for s in slips), ZERO)
    employer = sum((s.pf_employer for s in slips), ZERO)
    return JournalTotals(gross, employer, sum((s.net for s in slips), ZERO), sum((s.tax for s in slips), ZERO),
                         sum((s.pf_employee + s.pf_employer for s in slips), ZERO))


def leave_encashment(gross: Decimal, days: Decimal) -> Decimal:
    """Unavailed annual leave paid in money: a day's wages (the month's gross wages ÷ 30: basic + allowances,
    BLA 2006 s.2(45) "wages") × the days. BLA 2006 s.11 (unavailed annual leave paid on separation) and s.117
    (annual leave with wages); the one rule for the final settlement's leave line and a monthly run's leave
    encashment. Rounded half-up to the poisha."""
    return round_amount(gross / D(30) * days)


def check_encashment(days: Decimal, left: Decimal, over_cap: Decimal, on_request: bool, field: str) -> Decimal:
    """Days of annual leave a monthly run may pay: more than zero, in half days, at most what is left of the
    balance; without the company's setting `leave_encash_on_request` only what is above the carry-forward
    cap (what would lapse at the year's end, BLA s.117)."""
    if not days.is_finite() or days <= 0 or days > 365 or (days * 2) % 1:
        raise ValidationFailed("payroll.encash_days_invalid", "Days to encash are more than 0, in half days",
                               "নগদায়নের দিন শূন্যের বেশি, অর্ধদিনের হিসাবে হতে হবে", field=field)
    if days > left:
        raise ValidationFailed("payroll.encash_exceeds_balance", f"{days} days asked, {left} of annual leave left",
                               to_bangla_digits(f"চাওয়া হয়েছে {days} দিন, বার্ষিক ছুটি বাকি {left} দিন"), field=field,
                               details={"days": str(days), "left": str(left)})
    if not on_request and days > over_cap:
        raise ValidationFailed("payroll.encash_within_carry",
                               f"{days} days asked, only {over_cap} above what is carried forward may be encashed "
                               "(the company does not encash leave on request)",
                               to_bangla_digits(f"চাওয়া হয়েছে {days} দিন, জমার সীমার উপরের কেবল {over_cap} দিন নগদায়ন "
                                                "করা যায় (কোম্পানি অনুরোধে ছুটি নগদায়ন করে না)"), field=field,
                               details={"days": str(days), "over_cap": str(over_cap)})
    return days


