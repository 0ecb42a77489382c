"""What other modules may call (with `events`): lookups over the acting tenant's rate table (its own VAT
rates over the shipped ones; the shipped table when no tenant acts), no permission needed, safe inside
another module's unit of work (the tenant's rates are cached per process; a miss reads them in the
caller's unit of work). Signatures are a contract with invoicing and
payments: keep them.

    from vextrus.modules.tax import api as tax
    tax.vat_for("S004.00", Decimal("1000000"), date(2025, 8, 1))             # net, vat, gross, rate, source
    tax.withholding_for("89", Decimal("6000000"), date(2025, 8, 1))           # rate, amount, bands, source
    tax.vds_for("S004.00", Decimal("345000"), Decimal("45000"), date(2025, 8, 1))
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import domain
from .schemas import AppliedBand, VatCodeView, VatResult, VdsResult, WithholdingResult, WithholdingSectionView
from .service.rates import tenant_table

__all__ = ["AppliedBand", "VatCodeView", "VatResult", "VdsResult", "WithholdingResult", "WithholdingSectionView",
           "input_credit_allowed", "input_credit_until", "vat_codes", "vat_for", "vat_pricer", "vds_for", "withholding_for", "withholding_sections"]


def vat_for(code: str, amount: Decimal, on: date, inclusive: bool = False) -> VatResult:
    """VAT on `amount` at the code's rate on `on`; `inclusive=True` when `amount` already includes VAT.
    net + vat == gross to the poisha. Refuses (ValidationFailed, field code/date/amount) an unknown code,
    a day without a rate, a negative amount or more than 2 decimals."""
    return domain.vat_on(code, amount, on, inclusive, tenant_table())


def vat_pricer(inclusive: bool = False) -> domain.VatPricer:
    """`vat_for` for many lines at once (a bulk post): a function (code, amount, on) → (rate, vat) with the
    figures and refusals `vat_for` gives, the acting tenant's table read once and each code's rate on a day
    looked up once. Use it within one unit of work (a rate added later is not seen)."""
    return domain.VatPricer(tenant_table(), inclusive)


def withholding_for(section: str, base: Decimal, on: date, has_tin: bool = True) -> WithholdingResult:
    """Income tax to deduct at source from a payment's base (excluding VAT) under an Income Tax Act 2023
    section ("89" contractors/suppliers; "90.advisory", "90.professional", "90.manpower", "90.transport";
    "109" rent); `has_tin=False` when the payee shows no TIN / return proof (higher rate)."""
    return domain.withholding_on(section, base, on, has_tin, tenant_table())


def vds_for(code: str, invoice_total: Decimal, vat: Decimal, on: date, *, withholding_entity: bool = True) -> VdsResult:
    """VAT to deduct at source when paying a supplier's invoice (total incl. VAT, the VAT it shows; 0 when
    it shows none). Pass the paying company's own status as `withholding_entity` (False: nothing deducted)."""
    return domain.vds_on(code, invoice_total, vat, on, withholding_entity, tenant_table())


def vat_codes(on: date) -> list[VatCodeView]:
    """The VAT codes in force on `on` with their rates."""
    return domain.vat_codes(on, tenant_table())


def withholding_sections(on: date) -> list[WithholdingSectionView]:
    """The withholding sections in force on `on` with their bands."""
    return domain.withholding_sections(on, tenant_table())


def input_credit_until(invoice_date: date) -> date:
    """The last day a purchase invoice's input VAT may be claimed (the end of the fourth tax period after the
    invoice's; VAT and SD Act 2012 s.46(1)(d), `domain.CREDIT_SOURCE`)."""
    return domain.input_credit_until(invoice_date)


def input_credit_allowed(invoice_date: date, claim_period: date) -> bool:
    """Whether the VAT return of the period holding `claim_period` may still take the invoice's input VAT."""
    return domain.input_credit_allowed(invoice_date, claim_period)
