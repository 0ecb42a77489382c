"""Rates and bands as data, each with the dates it is in force and its legal source.

Rates change with each Finance Act: a new row with `valid_from` (and the old row closed with
`valid_to`), never an edit of code that computes. The pure functions take a table (`RateTable`) as
input; `DEFAULT_TABLE` is what Vextrus ships (figures and confidence from shared/domain/bangladesh.md).

Sources, in short:
- VAT and Supplementary Duty Act 2012 (in force 1 July 2019): s.15 standard rate 15 %; s.15(3)/Third
  Schedule reduced ("truncated") rates; s.21 and Second Schedule zero rate (exports); s.26 and First
  Schedule exemptions; s.49 VAT deducted at source by a withholding entity (s.2(21); SRO 240-Law/2021/
  163-Mushak of 29 June 2021 lists the entities), certificate Mushak-6.6.
- Third Schedule service code S004.00 (construction firm): 7.5 % until 30 June 2025; 10 % from 1 July
  2025 by the Finance Ordinance 2025 (medium: budget reporting).
- Income Tax Act 2023 (Act 12 of 2023, in force 1 July 2023) s.89 payments to contractors and
  suppliers, rates by base amount in the Income Tax (Deduction at Source) Rules 2023 ("Source Tax
  Rules 2023"); s.90 services; s.109 house rent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import format_count, format_date, to_bangla_digits

VAT_ACT_IN_FORCE = date(2019, 7, 1)  # VAT and SD Act 2012 came into force
ITA_2023_IN_FORCE = date(2023, 7, 1)  # Income Tax Act 2023 replaced the Income Tax Ordinance 1984
LAKH = Decimal(100_000)
CRORE = Decimal(10_000_000)

KINDS = ("standard", "reduced", "zero_rated", "exempt")
KIND_BN = {"standard": "আদর্শ", "reduced": "হ্রাসকৃত", "zero_rated": "শূন্য হার", "exempt": "অব্যাহতিপ্রাপ্ত"}
"""A VAT rate's kind in a Bangla sentence (as the catalogue's tax.kind_*)."""
FIELD_BN = {"name": "ইংরেজি নাম", "name_bn": "বাংলা নাম", "source": "আইনি উৎস"}


@dataclass(frozen=True, slots=True)
class VatRate:
    """A VAT code's rate for a date range (`valid_to` inclusive; None: until changed)."""

    code: str
    name: str
    name_bn: str
    kind: str
    rate: Decimal  # percent
    valid_from: date
    valid_to: date | None
    source: str
    confidence: str = "high"

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True, slots=True)
class Band:
    """Base above `lower` up to and including `upper` (None: no upper limit) is withheld at `rate` %."""

    lower: Decimal
    upper: Decimal | None
    rate: Decimal

    def holds(self, base: Decimal) -> bool:
        return base > self.lower and (self.upper is None or base <= self.upper)


@dataclass(frozen=True, slots=True)
class WithholdingRule:
    """A withholding section: the band the base falls in sets the rate on the whole base."""

    section: str
    name: str
    name_bn: str
    bands: tuple[Band, ...]
    valid_from: date
    valid_to: date | None
    source: str
    threshold: Decimal = Decimal(0)  # no deduction when the base is at or below this
    no_tin_factor: Decimal = Decimal("1.5")  # the rate is 50 % higher without TIN / return proof
    confidence: str = "high"

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True, slots=True)
class RateTable:
    """The VAT codes and withholding rules the functions read. A tenant's table has the shipped one as
    `parent`: for a code (section) and a day, a row of the table itself wins, else the parent's applies."""

    vat: tuple[VatRate, ...]
    withholding: tuple[WithholdingRule, ...] = field(default=())
    parent: RateTable | None = None
    _codes: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)
    _sections: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_table(self)
        parent_codes = self.parent.vat_codes_known() if self.parent else frozenset()
        parent_sections = self.parent.sections_known() if self.parent else frozenset()
        object.__setattr__(self, "_codes", frozenset(r.code for r in self.vat) | parent_codes)
        object.__setattr__(self, "_sections", frozenset(r.section for r in self.withholding) | parent_sections)

    def vat_in_force(self, code: str, on: date) -> VatRate | None:
        own = next((r for r in self.vat if r.code == code and r.in_force(on)), None)
        return own if own is not None or self.parent is None else self.parent.vat_in_force(code, on)

    def rule_in_force(self, section: str, on: date) -> WithholdingRule | None:
        own = next((r for r in self.withholding if r.section == section and r.in_force(on)), None)
        return own if own is not None or self.parent is None else self.parent.rule_in_force(section, on)

    def vat_codes_known(self) -> frozenset[str]:
        return self._codes

    def sections_known(self) -> frozenset[str]:
        return self._sections

    def all_vat(self) -> list[VatRate]:
        """Every VAT row a lookup may reach (own rows first)."""
        return [*self.vat, *(self.parent.all_vat() if self.parent else [])]

    def all_withholding(self) -> list[WithholdingRule]:
        return [*self.withholding, *(self.parent.all_withholding() if self.parent else [])]


