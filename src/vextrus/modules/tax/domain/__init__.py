"""Pure rules of tax: no I/O, no SQLAlchemy, FastAPI or Strawberry. Rates as data (`rates`), the
computations (`calc`) take a `RateTable`; every rule names its legal source in its docstring."""

from __future__ import annotations

from .calc import (
    amount_of,
    section_key,
    vat,
    vat_code,
    vat_codes,
    vat_on,
    vds,
    vds_on,
    withholding,
    withholding_on,
    withholding_rule,
    withholding_sections,
)
from .rates import DEFAULT_TABLE, Band, RateTable, VatRate, WithholdingRule, check_table

__all__ = [
    "DEFAULT_TABLE", "Band", "RateTable", "VatRate", "WithholdingRule", "amount_of", "check_table", "section_key",
    "vat", "vat_code", "vat_codes", "vat_on", "vds", "vds_on", "withholding", "withholding_on", "withholding_rule",
    "withholding_sections",
]
