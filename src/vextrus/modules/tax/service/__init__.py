"""Queries of tax (the calculators): the permission is checked here, the domain computes."""

from .calculator import VIEW, vat, vat_codes, vds, withholding, withholding_sections
from .rates import MANAGE, add_vat_rate, get_vat_rate, list_vat_rates, tenant_table

__all__ = ["MANAGE", "VIEW", "add_vat_rate", "get_vat_rate", "list_vat_rates", "tenant_table", "vat", "vat_codes", "vds",
           "withholding", "withholding_sections"]
