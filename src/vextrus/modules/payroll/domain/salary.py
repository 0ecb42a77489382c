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

    @property
    def gross(self) -> Decimal:
        return sum(self.earnings.values(), ZERO) + self.overtime + self.bonus - self.absence

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
