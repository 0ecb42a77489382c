"""The calculators for users (REST, GraphQL, pages): `tax.calculator.view`, then the pure rule over the
tenant's rate table (its own rates over the shipped ones, cached)."""

from __future__ import annotations

from datetime import date

from vextrus.platform import context

from .. import domain
from ..schemas import VatCodeView, VatResult, VdsResult, WithholdingResult, WithholdingSectionView
from .rates import tenant_table

VIEW = "tax.calculator.view"


def _allowed() -> None:
    context.current().require(VIEW)


def vat(code: str, amount: object, on: date, inclusive: bool = False) -> VatResult:
    _allowed()
    return domain.vat_on(code, amount, on, inclusive, tenant_table())


def withholding(section: str, base: object, on: date, has_tin: bool = True) -> WithholdingResult:
    _allowed()
    return domain.withholding_on(section, base, on, has_tin, tenant_table())


def vds(code: str, invoice_total: object, invoice_vat: object, on: date, withholding_entity: bool = True) -> VdsResult:
    _allowed()
    return domain.vds_on(code, invoice_total, invoice_vat, on, withholding_entity, tenant_table())


def vat_codes(on: date) -> list[VatCodeView]:
    _allowed()
    return domain.vat_codes(on, tenant_table())


def withholding_sections(on: date) -> list[WithholdingSectionView]:
    _allowed()
    return domain.withholding_sections(on, tenant_table())
