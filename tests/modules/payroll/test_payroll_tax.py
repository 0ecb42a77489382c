"""Income tax on salary (Income Tax Act 2023) reproduced to the taka, and the labour-law rules of a payslip."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from vextrus.modules.payroll import domain
from vextrus.modules.payroll.cli import app
from vextrus.platform.errors import ValidationFailed


def test_pwc_sample_personal_income_tax_calculation_2025_26():
    """Source: PwC Worldwide Tax Summaries, "Bangladesh – Individual – Sample personal income tax calculation"
    (taxsummaries.pwc.com/bangladesh/individual/sample-personal-income-tax-calculation, last reviewed
    14 July 2025). Salary 572,000 + 136,000 + 138,400 + 7,200 + festival bonus 572,000 = 14,25,600; exempt one
    third 4,75,200; house property share 1,97,070; total income 11,47,470; tax 30,000 + 60,000 + 14,494 =
    1,04,494; rebate lower of 3 % (34,424), 15 % of 4,65,000 (69,750), 10 lakh = 34,424; net 70,070."""
    salary = D(572_000) + D(136_000) + D(138_400) + D(7_200) + D(572_000)
    c = domain.compute_tax(salary, "2025-26", other_income=D(197_070), investment=D(465_000))
    assert c.exempt == D(475_200)
    assert c.taxable_income == D(1_147_470)
    assert [s.tax for s in c.slabs] == [D(0), D(30_000), D(60_000), D("14494.00")]
    assert c.gross_tax == D(104_494)
    assert c.rebate == D(34_424)
    assert c.net_tax == D(70_070)


def test_hand_computed_2024_25_finance_act_2024_slabs():
    """Computed by hand from the Finance Act 2024 slabs in bangladesh.md (no published sample found for
    this year): salary 12,00,000, exempt min(4,00,000, 4,50,000) = 4,00,000, taxable 8,00,000;
    3,50,000 nil + 1,00,000 × 5 % = 5,000 + 3,50,000 × 10 % = 35,000 → 40,000; investment 1,00,000:
    rebate lowest of 24,000, 15,000, 10 lakh = 15,000; net 25,000 (above the minimum 5,000)."""
    c = domain.compute_tax(D(1_200_000), "2024-25", investment=D(100_000))
    assert (c.exempt, c.taxable_income, c.gross_tax, c.rebate, c.net_tax) == (
        D(400_000), D(800_000), D(40_000), D(15_000), D(25_000))


def test_same_salary_under_the_2025_26_regime():
    """By hand (Finance Ordinance 2025 slabs): taxable 8,00,000 → 3,75,000 nil + 3,00,000 × 10 % = 30,000
    + 1,25,000 × 15 % = 18,750 → 48,750; rebate 15,000; net 33,750."""
    c = domain.compute_tax(D(1_200_000), "2025-26", investment=D(100_000))
    assert (c.gross_tax, c.net_tax) == (D(48_750), D(33_750))


def test_women_threshold_and_the_cap_on_exemption():
    """By hand: a woman (threshold 4,25,000 in 2025-26) with salary 18,00,000: exempt min(6,00,000, cap
    5,00,000) = 5,00,000; taxable 13,00,000: 3,00,000 × 10 % + 4,00,000 × 15 % + 1,75,000 × 20 % = 30,000 +
    60,000 + 35,000 = 1,25,000 (a man pays 3,00,000 × 10 % + 4,00,000 × 15 % + 2,25,000 × 20 % = 1,35,000;
    a war-wounded freedom fighter (5,25,000) 30,000 + 60,000 + 75,000 × 20 % = 1,05,000)."""
    woman = domain.compute_tax(D(1_800_000), "2025-26", category="woman")
    man = domain.compute_tax(D(1_800_000), "2025-26")
    assert woman.exempt == D(500_000)
    assert woman.net_tax == D(125_000)
    assert man.net_tax == D(135_000)
    assert domain.compute_tax(D(1_800_000), "2025-26", category="war_wounded_freedom_fighter").net_tax == D(105_000)


def test_rebate_limits_each_bind():
    year = domain.tax_year("2025-26")
    assert domain.investment_rebate(D(1_000_000), D(1_000_000), year) == D(30_000)  # 3 % of income
    assert domain.investment_rebate(D(1_000_000), D(100_000), year) == D(15_000)  # 15 % of investment
    assert domain.investment_rebate(D(400_000_000), D(100_000_000), year) == D(1_000_000)  # the 10 lakh cap
    assert domain.investment_rebate(D("1000033"), D(10_000_000), year) == D(30_000)  # 30,000.99 truncated


def test_minimum_tax_by_area_when_income_is_above_the_threshold():
    """Taxable 4,00,000 in 2025-26: 25,000 × 10 % = 2,500 < minimum 5,000 (Dhaka) / 3,000 (other area)."""
    c = domain.compute_tax(D(600_000), "2025-26")  # exempt 2,00,000, taxable 4,00,000
    assert c.gross_tax == D(2_500)
    assert c.net_tax == D(5_000)
    assert domain.compute_tax(D(600_000), "2025-26", area="other_area").net_tax == D(3_000)
    assert domain.compute_tax(D(500_000), "2025-26").net_tax == D(0)  # below the threshold: no minimum


def test_withholding_under_section_86_spreads_what_is_left():
    assert domain.monthly_withholding(D(33_750), D(0), 12) == D(2_812)  # 2,812.50 truncated
    assert domain.monthly_withholding(D(33_750), D(2_812) * 11, 1) == D(2_818)  # June settles the rest
    assert domain.monthly_withholding(D(1000), D(5000), 3) == D(0)
    assert domain.remaining_months(date(2025, 7, 1)) == 12
    assert domain.remaining_months(date(2026, 6, 1)) == 1
    assert domain.tax_year_of(date(2026, 1, 31)) == "2025-26"


def test_a_year_after_the_last_finance_act_runs_on_its_rules():
    """bangladesh.md: the Finance Ordinance 2025 slabs apply to "income year 2025-26 on". A December 2026
    payroll (income year 2026-27, no newer Finance Act entered) is taxed by them, not refused."""
    later = domain.tax_year(domain.tax_year_of(date(2026, 12, 31)))
    assert later.label == "2026-27" and later.slabs == domain.tax_year("2025-26").slabs
    assert "until changed" in later.source
    c = domain.compute_tax(D(1_800_000), "2026-27")
    assert (c.tax_year, c.net_tax) == ("2026-27", domain.compute_tax(D(1_800_000), "2025-26").net_tax)
    for unknown in ("2023-24", "2026-28", "26-27", ""):
        with pytest.raises(ValidationFailed) as e:
            domain.tax_year(unknown)
        assert e.value.field == "tax_year"


@given(st.integers(0, 10**9), st.integers(0, 10**8), st.sampled_from(list(domain.TAX_YEARS)),
       st.sampled_from(domain.CATEGORIES))
def test_tax_is_whole_taka_never_negative_and_monotone(salary, investment, year, category):
    c = domain.compute_tax(D(salary), year, investment=D(investment), category=category)
    more = domain.compute_tax(D(salary + 1000), year, investment=D(investment), category=category)
    assert c.net_tax == c.net_tax.to_integral_value() and c.net_tax >= 0
    assert c.rebate <= c.gross_tax
    assert more.gross_tax >= c.gross_tax
    assert sum(s.amount for s in c.slabs) == c.taxable_income


def test_overtime_is_twice_the_hourly_basic():
    """BLA 2006 s.108: basic 20,800, divisor 208 → hourly 100, overtime 2 × 100 × 10 h = 2,000."""
    assert domain.overtime_pay(D(20_800), D(10)) == D(2_000)
    assert domain.overtime_pay(D(20_800), D(10), divisor=D(240)) == D("1733.33")
    with pytest.raises(ValidationFailed) as e:
        domain.overtime_pay(D(20_800), D(-1))
    assert e.value.field == "overtime_hours"


def test_festival_bonus_after_one_years_service_at_most_one_basic():
    """Bangladesh Labour Rules 2015 r.111(5)."""
    assert domain.festival_bonus(D(30_000), date(2024, 3, 1), date(2025, 3, 1)) == D(30_000)
    assert domain.festival_bonus(D(30_000), date(2024, 3, 2), date(2025, 3, 1)) == D(0)
    assert domain.festival_bonus(D(30_000), date(2020, 1, 1), date(2025, 3, 1), D(2)) == D(30_000)
    assert domain.festival_bonus(D(30_000), date(2020, 1, 1), date(2025, 3, 1), D("0.5")) == D(15_000)


def test_gratuity_30_days_per_year_45_beyond_ten():
    """BLA 2006 s.2(10): basic 30,000 → a day 1,000; 5 years × 30 days = 1,50,000; 11 years × 45 = 4,95,000."""
    assert domain.gratuity_accrued(D(30_000), date(2020, 1, 1), date(2025, 6, 30)) == D(150_000)
    assert domain.gratuity_accrued(D(30_000), date(2014, 1, 1), date(2025, 6, 30)) == D(495_000)


def test_structure_as_data_and_errors_name_the_field():
    s = domain.structure("G5", D(30_000), [{"name": "house_rent", "basis": "basic", "value": "0.5"},
                                           {"name": "medical", "basis": "fixed", "value": "1500"}])
    assert s.earnings() == {"basic": D(30_000), "house_rent": D(15_000), "medical": D(1500)}
    with pytest.raises(ValidationFailed) as e:
        domain.structure("G5", D(30_000), [{"name": "medical", "basis": "fixed", "value": "1"},
                                           {"name": "hat", "basis": "fixed", "value": "1"}])
    assert e.value.field == "components[1].name" and e.value.message_bn


def test_cli_prints_the_arithmetic_and_json(tmp_path):
    f = tmp_path / "salary.json"
    f.write_text(json.dumps({"salary": {"basic": 572000, "house_rent": 136000, "conveyance": 138400,
                                        "medical": 7200, "festival_bonus": 572000},
                             "other_income": 197070, "investment": 465000}))
    r = CliRunner().invoke(app, ["tax", str(f), "--tax-year", "2025-26", "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert (out["gross_salary"], out["exempt"], out["taxable_income"], out["rebate"], out["net_tax"]) == (
        "1425600", "475200", "1147470", "34424", "70070")
    assert len(out["slabs"]) == 4
    text = CliRunner().invoke(app, ["tax", str(f), "--tax-year", "2025-26"])
    assert "70,070.00" in text.output and "15% x 465,000.00" in text.output


@pytest.mark.parametrize("content,args,needle", [
    ("{}", ["--tax-year", "2025-26"], "gross_salary"),
    ('{"gross_salary": "abc"}', ["--tax-year", "2025-26"], "gross_salary"),
    ('{"gross_salary": 100}', ["--tax-year", "1999-00"], "--tax-year"),
    ('{"gross_salary": -5}', ["--tax-year", "2025-26"], "gross_salary"),
    ("not json", ["--tax-year", "2025-26"], "not a JSON"),
    ('{"gross_salary": 100, "category": "king"}', ["--tax-year", "2025-26"], "category"),
])
def test_cli_bad_input_exits_2_with_a_message(tmp_path, content, args, needle):
    f = tmp_path / "in.json"
    f.write_text(content)
    r = CliRunner().invoke(app, ["tax", str(f), *args])
    assert r.exit_code == 2
    assert needle in r.output
