"""Personal income tax on salary (Income Tax Act 2023), slabs and thresholds as data keyed by tax year.

Facts from ../shared/domain/bangladesh.md ("Personal income tax (for payroll)"). The year's rules live in
`TAX_YEARS` (data, not code): a new Finance Act adds a row. Amounts are Decimal; every tax figure is
truncated to the taka (`truncate_amount`), never rounded half-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO, truncate_amount

D = Decimal

CATEGORIES = ("general", "woman", "senior", "disabled", "third_gender", "war_wounded_freedom_fighter")
AREAS = ("dhaka_chattogram_city", "other_city", "other_area")


@dataclass(frozen=True, slots=True)
class TaxYear:
    """One tax year's rules.

    - `thresholds`: the tax-free first slab by taxpayer category (Income Tax Act 2023, Sixth Schedule
      Part 1 as amended by the year's Finance Act);
    - `slabs`: (width, rate) after the tax-free slab; the last width None is "the rest";
    - `exemption_cap`: salary exemption, the lesser of one third of salary or this cap (Sixth Schedule
      Part 1 para 21 as amended; **medium** in bangladesh.md);
    - rebate: lowest of `rebate_income_rate` × taxable income, `rebate_investment_rate` × eligible
      investment and `rebate_cap` (ITA 2023 §78 and Sixth Schedule Part 3);
    - `minimum_tax` by area of residence (ITA 2023 §163 / Finance Act; **medium**)."""

    label: str
    source: str
    thresholds: dict[str, Decimal]
    slabs: tuple[tuple[Decimal | None, Decimal], ...]
    exemption_cap: Decimal
    exemption_fraction: Decimal = D(1) / D(3)
    rebate_income_rate: Decimal = D("0.03")
    rebate_investment_rate: Decimal = D("0.15")
    rebate_cap: Decimal = D(1_000_000)
    minimum_tax: dict[str, Decimal] = field(default_factory=lambda: {
        "dhaka_chattogram_city": D(5000), "other_city": D(4000), "other_area": D(3000)})


TAX_YEARS: dict[str, TaxYear] = {
    "2024-25": TaxYear(
        label="2024-25",
        source="Finance Act 2024 (Income Tax Act 2023, Sixth Schedule Part 1)",
        # general from bangladesh.md; the higher thresholds of that year (4,00,000 / 4,75,000 / 5,00,000)
        # are the Finance Act 2024 values (medium: bangladesh.md lists only the 2025 ones).
        thresholds={"general": D(350_000), "woman": D(400_000), "senior": D(400_000),
                    "disabled": D(475_000), "third_gender": D(475_000),
                    "war_wounded_freedom_fighter": D(500_000)},
        slabs=((D(100_000), D("0.05")), (D(400_000), D("0.10")), (D(500_000), D("0.15")),
               (D(500_000), D("0.20")), (D(2_000_000), D("0.25")), (None, D("0.30"))),
        exemption_cap=D(450_000),
    ),
    "2025-26": TaxYear(
        label="2025-26",
        source="Finance Ordinance 2025 (Income Tax Act 2023, Sixth Schedule Part 1)",
        thresholds={"general": D(375_000), "woman": D(425_000), "senior": D(425_000),
                    "disabled": D(500_000), "third_gender": D(500_000),
                    "war_wounded_freedom_fighter": D(525_000)},
        slabs=((D(300_000), D("0.10")), (D(400_000), D("0.15")), (D(500_000), D("0.20")),
               (D(2_000_000), D("0.25")), (None, D("0.30"))),
        exemption_cap=D(500_000),
    ),
}


def _start_year(label: str) -> int | None:
    """2026 for '2026-27'; None when the label is not an income year written that way."""
    head, sep, tail = label.partition("-")
    if not (sep and head.isdigit() and tail.isdigit() and len(head) == 4 and len(tail) == 2):
        return None
    start = int(head)
    return start if (start + 1) % 100 == int(tail) else None


def tax_year(label: str) -> TaxYear:
    """The rules of income year `label`. A Finance Act's slabs stay in force until the next one changes
    them, so a year after the last entered one runs on the latest rules, labelled with its own year and
    its source saying they were carried forward (a Finance Act entered later adds its own row). A year
    before the first entered one is refused: its slabs are not known here."""
    if label in TAX_YEARS:
        return TAX_YEARS[label]
    start = _start_year(label)
    latest = max(TAX_YEARS, key=_start_year)
    if start is not None and start > _start_year(latest):
        rules = TAX_YEARS[latest]
        return replace(rules, label=label, source=f"{rules.source}, in force from {latest} until changed")
    raise ValidationFailed("payroll.tax_year_unknown", f"No income tax rules for tax year {label!r} "
                           f"(known: {', '.join(TAX_YEARS)} and later years on the latest rules)",
                           f"করবর্ষ {to_bangla_digits(label)} এর আয়কর নিয়ম নেই", field="tax_year")


def tax_year_of(month_start) -> str:
    """The income year (1 July – 30 June, ITA 2023) a date falls in, labelled `2025-26`."""
    start = month_start.year if month_start.month >= 7 else month_start.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


@dataclass(frozen=True, slots=True)
class SlabLine:
    label: str
    amount: Decimal  # the part of taxable income in this slab
    rate: Decimal
    tax: Decimal


@dataclass(frozen=True, slots=True)
class TaxComputation:
    tax_year: str
    category: str
    gross_salary: Decimal
    exempt: Decimal
    taxable_salary: Decimal
    other_income: Decimal
    taxable_income: Decimal
    slabs: tuple[SlabLine, ...]
    gross_tax: Decimal
    investment: Decimal
    rebate: Decimal
    minimum_tax: Decimal
    net_tax: Decimal

    def as_dict(self) -> dict:
        return {
            "tax_year": self.tax_year, "category": self.category, "gross_salary": str(self.gross_salary),
            "exempt": str(self.exempt), "taxable_salary": str(self.taxable_salary),
            "other_income": str(self.other_income), "taxable_income": str(self.taxable_income),
            "slabs": [{"slab": s.label, "amount": str(s.amount), "rate": str(s.rate), "tax": str(s.tax)}
                      for s in self.slabs],
            "gross_tax": str(self.gross_tax), "investment": str(self.investment), "rebate": str(self.rebate),
            "minimum_tax": str(self.minimum_tax), "net_tax": str(self.net_tax),
        }


def _non_negative(value: Decimal, name: str) -> Decimal:
    if value < 0:
        raise ValidationFailed("payroll.amount_negative", f"{name} cannot be negative",
                               f"{name} ঋণাত্মক হতে পারে না", field=name)
    return value


def salary_exemption(gross_salary: Decimal, year: TaxYear) -> Decimal:
    """Lesser of one third of salary income or the year's cap (ITA 2023 Sixth Schedule Part 1 para 21)."""
    return truncate_amount(min(gross_salary * year.exemption_fraction, year.exemption_cap))


def slab_tax(taxable_income: Decimal, year: TaxYear, category: str = "general") -> tuple[SlabLine, ...]:
    """Marginal slabs: each part of income taxed at its own rate (ITA 2023 Sixth Schedule Part 1)."""
    if category not in year.thresholds:
        raise ValidationFailed("payroll.category_unknown", f"Unknown taxpayer category {category!r}",
                               "অজানা করদাতা শ্রেণি: তালিকার একটি মান দিন", field="category",
                               details={"allowed": list(year.thresholds)})
    remaining = taxable_income
    free = min(remaining, year.thresholds[category])
    lines = [SlabLine(f"first {year.thresholds[category]:,}", free, ZERO, ZERO)]
    remaining -= free
    for width, rate in year.slabs:
        if remaining <= 0:
            break
        part = remaining if width is None else min(remaining, width)
        lines.append(SlabLine("rest" if width is None else f"next {width:,}", part, rate, part * rate))
        remaining -= part
    return tuple(lines)


def investment_rebate(taxable_income: Decimal, investment: Decimal, year: TaxYear) -> Decimal:
    """Lowest of 3 % of taxable income, 15 % of eligible investment and 10,00,000 (ITA 2023 §78,
    Sixth Schedule Part 3), truncated to the taka."""
    return truncate_amount(min(taxable_income * year.rebate_income_rate,
                               investment * year.rebate_investment_rate, year.rebate_cap))


def compute_tax(gross_salary: Decimal, tax_year_label: str, *, other_income: Decimal = ZERO,
                investment: Decimal = ZERO, category: str = "general",
                area: str = "dhaka_chattogram_city") -> TaxComputation:
    """A resident individual's tax for a year: salary exemption, slabs, rebate, minimum tax (ITA 2023)."""
    year = tax_year(tax_year_label)
    for name, v in (("gross_salary", gross_salary), ("other_income", other_income), ("investment", investment)):
        _non_negative(v, name)
    if area not in year.minimum_tax:
        raise ValidationFailed("payroll.area_unknown", f"Unknown area {area!r}", "অজানা এলাকা: তালিকার একটি মান দিন",
                               field="area", details={"allowed": list(year.minimum_tax)})
    exempt = salary_exemption(gross_salary, year)
    taxable_salary = gross_salary - exempt
    taxable = taxable_salary + other_income
    slabs = slab_tax(taxable, year, category)
    gross_tax = truncate_amount(sum((s.tax for s in slabs), ZERO))
    rebate = min(investment_rebate(taxable, investment, year), gross_tax)
    net = gross_tax - rebate
    minimum = ZERO
    if taxable > year.thresholds[category]:
        minimum = year.minimum_tax[area]
        net = max(net, minimum)
    return TaxComputation(year.label, category, gross_salary, exempt, taxable_salary, other_income, taxable,
                          slabs, gross_tax, investment, rebate, minimum, truncate_amount(net))


def monthly_withholding(annual_tax: Decimal, deducted: Decimal, remaining_months: int) -> Decimal:
    """Tax to deduct this month under ITA 2023 §86: (estimated annual tax − tax already deducted) ÷ the
    months left in the income year including this one, truncated to the taka; never negative."""
    if remaining_months < 1:
        raise ValidationFailed("payroll.months_invalid", "Remaining months must be at least 1",
                               "বাকি মাস অন্তত ১ হতে হবে", field="remaining_months")
    if remaining_months == 1:
        return max(annual_tax - deducted, ZERO)
    return max(truncate_amount((annual_tax - deducted) / remaining_months), ZERO)
