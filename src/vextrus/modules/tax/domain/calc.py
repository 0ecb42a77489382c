"""The computations: VAT (inclusive and exclusive), VAT deducted at source (VDS), income tax withheld at
source (AIT/TDS). Pure: a rate table in, a result out; rounding only through `vextrus.platform.money`."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import format_date, format_number, to_bangla_digits
from vextrus.platform.money import ZERO, check_amount, round_amount, to_decimal

from ..schemas import (
    AppliedBand,
    VatCodeView,
    VatResult,
    VdsResult,
    WithholdingResult,
    WithholdingSectionView,
)
from .rates import DEFAULT_TABLE, RateTable, VatRate, WithholdingRule

HUNDRED = Decimal(100)
AMOUNT_BN = {"amount": "মূল্য", "invoice_total": "চালানের মোট", "vat": "ভ্যাট", "base": "ভিত্তি", "rate": "হার"}
"""The amounts a tax is computed on, named in a Bangla sentence."""
_SECTION_PREFIX = re.compile(r"^(?:§|section|sec\.?|s\.?)\s*", re.IGNORECASE)


def amount_of(value: object, field: str) -> Decimal:
    """An amount a tax is computed on: exact (no float), finite, not negative, at most 2 decimals (poisha)."""
    d = round_amount(check_amount(to_decimal(value, field), field, places=2))
    if d < 0:
        raise ValidationFailed("tax.amount_negative", f"{field}: {d} must not be negative",
                               f"{AMOUNT_BN.get(field, 'পরিমাণ')} {format_number(d, 2, 'bn')} ঋণাত্মক হতে পারে না", field=field)
    return d


def vat_code(code: str, on: date, table: RateTable = DEFAULT_TABLE) -> VatRate:
    """The VAT code's row in force on `on` (codes are case-insensitive; stored upper-case)."""
    key = (code or "").strip().upper()
    if key not in table.vat_codes_known():
        known = known_codes = ", ".join(sorted(table.vat_codes_known()))  # codes such as VAT15, S004.00
        raise ValidationFailed("tax.vat_code_unknown", f"VAT code '{code}' is unknown (known: {known})",
                               f"ভ্যাট কোড '{code}' অজানা (জানা কোড: {known_codes})", field="code",
                               details={"known": known})
    found = table.vat_in_force(key, on)
    if found is not None:
        return found
    raise ValidationFailed("tax.vat_code_not_in_force", f"VAT code {key} has no rate in force on {on.isoformat()}",
                           f"ভ্যাট কোড {key} এর {format_date(on, 'bn')} তারিখে কোনো কার্যকর হার নেই", field="date")


def vat(rate: VatRate, amount: object, inclusive: bool = False) -> VatResult:
    """VAT on an amount at the code's rate.

    Exclusive (the amount is the value of supply, VAT and SD Act 2012 s.15 levies VAT on it):
    vat = value × rate ÷ 100, gross = value + vat. Inclusive (the amount is the price with VAT, as on a
    Mushak-6.3 total): vat = price × rate ÷ (100 + rate), the "tax fraction"; net = price − vat. VAT is
    rounded half-up to the poisha by `platform.money.round_amount`, and the other figure is the
    difference, so net + vat == gross exactly. Zero-rated (s.21) and exempt (s.26) supplies carry no VAT.
    """
    value = amount_of(amount, "amount")
    tax = vat_amount(rate, value, inclusive)
    net, gross = (value - tax, value) if inclusive else (value, value + tax)
    return VatResult(code=rate.code, kind=rate.kind, rate=rate.rate, inclusive=inclusive, net=round_amount(net),
                     vat=tax, gross=round_amount(gross), source=rate.source, confidence=rate.confidence)


def vat_amount(rate: VatRate, value: Decimal, inclusive: bool = False) -> Decimal:
    """The VAT of `vat` on a value already checked by `amount_of` (the one formula: `vat`'s docstring)."""
    if rate.rate == 0:
        return ZERO
    if inclusive:
        return round_amount(value * rate.rate / (HUNDRED + rate.rate))
    return round_amount(value * rate.rate / HUNDRED)