CODE = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{0,19}$")


def plain_rate(rate: Decimal) -> Decimal:
    """A percent without trailing zeros as stored (12.000000 → 12, 7.500000 → 7.5), like the shipped rates."""
    return rate.quantize(Decimal(1)) if rate == rate.to_integral_value() else rate.normalize()


def new_vat_rate(existing: Iterable[VatRate], code: str, name: str, name_bn: str, kind: str, rate: Decimal,
                 valid_from: date, valid_to: date | None, source: str, confidence: str = "high") -> VatRate:
    """A VAT rate a tenant adds, checked against its other rates (fields named as the input's): a code of
    1-20 capitals, digits, dots or hyphens; names in English and Bangla; a known kind; 0 <= rate < 100 (0
    for zero-rated and exempt); dates in order; the legal source named (every rate names its law); not
    in force on a day another of the tenant's rows of that code is."""
    key = code.strip().upper()
    if not CODE.match(key):
        raise ValidationFailed("tax.vat_code_invalid", "A VAT code is 1 to 20 capitals, digits, dots or hyphens "
                               "(e.g. S004.00)", "ভ্যাট কোড ১ থেকে ২০টি বড় হাতের অক্ষর, অঙ্ক, বিন্দু বা হাইফেন "
                               "(যেমন S004.00)", field="code")
    for field_name, value in (("name", name), ("name_bn", name_bn), ("source", source)):
        if not value.strip():
            raise ValidationFailed(f"tax.{field_name}_missing", f"{field_name}: required (a rate names its law "
                                   "and has a name in English and Bangla)", f"{FIELD_BN[field_name]}: প্রয়োজন (হারের আইনি উৎস "
                                   "এবং ইংরেজি ও বাংলা নাম দিতে হবে)", field=field_name)
    if kind not in KINDS:
        raise ValidationFailed("tax.vat_kind_invalid", f"kind must be one of {', '.join(KINDS)}",
                               f"ধরন {_KINDS_BN} এর একটি হতে হবে", field="kind")
    if rate < 0 or rate >= 100 or (kind in ("zero_rated", "exempt") and rate != 0):
        raise ValidationFailed("tax.rate_invalid", f"rate {rate} % is not a valid VAT rate for {kind}",
                               f"হার {format_count(rate, 'bn')} % {KIND_BN[kind]} ধরনের জন্য সঠিক ভ্যাট হার নয়",
                               field="rate")
    if valid_to is not None and valid_to < valid_from:
        raise ValidationFailed("tax.dates_reversed", "valid_to is before valid_from",
                               "শেষের তারিখ শুরুর তারিখের আগে", field="valid_to")
    for other in existing:
        if other.code == key and _overlap(valid_from, valid_to, other.valid_from, other.valid_to):
            raise ValidationFailed("tax.rates_overlap", f"{key} already has a rate of yours in force from "
                                   f"{other.valid_from.isoformat()}: start after it ends", f"{key} এর আপনার একটি হার "
                                   f"{format_date(other.valid_from, 'bn')} থেকে কার্যকর: সেটি শেষ হওয়ার পরে শুরু করুন",
                                   field="valid_from")
    return VatRate(key, name.strip(), name_bn.strip(), kind, plain_rate(rate), valid_from, valid_to, source.strip(),
                   confidence if confidence in ("high", "medium", "low") else "medium")


def _overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    return (a_to is None or b_from <= a_to) and (b_to is None or a_from <= b_to)


