"""Queries of tax (the calculators): the permission is checked here, the domain computes."""

from .calculator import VIEW, vat, vat_codes, vds, withholding, withholding_sections

__all__ = ["VIEW", "vat", "vat_codes", "vds", "withholding", "withholding_sections"]