class VatPricer:
    """`vat_on` for many lines (a bulk post's): (code, amount, day) → (rate, vat), the same figures and
    refusals as `vat_on`, each code's row on a day looked up once (a table's rows never change under it)."""

    __slots__ = ("_inclusive", "_rates", "_table")

    def __init__(self, table: RateTable = DEFAULT_TABLE, inclusive: bool = False):
        self._table, self._inclusive = table, inclusive
        self._rates: dict[tuple[str, date], VatRate] = {}

    def __call__(self, code: str, amount: object, on: date) -> tuple[Decimal, Decimal]:
        rate = self._rates.get((code, on))
        if rate is None:
            rate = self._rates[(code, on)] = vat_code(code, on, self._table)
        return rate.rate, vat_amount(rate, amount_of(amount, "amount"), self._inclusive)


def vat_on(code: str, amount: object, on: date, inclusive: bool = False, table: RateTable = DEFAULT_TABLE) -> VatResult:
    """`vat` at the code's rate in force on `on`."""
    return vat(vat_code(code, on, table), amount, inclusive)


def vds(rate: VatRate, invoice_total: object, invoice_vat: object, withholding_entity: bool = True) -> VdsResult:
    """VAT deducted at source when a withholding entity pays a supplier's invoice.

    VAT and SD Act 2012 s.49: a withholding entity (s.2(21); SRO 240-Law/2021/163-Mushak: government and
    its bodies, NGOs, banks, insurers and other financial institutions, schools from secondary level,
    limited companies) deducts the VAT from the payment, deposits it to the treasury and gives the
    supplier a Mushak-6.6 certificate. It deducts the VAT shown on the supplier's tax invoice
    (Mushak-6.3); where the invoice shows none, the code's rate on the VAT-inclusive total
    (total × rate ÷ (100 + rate)). A payer that is not a withholding entity deducts nothing; zero-rated
    and exempt supplies have no VAT to deduct. When the invoice's VAT differs from the code's rate by more
    than a poisha, the result says so (`warning`): the entity still deducts what the invoice shows.
    """
    total = amount_of(invoice_total, "invoice_total")
    shown = amount_of(invoice_vat, "vat")
    if shown > total:
        raise ValidationFailed("tax.vds_vat_above_total", f"vat: {shown} is more than the invoice total {total}",
                               f"ভ্যাট {format_number(shown, 2, 'bn')} চালানের মোট {format_number(total, 2, 'bn')} এর বেশি", field="vat")
    expected = ZERO if rate.rate == 0 else round_amount(total * rate.rate / (HUNDRED + rate.rate))
    warning = warning_bn = ""
    if not withholding_entity:
        amount, basis = ZERO, "not_withholding_entity"
    elif rate.rate == 0:
        amount, basis = ZERO, "not_applicable"
    elif shown > 0:
        amount, basis = shown, "invoice_vat"
        if abs(shown - expected) > Decimal("0.01"):
            warning = (f"the invoice's VAT {shown} differs from {rate.code} at {rate.rate} % on {total} "
                       f"({expected}); the VAT shown is deducted: check the invoice's code")
            bn = to_bangla_digits
            warning_bn = (f"চালানের ভ্যাট {bn(str(shown))}, {bn(str(total))} এর উপর {rate.code} এর {bn(str(rate.rate))} % "
                          f"হার ({bn(str(expected))}) থেকে ভিন্ন; চালানে দেখানো ভ্যাট কর্তন করা হলো: চালানের কোড যাচাই করুন")
    else:
        amount, basis = expected, "rate"
    return VdsResult(code=rate.code, rate=rate.rate, amount=amount, basis=basis, invoice_total=total,
                     invoice_vat=shown, expected_vat=expected, payable_to_supplier=total - amount,
                     warning=warning, warning_bn=warning_bn, source=_VDS_SOURCE)


_VDS_SOURCE = ("VAT and SD Act 2012 s.49 (deduction at source by a withholding entity, s.2(21); SRO "
               "240-Law/2021/163-Mushak); certificate Mushak-6.6; the VAT on the Mushak-6.3 invoice, else the "
               "code's rate on the VAT-inclusive total")


def vds_on(code: str, invoice_total: object, invoice_vat: object, on: date, withholding_entity: bool = True,
           table: RateTable = DEFAULT_TABLE) -> VdsResult:
    """`vds` with the code's rate in force on `on`."""
    return vds(vat_code(code, on, table), invoice_total, invoice_vat, withholding_entity)


def section_key(section: str) -> str:
    """'89', '§89', 's.89', 'Section 89' all name section 89."""
    return _SECTION_PREFIX.sub("", (section or "").strip()).strip().lower()