def check_table(table: RateTable) -> None:
    """Refuse a table a computation could not trust: unknown kinds, negative rates, reversed dates,
    two rows of one code in force on the same day, bands with gaps or overlaps."""
    _check_rows(table.vat, "code", lambda r: r.code)
    for i, r in enumerate(table.vat):
        where, where_bn = f"vat[{i}]", _row_bn("vat", i)
        if r.kind not in KINDS:
            raise ValidationFailed("tax.vat_kind_invalid", f"{where}: kind must be one of {', '.join(KINDS)}",
                                   f"{where_bn}: ধরন {_KINDS_BN} এর একটি হতে হবে", field=f"{where}.kind")
        if r.rate < 0 or r.rate >= 100 or (r.kind in ("zero_rated", "exempt") and r.rate != 0):
            raise ValidationFailed("tax.rate_invalid", f"{where}: rate {r.rate} % is not a valid VAT rate",
                                   f"{where_bn}: হার {format_count(r.rate, 'bn')} % সঠিক ভ্যাট হার নয়",
                                   field=f"{where}.rate")
    _check_rows(table.withholding, "section", lambda r: r.section)
    for i, w in enumerate(table.withholding):
        where, where_bn = f"withholding[{i}]", _row_bn("withholding", i)
        _check_bands(w.bands, where, where_bn)
        if w.threshold < 0 or w.no_tin_factor < 1:
            raise ValidationFailed("tax.withholding_rule_invalid",
                                   f"{where}: the threshold must not be negative and the no-TIN factor at least 1",
                                   f"{where_bn}: সীমা ঋণাত্মক নয় এবং টিআইএন-হীন গুণক অন্তত ১ হতে হবে",
                                   field=f"{where}.threshold")


_KINDS_BN = ", ".join(KIND_BN.values())
_TABLE_BN = {"vat": "ভ্যাট হারের", "withholding": "উৎসে কর্তনের"}


def _row_bn(kind: str, i: int) -> str:
    """A row of the rate table in a Bangla sentence: 'ভ্যাট হারের সারি ৩' (counted from 1)."""
    return f"{_TABLE_BN[kind]} সারি {to_bangla_digits(str(i + 1))}"


def _check_rows(rows: Iterable[VatRate | WithholdingRule], key_name: str, key) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, list[VatRate | WithholdingRule]] = {}
    for i, r in enumerate(rows):
        kind = "vat" if isinstance(r, VatRate) else "withholding"
        where_bn, code = _row_bn(kind, i), key(r)  # the row; its VAT code or section, as written in the table
        if r.valid_to is not None and r.valid_to < r.valid_from:
            raise ValidationFailed("tax.dates_reversed", f"{kind}[{i}]: valid_to is before valid_from",
                                   f"{where_bn}: শেষের তারিখ শুরুর তারিখের আগে", field=f"{kind}[{i}].valid_to")
        for other in seen.get(key(r), []):
            if _overlap(r.valid_from, r.valid_to, other.valid_from, other.valid_to):
                raise ValidationFailed("tax.rates_overlap", f"{kind}[{i}]: {key_name} {key(r)} has two rates "
                                       "in force on the same day", f"{where_bn}: {code} এর একই দিনে দুটি হার "
                                       "কার্যকর", field=f"{kind}[{i}].valid_from")
        seen.setdefault(key(r), []).append(r)


def _check_bands(bands: tuple[Band, ...], where: str, where_bn: str) -> None:
    ok = bool(bands) and bands[0].lower == 0 and bands[-1].upper is None
    for i, b in enumerate(bands):
        ok = ok and 0 <= b.rate < 100 and (b.upper is None or b.upper > b.lower)
        if i:
            ok = ok and bands[i - 1].upper == b.lower
    if not ok:
        raise ValidationFailed("tax.bands_invalid", f"{where}: bands must start at 0, follow each other without "
                               "gap or overlap, end open, with rates from 0 to below 100 %",
                               f"{where_bn}: ধাপগুলো ০ থেকে শুরু, ফাঁক বা উপরিপাত ছাড়া পরপর, শেষ ধাপ খোলা এবং হার ০ থেকে "
                               "১০০ % এর কম হতে হবে", field=f"{where}.bands")


def _vat(code: str, name: str, name_bn: str, kind: str, rate: str, source: str, *,
         valid_from: date = VAT_ACT_IN_FORCE, valid_to: date | None = None, confidence: str = "high") -> VatRate:
    return VatRate(code, name, name_bn, kind, Decimal(rate), valid_from, valid_to, source, confidence)


