"""Pure rules of tax: no I/O, no SQLAlchemy, FastAPI or Strawberry. Rates as data (`rates`), the
computations (`calc`) take a `RateTable`; every rule names its legal source in its docstring."""

from __future__ import annotations

from .calc import (
    VatPricer,
    amount_of,
    section_key,
    vat,
    vat_amount,
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
from .credit import CREDIT_SOURCE, input_credit_allowed, input_credit_until
from .rates import (
    DEFAULT_TABLE,
    Band,
    RateTable,
    VatRate,
    VatRateNotFound,
    WithholdingRule,
    check_table,
    new_vat_rate,
)

__all__ = [
    "CREDIT_SOURCE", "input_credit_allowed", "input_credit_until",
    "DEFAULT_TABLE", "Band", "RateTable", "VatRate", "VatRateNotFound", "WithholdingRule", "amount_of", "check_table", "new_vat_rate",
    "section_key",
    "VatPricer", "vat", "vat_amount", "vat_code", "vat_codes", "vat_on", "vds", "vds_on", "withholding", "withholding_on", "withholding_rule",
    "withholding_sections",
]