def _section_bn(key: str, table: RateTable) -> str:
    """A section in a Bangla sentence: its number in Bangla digits and, for a part of a section (90.advisory),
    its Bangla name: '৮৯', '৯০ (উপদেষ্টা বা পরামর্শ সেবা)'."""
    number, _, part = key.partition(".")
    name_bn = next((r.name_bn for r in table.all_withholding() if r.section == key), "")
    return to_bangla_digits(number) + (f" ({name_bn})" if part and name_bn else "")


def withholding_rule(section: str, on: date, table: RateTable = DEFAULT_TABLE) -> WithholdingRule:
    key = section_key(section)
    if key not in table.sections_known():
        known = ", ".join(sorted(table.sections_known()))
        known_bn = ", ".join(_section_bn(k, table) for k in sorted(table.sections_known()))
        shown = section  # as typed
        raise ValidationFailed("tax.section_unknown", f"withholding section '{section}' is unknown (known: {known})",
                               f"উৎসে কর্তনের ধারা '{shown}' অজানা (জানা ধারা: {known_bn})", field="section",
                               details={"known": known})
    rule = table.rule_in_force(key, on)
    if rule is not None:
        return rule
    raise ValidationFailed("tax.section_not_in_force", f"section {key} has no rate in force on {on.isoformat()}",
                           f"ধারা {_section_bn(key, table)} এর {format_date(on, 'bn')} তারিখে কোনো কার্যকর হার নেই", field="date")


def withholding(rule: WithholdingRule, base: object, has_tin: bool = True) -> WithholdingResult:
    """Income tax deducted at source from a payment (Income Tax Act 2023, Part on deduction at source).

    The base excludes VAT (the VAT is the government's, not the payee's income). The band the base
    falls in sets the rate, applied to the whole base (Source Tax Rules 2023 tables "base amount …
    rate"; for s.89 the base amount is the higher of the contract value, bill and payment: the caller
    passes it). No deduction when the base is at or below the rule's threshold. Without a TIN / proof of
    return submission the rate is the rule's `no_tin_factor` times the rate (50 % higher). The amount
    is rounded half-up to the poisha (`platform.money.round_amount`): the taka truncation of the Act
    applies to assessed tax (payroll, returns), not to a deduction at source.
    """
    value = amount_of(base, "base")
    band = next(b for b in rule.bands if b.holds(value) or (value == 0 and b.lower == 0))
    applied = band.rate if has_tin else band.rate * rule.no_tin_factor
    below = value <= rule.threshold
    amount = ZERO if below else round_amount(value * applied / HUNDRED)
    return WithholdingResult(
        section=rule.section, name=rule.name, name_bn=rule.name_bn, base=value, rate=ZERO if below else applied,
        amount=amount, bands=[AppliedBand(lower=band.lower, upper=band.upper, rate=band.rate, applied_rate=applied)],
        threshold=rule.threshold, below_threshold=below, higher_rate_applied=not has_tin, source=rule.source,
        confidence=rule.confidence)


def withholding_on(section: str, base: object, on: date, has_tin: bool = True,
                   table: RateTable = DEFAULT_TABLE) -> WithholdingResult:
    """`withholding` under the section's rule in force on `on`."""
    return withholding(withholding_rule(section, on, table), base, has_tin)


def vat_codes(on: date, table: RateTable = DEFAULT_TABLE) -> list[VatCodeView]:
    """The VAT codes in force on `on` (the row a lookup would use), by code."""
    rows = [table.vat_in_force(c, on) for c in sorted(table.vat_codes_known())]
    return [VatCodeView(code=r.code, name=r.name, name_bn=r.name_bn, kind=r.kind, rate=r.rate,
                        valid_from=r.valid_from, valid_to=r.valid_to, source=r.source, confidence=r.confidence)
            for r in rows if r is not None]


def withholding_sections(on: date, table: RateTable = DEFAULT_TABLE) -> list[WithholdingSectionView]:
    """The withholding rules in force on `on`, by section."""
    return [WithholdingSectionView(
        section=r.section, name=r.name, name_bn=r.name_bn, threshold=r.threshold, no_tin_factor=r.no_tin_factor,
        bands=[AppliedBand(lower=b.lower, upper=b.upper, rate=b.rate, applied_rate=b.rate) for b in r.bands],
        valid_from=r.valid_from, valid_to=r.valid_to, source=r.source, confidence=r.confidence)
        for r in (table.rule_in_force(s, on) for s in sorted(table.sections_known())) if r is not None]