_ACT = "VAT and SD Act 2012"
VAT_RATES: tuple[VatRate, ...] = (
    _vat("VAT15", "Standard rate 15 %", "আদর্শ হার ১৫ %", "standard", "15", f"{_ACT} s.15(1): standard rate 15 %"),
    _vat("VAT10", "Reduced rate 10 %", "হ্রাসকৃত হার ১০ %", "reduced", "10",
         f"{_ACT} s.15(3) and Third Schedule: reduced rate 10 %"),
    _vat("VAT7.5", "Reduced rate 7.5 %", "হ্রাসকৃত হার ৭.৫ %", "reduced", "7.5",
         f"{_ACT} s.15(3) and Third Schedule: reduced rate 7.5 %"),
    _vat("VAT5", "Reduced rate 5 %", "হ্রাসকৃত হার ৫ %", "reduced", "5",
         f"{_ACT} s.15(3) and Third Schedule: reduced rate 5 %"),
    _vat("VAT2", "Reduced rate 2 % (e.g. land development)", "হ্রাসকৃত হার ২ % (যেমন ভূমি উন্নয়ন)", "reduced", "2",
         f"{_ACT} s.15(3) and Third Schedule: reduced rate 2 %"),
    _vat("EXPORT0", "Zero-rated: export", "শূন্য হার: রপ্তানি", "zero_rated", "0",
         f"{_ACT} s.21 and Second Schedule: exports are zero-rated (0 %, input VAT creditable)"),
    _vat("EXEMPT", "Exempt (First Schedule)", "অব্যাহতিপ্রাপ্ত (প্রথম তফসিল)", "exempt", "0",
         f"{_ACT} s.26 and First Schedule: exempt supply (no VAT, no input credit)"),
    _vat("S004.00", "Construction firm (S004.00)", "নির্মাণ সংস্থা (S004.00)", "reduced", "7.5",
         f"{_ACT} Third Schedule, service code S004.00 (construction firm): 7.5 % until 30 June 2025",
         valid_to=date(2025, 6, 30), confidence="medium"),
    _vat("S004.00", "Construction firm (S004.00)", "নির্মাণ সংস্থা (S004.00)", "reduced", "10",
         f"{_ACT} Third Schedule as amended by the Finance Ordinance 2025, service code S004.00 "
         "(construction firm): 10 % from 1 July 2025", valid_from=date(2025, 7, 1), confidence="medium"),
)

_ITA = "Income Tax Act 2023"
_STR = "Income Tax (Deduction at Source) Rules 2023"
_NO_TIN = ("; the rate is 50 % higher when the payee does not show a TIN / proof of return submission (PSR), "
           f"{_ITA} s.264 with the higher-rate rule for deduction at source (confirm the year's figure)")


def _flat(section: str, name: str, name_bn: str, rate: str, source: str, *, confidence: str = "medium",
          threshold: str = "0") -> WithholdingRule:
    return WithholdingRule(section, name, name_bn, (Band(Decimal(0), None, Decimal(rate)),), ITA_2023_IN_FORCE,
                           None, source + _NO_TIN, threshold=Decimal(threshold), confidence=confidence)


WITHHOLDING_RULES: tuple[WithholdingRule, ...] = (
    WithholdingRule(
        "89", "Contractors and suppliers", "ঠিকাদার ও সরবরাহকারী",
        (Band(Decimal(0), 50 * LAKH, Decimal(3)), Band(50 * LAKH, 2 * CRORE, Decimal(5)),
         Band(2 * CRORE, None, Decimal(7))),
        ITA_2023_IN_FORCE, None,
        f"{_ITA} s.89 (payments to contractors and suppliers; rate at most 10 %) and {_STR}: base amount up to "
        "Tk 50 lakh 3 %, above 50 lakh up to 2 crore 5 %, above 2 crore 7 %; the band of the base sets the rate "
        "on the whole base, which excludes VAT" + _NO_TIN,
        confidence="medium",
    ),
    _flat("90.advisory", "Advisory or consultancy service", "উপদেষ্টা বা পরামর্শ সেবা", "10",
          f"{_ITA} s.90 and {_STR} services table: advisory or consultancy service 10 %"),
    _flat("90.professional", "Professional or technical service fee", "পেশাগত বা কারিগরি সেবা ফি", "10",
          f"{_ITA} s.90 and {_STR} services table: professional service, technical service or technical "
          "assistance fee 10 %"),
    _flat("90.manpower", "Manpower supply, security, cleaning, catering (gross bill)",
          "জনবল সরবরাহ, নিরাপত্তা, পরিচ্ছন্নতা, ক্যাটারিং (মোট বিল)", "2",
          f"{_ITA} s.90 and {_STR} services table: supply of manpower, private security, cleaning, catering "
          "on the gross bill 2 % (10 % on commission or fee only)"),
    _flat("90.transport", "Transport / carrying service", "পরিবহন সেবা", "5",
          f"{_ITA} s.90 and {_STR} services table: transport or carrying service 5 %"),
    _flat("109", "House or office rent", "বাড়ি বা অফিস ভাড়া", "5",
          f"{_ITA} s.109 and {_STR}: rent of house property 5 %"),
)

DEFAULT_TABLE = RateTable(vat=VAT_RATES, withholding=WITHHOLDING_RULES)


class VatRateNotFound(DomainError):
    status = 404

    def __init__(self, rate_id: object):
        key = str(rate_id)  # the rate's id, as asked for
        super().__init__("not_found", f"VAT rate '{key}' was not found", f"ভ্যাট হার '{key}' পাওয়া যায়নি",
                         field="rate_id", details={"object": "vat_rate", "key": key})
