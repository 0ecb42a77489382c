"""DTOs of tax: the one declaration of each concept (REST, GraphQL, pages and `api` return these).

Every result carries the rule's legal `source` (and `confidence` where a figure still needs confirming
for the year), so whoever shows a figure can show where it comes from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class VatResult(_Frozen):
    """VAT on one amount: `net + vat == gross` to the poisha."""

    code: str
    kind: str  # standard | reduced | zero_rated | exempt
    rate: Decimal  # percent (Decimal("7.5")); 0 for zero-rated and exempt
    inclusive: bool  # the amount given was the gross (VAT-inclusive) amount
    net: Decimal
    vat: Decimal
    gross: Decimal
    source: str
    confidence: str = "high"


class AppliedBand(_Frozen):
    """One band of a withholding rule's table that decided the rate (base range in taka, upper inclusive)."""

    lower: Decimal  # base above this
    upper: Decimal | None  # up to and including this (None: no upper limit)
    rate: Decimal  # percent the band sets
    applied_rate: Decimal  # percent applied (higher without TIN/return proof)


class WithholdingResult(_Frozen):
    """Income tax deducted at source from one payment's base (the base excludes VAT)."""

    section: str
    name: str
    name_bn: str
    base: Decimal
    rate: Decimal  # percent applied to the whole base
    amount: Decimal
    bands: list[AppliedBand]
    threshold: Decimal  # no deduction when the base is at or below this
    below_threshold: bool
    higher_rate_applied: bool  # the payee showed no TIN / return proof
    source: str
    confidence: str = "high"


class VdsResult(_Frozen):
    """VAT deducted at source by a withholding entity when it pays a supplier's invoice."""

    code: str
    rate: Decimal  # percent of the VAT code on the day
    amount: Decimal  # VAT to deduct and deposit (a Mushak-6.6 certificate for it)
    basis: str  # invoice_vat | rate | not_withholding_entity | not_applicable
    invoice_total: Decimal
    invoice_vat: Decimal
    expected_vat: Decimal  # the code's rate applied to the invoice total (VAT-inclusive)
    payable_to_supplier: Decimal  # invoice total - VDS (income-tax withholding comes off separately)
    warning: str = ""
    warning_bn: str = ""
    source: str


class VatCodeView(_Frozen):
    """A VAT code with the rate in force on a day."""

    code: str
    name: str
    name_bn: str
    kind: str
    rate: Decimal
    valid_from: date
    valid_to: date | None
    source: str
    confidence: str = "high"


class WithholdingSectionView(_Frozen):
    """A withholding rule (section of the Income Tax Act 2023) in force on a day."""

    section: str
    name: str
    name_bn: str
    bands: list[AppliedBand]
    threshold: Decimal
    no_tin_factor: Decimal
    valid_from: date
    valid_to: date | None
    source: str
    confidence: str = "high"


class VatRateInput(BaseModel):
    """A VAT rate a tenant adds for a code from a date (a new Finance Act, a code Vextrus does not ship)."""

    code: str = Field(max_length=20)
    name: str = Field(max_length=200)
    name_bn: str = Field(max_length=200)
    kind: str = Field(max_length=20, description="standard | reduced | zero_rated | exempt")
    rate: Decimal = Field(description="percent, e.g. 7.5")
    valid_from: date
    valid_to: date | None = None
    source: str = Field(max_length=500, description="the law that sets it (Act, section, SRO, Finance Act)")
    confidence: str = Field(default="high", max_length=10, description="high | medium | low")


class VatRateView(BaseModel):
    """A tenant's own VAT rate row."""

    id: UUID
    code: str
    name: str
    name_bn: str
    kind: str
    rate: Decimal
    valid_from: date
    valid_to: date | None
    source: str
    confidence: str
