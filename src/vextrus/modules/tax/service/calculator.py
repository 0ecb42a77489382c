"""The calculators for users (REST, GraphQL, pages): `tax.calculator.view`, then the pure rule.

No unit of work: nothing is read from or written to the database (the rates are the shipped table)."""

from __future__ import annotations

from datetime import date

from vextrus.platform import context

from .. import domain
from ..schemas import VatCodeView, VatResult, VdsResult, WithholdingResult, WithholdingSectionView

VIEW = "tax.calculator.view"


def _allowed() -> None:
    context.current().require(VIEW)


def vat(code: str, amount: object, on: date, inclusive: bool = False) -> VatResult:
    _allowed()
    return domain.vat_on(code, amount, on, inclusive)


def withholding(section: str, base: object, on: date, has_tin: bool = True) -> WithholdingResult:
    _allowed()
    return domain.withholding_on(section, base, on, has_tin)


def vds(code: str, invoice_total: object, invoice_vat: object, on: date, withholding_entity: bool = True) -> VdsResult:
    _allowed()
    return domain.vds_on(code, invoice_total, invoice_vat, on, withholding_entity)


def vat_codes(on: date) -> list[VatCodeView]:
    _allowed()
    return domain.vat_codes(on)


def withholding_sections(on: date) -> list[WithholdingSectionView]:
    _allowed()
    return domain.withholding_sections(on)
