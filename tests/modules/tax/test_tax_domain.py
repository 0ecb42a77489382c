"""tax: worked examples (sources named in each test) and properties of the pure rules.

Sources:
- VAT and Supplementary Duty Act 2012 (NBR): s.15 (15 % standard rate, reduced rates of the Third
  Schedule), s.21 (zero rate, exports), s.26 (exemption), s.49 (VAT deducted at source by a withholding
  entity; certificate Mushak-6.6); NBR's VDS guidance under SRO 240-Law/2021/163-Mushak (withholding
  entities deduct the VAT shown on the Mushak-6.3 invoice from the payment).
- The "tax fraction" of a VAT-inclusive price, rate / (100 + rate) (15/115 at the standard rate), as in
  NBR's and the big-four Bangladesh VAT guides (e.g. PwC Bangladesh "Tax and VAT guide", KPMG Bangladesh
  "VAT guide": VAT = price × 15/115).
- Income Tax Act 2023 s.89 with the Income Tax (Deduction at Source) Rules 2023 as summarised by PwC
  Bangladesh "Income Tax guide 2023-24" and shared/domain/bangladesh.md: base up to Tk 50 lakh 3 %, above
  50 lakh to 2 crore 5 %, above 2 crore 7 %, on the base excluding VAT; 50 % higher without TIN/PSR.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.tax import api, domain
from vextrus.modules.tax.domain import Band, RateTable, VatRate, WithholdingRule
from vextrus.platform.errors import ValidationFailed

D = Decimal
AUG_2025 = date(2025, 8, 1)
JUN_2025 = date(2025, 6, 30)


# ---- VAT: worked examples ----------------------------------------------------------------------------

def test_vat_exclusive_at_the_standard_rate():
    """VAT and SD Act 2012 s.15(1): a supply valued Tk 1,00,000 at 15 % carries Tk 15,000 VAT (115,000 in all)."""
    r = api.vat_for("VAT15", D("100000"), AUG_2025)
    assert (r.net, r.vat, r.gross, r.rate, r.kind) == (D("100000.00"), D("15000.00"), D("115000.00"), D(15), "standard")
    assert "s.15" in r.source


def test_vat_inclusive_uses_the_tax_fraction():
    """Tax fraction 15/115 (NBR; PwC/KPMG Bangladesh VAT guides): a price of Tk 1,15,000 including VAT holds
    Tk 15,000 VAT on a value of Tk 1,00,000."""
    r = api.vat_for("VAT15", D("115000"), AUG_2025, inclusive=True)
    assert (r.net, r.vat, r.gross) == (D("100000.00"), D("15000.00"), D("115000.00"))


def test_construction_firm_rate_changes_on_1_july_2025():
    """Third Schedule S004.00 (construction firm): 7.5 % to 30 June 2025, 10 % from 1 July 2025 (Finance
    Ordinance 2025; the issue's example: Tk 10,00,000 on 2025-08-01)."""
    before = api.vat_for("S004.00", D("1000000"), JUN_2025)
    after = api.vat_for("s004.00", D("1000000"), AUG_2025)
    assert (before.rate, before.vat, before.gross) == (D("7.5"), D("75000.00"), D("1075000.00"))
    assert (after.rate, after.vat, after.gross) == (D(10), D("100000.00"), D("1100000.00"))
    inclusive = api.vat_for("S004.00", D("1000000"), AUG_2025, inclusive=True)
    # 10,00,000 × 10/110 = 90,909.0909… → 90,909.09 (half-up to the poisha); net takes the rest
    assert (inclusive.vat, inclusive.net) == (D("90909.09"), D("909090.91"))
    assert "Finance Ordinance 2025" in after.source and after.confidence == "medium"


def test_inclusive_rounding_is_half_up_to_the_poisha():
    """Tk 100 at 7.5 % inclusive: 100 × 7.5/107.5 = 6.976… → 6.98; 10 at 15 %: 1.3043… → 1.30."""
    assert api.vat_for("VAT7.5", D("100"), AUG_2025, inclusive=True).vat == D("6.98")
    assert api.vat_for("VAT15", D("10"), AUG_2025, inclusive=True).vat == D("1.30")
    assert api.vat_for("VAT15", D("0.10"), AUG_2025).vat == D("0.02")  # 0.015 → 0.02 half-up


def test_zero_rated_and_exempt_carry_no_vat():
    """s.21/Second Schedule (export, 0 %) and s.26/First Schedule (exempt)."""
    for code in ("EXPORT0", "EXEMPT"):
        r = api.vat_for(code, D("500000"), AUG_2025)
        assert (r.vat, r.net, r.gross, r.rate) == (D(0), D("500000.00"), D("500000.00"), D(0))
    assert {c.code for c in api.vat_codes(AUG_2025)} == {"VAT15", "VAT10", "VAT7.5", "VAT5", "VAT2", "EXPORT0",
                                                         "EXEMPT", "S004.00"}
    s004 = next(c for c in api.vat_codes(JUN_2025) if c.code == "S004.00")
    assert (s004.rate, s004.valid_to) == (D("7.5"), JUN_2025)


def test_bad_vat_input_is_refused_naming_the_field():
    cases = [(("NOPE", D(1), AUG_2025), "tax.vat_code_unknown", "code"),
             (("VAT15", D(1), date(2019, 6, 30)), "tax.vat_code_not_in_force", "date"),
             (("VAT15", D("-1"), AUG_2025), "tax.amount_negative", "amount"),
             (("VAT15", D("1.005"), AUG_2025), "amount_precision", "amount"),
             (("VAT15", 1.5, AUG_2025), "amount_float", "amount"),
             (("VAT15", D("1e13"), AUG_2025), "amount_too_large", "amount")]
    for args, code, field in cases:
        with pytest.raises(ValidationFailed) as bad:
            api.vat_for(*args)  # type: ignore[arg-type]
        assert (bad.value.code, bad.value.field) == (code, field) and bad.value.message_bn


# ---- VDS ---------------------------------------------------------------------------------------------

def test_vds_deducts_the_vat_of_a_service_invoice():
    """VAT and SD Act 2012 s.49, NBR VDS guidance (SRO 240-Law/2021): a withholding entity receives a
    Mushak-6.3 for a service worth Tk 1,00,000 + 15 % VAT = 1,15,000; it deducts the Tk 15,000 VAT, deposits
    it with a Mushak-6.6 certificate, and pays the supplier Tk 1,00,000 (income tax withheld comes off separately)."""
    r = api.vds_for("VAT15", D("115000"), D("15000"), AUG_2025)
    assert (r.amount, r.basis, r.payable_to_supplier, r.warning) == (D("15000.00"), "invoice_vat", D("100000.00"), "")
    assert "s.49" in r.source and "6.6" in r.source


def test_vds_without_vat_on_the_invoice_uses_the_rate_on_the_inclusive_total():
    r = api.vds_for("S004.00", D("1100000"), D(0), AUG_2025)
    assert (r.amount, r.basis, r.payable_to_supplier) == (D("100000.00"), "rate", D("1000000.00"))


def test_vds_of_the_issue_example_deducts_what_the_invoice_shows_and_warns():
    """The issue's example (345,000 with 45,000 VAT) is 15 % on 300,000, not S004.00's 10 % of 2025-08-01:
    the entity deducts the VAT the invoice shows, and the result says it does not match the code."""
    r = api.vds_for("S004.00", D("345000"), D("45000"), AUG_2025)
    assert (r.amount, r.rate, r.expected_vat, r.payable_to_supplier) == (D("45000.00"), D(10), D("31363.64"),
                                                                         D("300000.00"))
    assert "31363.64" in r.warning and "৩১৩৬৩.৬৪" in r.warning_bn


def test_vds_nothing_when_not_a_withholding_entity_or_no_vat():
    assert api.vds_for("VAT15", D("115000"), D("15000"), AUG_2025, withholding_entity=False).amount == 0
    r = api.vds_for("EXEMPT", D("50000"), D(0), AUG_2025)
    assert (r.amount, r.basis, r.payable_to_supplier) == (D(0), "not_applicable", D("50000.00"))
    with pytest.raises(ValidationFailed) as bad:
        api.vds_for("VAT15", D("100"), D("101"), AUG_2025)
    assert (bad.value.code, bad.value.field) == ("tax.vds_vat_above_total", "vat")


# ---- income tax withheld at source (s.89 and services) ----------------------------------------------

@pytest.mark.parametrize(("base", "rate", "amount", "lower", "upper"), [
    ("4000000", "3", "120000.00", "0", "5000000"),            # 40 lakh: first band
    ("5000000", "3", "150000.00", "0", "5000000"),            # exactly 50 lakh is still the first band
    ("6000000", "5", "300000.00", "5000000", "20000000"),     # the issue's example: 60 lakh
    ("20000000", "5", "1000000.00", "5000000", "20000000"),   # exactly 2 crore
    ("30000000", "7", "2100000.00", "20000000", None),        # 3 crore: third band
])
def test_section_89_across_the_three_bands(base, rate, amount, lower, upper):
    """Income Tax Act 2023 s.89, Source Tax Rules 2023 (PwC Bangladesh tax guide 2023-24): 3 % up to 50 lakh,
    5 % to 2 crore, 7 % above, the band's rate on the whole base."""
    r = api.withholding_for("89", D(base), AUG_2025)
    assert (r.rate, r.amount) == (D(rate), D(amount))
    assert [(b.lower, b.upper) for b in r.bands] == [(D(lower), D(upper) if upper else None)]
    assert "s.89" in r.source and r.confidence == "medium"


def test_section_89_without_tin_is_fifty_percent_higher():
    """No TIN / proof of return submission (PSR): the rate is 1.5 × (3 % → 4.5 %)."""
    r = api.withholding_for("§89", D("4000000"), AUG_2025, has_tin=False)
    assert (r.rate, r.amount, r.higher_rate_applied) == (D("4.5"), D("180000.00"), True)
    assert r.bands[0].rate == 3 and r.bands[0].applied_rate == D("4.5")


def test_an_invoice_settled_by_a_withholding_entity():
    """A construction bill of Tk 10,00,000 + 10 % VAT (S004.00, 2025-08-01): VDS takes the Tk 1,00,000 VAT
    (s.49), s.89 takes 3 % of the base excluding VAT (Tk 30,000); the contractor receives Tk 9,70,000."""
    v = api.vat_for("S004.00", D("1000000"), AUG_2025)
    vds = api.vds_for("S004.00", v.gross, v.vat, AUG_2025)
    tds = api.withholding_for("89", v.net, AUG_2025)
    assert (vds.amount, tds.amount) == (D("100000.00"), D("30000.00"))
    assert v.gross - vds.amount - tds.amount == D("970000.00")


def test_services_rates_and_sections_named_any_way():
    assert api.withholding_for("90.advisory", D("200000"), AUG_2025).amount == D("20000.00")
    assert api.withholding_for("Section 109", D("50000"), AUG_2025).amount == D("2500.00")
    assert api.withholding_for("s.90.transport", D("10000"), AUG_2025).rate == 5
    with pytest.raises(ValidationFailed) as bad:
        api.withholding_for("52", D(1), AUG_2025)
    assert (bad.value.code, bad.value.field) == ("tax.section_unknown", "section")
    with pytest.raises(ValidationFailed) as before:
        api.withholding_for("89", D(1), date(2023, 6, 30))  # the 1984 Ordinance's s.52 applied then
    assert before.value.field == "date"


def test_a_threshold_from_a_tenant_table_means_no_deduction_at_or_below_it():
    table = RateTable(vat=(), withholding=(WithholdingRule(
        "x", "Test", "পরীক্ষা", (Band(D(0), None, D(10)),), date(2023, 7, 1), None, "test rule",
        threshold=D(25000)),))
    at = domain.withholding_on("x", D(25000), AUG_2025, table=table)
    above = domain.withholding_on("x", D("25000.01"), AUG_2025, table=table)
    assert (at.amount, at.below_threshold) == (D(0), True)
    assert (above.amount, above.below_threshold) == (D("2500.00"), False)


def test_a_rate_table_that_cannot_be_trusted_is_refused():
    row = VatRate("A", "a", "ক", "standard", D(15), date(2020, 1, 1), None, "s")
    with pytest.raises(ValidationFailed) as overlap:
        RateTable(vat=(row, VatRate("A", "a", "ক", "standard", D(10), date(2024, 1, 1), None, "s")))
    assert overlap.value.code == "tax.rates_overlap"
    with pytest.raises(ValidationFailed) as gap:
        RateTable(vat=(), withholding=(WithholdingRule("g", "g", "গ", (Band(D(0), D(10), D(1)), Band(D(11), None, D(2))),
                                                       date(2023, 7, 1), None, "s"),))
    assert gap.value.code == "tax.bands_invalid"
    with pytest.raises(ValidationFailed):
        RateTable(vat=(VatRate("Z", "z", "শ", "zero_rated", D(5), date(2020, 1, 1), None, "s"),))


# ---- properties ----------------------------------------------------------------------------------------

AMOUNTS = st.decimals(min_value=0, max_value=D("99999999999.99"), places=2, allow_nan=False, allow_infinity=False)
CODES = st.sampled_from(["VAT15", "VAT10", "VAT7.5", "VAT5", "VAT2", "EXPORT0", "EXEMPT", "S004.00"])
DAYS = st.dates(min_value=date(2019, 7, 1), max_value=date(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(code=CODES, amount=AMOUNTS, on=DAYS, inclusive=st.booleans())
def test_net_plus_vat_is_gross_to_the_poisha(code, amount, on, inclusive):
    r = api.vat_for(code, amount, on, inclusive)
    assert r.net + r.vat == r.gross
    assert (r.gross if inclusive else r.net) == amount
    assert min(r.net, r.vat, r.gross) >= 0
    assert all(x == x.quantize(D("0.01")) for x in (r.net, r.vat, r.gross))
    exact = amount * r.rate / ((100 + r.rate) if inclusive else 100)
    assert abs(r.vat - exact) <= D("0.005")


BANDS_89 = [(D("0.01"), D(5000000)), (D("5000000.01"), D(20000000)), (D("20000000.01"), D("99999999999.99"))]


@settings(max_examples=200, deadline=None)
@given(band=st.sampled_from(BANDS_89), a=st.integers(0, 10**13), b=st.integers(0, 10**13), has_tin=st.booleans())
def test_withholding_is_monotone_in_the_base_within_a_band(band, a, b, has_tin):
    lo, hi = band
    span = hi - lo
    x, y = sorted(lo + (span * D(v) / D(10**13)).quantize(D("0.01"), rounding="ROUND_DOWN") for v in (a, b))
    rx, ry = (api.withholding_for("89", v, AUG_2025, has_tin) for v in (x, y))
    assert rx.bands == ry.bands and rx.rate == ry.rate
    assert 0 <= rx.amount <= ry.amount <= y


@settings(max_examples=200, deadline=None)
@given(code=CODES, total=AMOUNTS, share=st.integers(0, 100), on=DAYS, entity=st.booleans())
def test_vds_is_never_negative_nor_above_the_invoice(code, total, share, on, entity):
    shown = (total * share / 100).quantize(D("0.01"), rounding="ROUND_DOWN")
    r = api.vds_for(code, total, shown, on, withholding_entity=entity)
    assert 0 <= r.amount <= r.invoice_total and r.amount + r.payable_to_supplier == r.invoice_total
    assert r.amount == 0 or entity


def test_input_credit_within_four_tax_periods():
    """VAT and SD Act 2012 s.46(1)(d): input VAT of a Mushak-6.3 issued in August 2025 may be claimed in the
    returns for August to December 2025 (the issuing period and the four after it), not in January 2026."""
    assert api.input_credit_until(date(2025, 8, 10)) == date(2025, 12, 31)
    assert api.input_credit_until(date(2025, 10, 31)) == date(2026, 2, 28)  # across the year end
    assert api.input_credit_allowed(date(2025, 8, 10), date(2025, 12, 1))
    assert not api.input_credit_allowed(date(2025, 8, 10), date(2026, 1, 1))
    with pytest.raises(ValidationFailed) as early:
        api.input_credit_allowed(date(2025, 8, 10), date(2025, 7, 31))
    assert early.value.field == "claim_period"
    assert "s.46" in domain.CREDIT_SOURCE


@settings(max_examples=200, deadline=None)
@given(day=DAYS)
def test_input_credit_window_is_five_periods(day):
    until = api.input_credit_until(day)
    assert (until.year * 12 + until.month) - (day.year * 12 + day.month) == 4
    assert api.input_credit_allowed(day, until) and not api.input_credit_allowed(day, until + timedelta(days=1))
