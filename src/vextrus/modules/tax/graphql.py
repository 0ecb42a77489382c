"""The tax subgraph: the calculators as queries (types derive from the DTOs in schemas.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from vextrus.platform import clock
from vextrus.platform.graphql import Subgraph, dto_input, dto_type

from . import service
from .schemas import (
    AppliedBand,
    VatCodeView,
    VatRateInput,
    VatRateView,
    VatResult,
    VdsResult,
    WithholdingResult,
    WithholdingSectionView,
)


@dto_type(AppliedBand, name="TaxAppliedBand")
class TaxAppliedBand:
    pass


@dto_type(VatResult, name="TaxVatResult")
class TaxVatResult:
    pass


@dto_type(WithholdingResult, name="TaxWithholdingResult")
class TaxWithholdingResult:
    pass


@dto_type(VdsResult, name="TaxVdsResult")
class TaxVdsResult:
    pass


@dto_type(VatCodeView, name="TaxVatCode")
class TaxVatCode:
    pass


@dto_type(WithholdingSectionView, name="TaxWithholdingSection")
class TaxWithholdingSection:
    pass


@dto_type(VatRateView, name="TaxVatRate")
class TaxVatRate:
    id: strawberry.ID


@dto_input(VatRateInput, name="TaxVatRateInput")
class TaxVatRateInput:
    pass


@strawberry.type
class TaxQuery:
    @strawberry.field(description="The tenant's own VAT rates")
    def tax_vat_rates(self) -> list[TaxVatRate]:
        return [TaxVatRate.of(v) for v in service.list_vat_rates()]

    @strawberry.field(description="VAT on an amount at a code's rate on a day (inclusive: the amount includes VAT)")
    def tax_vat(self, code: str, amount: Decimal, on: date, inclusive: bool = False) -> TaxVatResult:
        return TaxVatResult.of(service.vat(code, amount, on, inclusive))

    @strawberry.field(description="Income tax withheld at source on a base (excluding VAT) under a section")
    def tax_withholding(self, section: str, base: Decimal, on: date, has_tin: bool = True) -> TaxWithholdingResult:
        return TaxWithholdingResult.of(service.withholding(section, base, on, has_tin))

    @strawberry.field(description="VAT deducted at source when a withholding entity pays an invoice")
    def tax_vds(self, code: str, invoice_total: Decimal, vat: Decimal, on: date,
                withholding_entity: bool = True) -> TaxVdsResult:
        return TaxVdsResult.of(service.vds(code, invoice_total, vat, on, withholding_entity))

    @strawberry.field(description="VAT codes in force on a day (default today)")
    def tax_vat_codes(self, on: date | None = None) -> list[TaxVatCode]:
        return [TaxVatCode.of(v) for v in service.vat_codes(on or clock.today())]

    @strawberry.field(description="Withholding sections in force on a day (default today)")
    def tax_withholding_sections(self, on: date | None = None) -> list[TaxWithholdingSection]:
        return [TaxWithholdingSection.of(v) for v in service.withholding_sections(on or clock.today())]


@strawberry.type
class TaxMutation:
    @strawberry.mutation(description="Add a VAT rate for a code from a date (tax.code.manage)")
    def add_tax_vat_rate(self, input: TaxVatRateInput, idempotency_key: str | None = None) -> TaxVatRate:  # noqa: A002
        return TaxVatRate.of(service.add_vat_rate(input.to_model(), idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=TaxQuery, mutation=TaxMutation, types=(TaxVatRate, TaxVatResult, TaxWithholdingResult, TaxVdsResult, TaxVatCode,
                                           TaxWithholdingSection, TaxAppliedBand))
