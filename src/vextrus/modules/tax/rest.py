"""REST: /api/v1/tax/... GET calculators (thin: the service checks the permission, the domain computes).

Query values are read with `platform.forms` (Bangla digits and lakh commas accepted); a refusal is a 422
`{code, message, message_bn, field}` naming the parameter."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from vextrus.platform import clock, forms
from vextrus.platform.http import idempotency_key
from vextrus.platform.rest import created

from . import service
from .schemas import (
    VatCodeView,
    VatRateInput,
    VatRateView,
    VatResult,
    VdsResult,
    WithholdingResult,
    WithholdingSectionView,
)

router = APIRouter()


def _day(text: str | None) -> date:
    return forms.day(text, "date", label="Date", label_bn="তারিখ", required=True)  # type: ignore[return-value]


def _amount(text: str | None, field: str, label: str, label_bn: str) -> object:
    return forms.decimal(text, field, label=label, label_bn=label_bn, required=True)


@router.get("/vat", response_model=VatResult)
def vat(code: str = "", amount: str | None = None, date: str | None = None, inclusive: bool = False) -> VatResult:
    """VAT on `amount` at the code's rate on `date` (`inclusive=true`: the amount includes VAT)."""
    return service.vat(code, _amount(amount, "amount", "Amount", "পরিমাণ"), _day(date), inclusive)


@router.get("/withholding", response_model=WithholdingResult)
def withholding(section: str = "", base: str | None = None, date: str | None = None,
                has_tin: bool = True) -> WithholdingResult:
    """Income tax withheld at source on `base` (excluding VAT) under an Income Tax Act 2023 section."""
    return service.withholding(section, _amount(base, "base", "Base", "ভিত্তি"), _day(date), has_tin)


@router.get("/vds", response_model=VdsResult)
def vds(code: str = "", invoice_total: str | None = None, vat: str | None = None, date: str | None = None,
        withholding_entity: bool = True) -> VdsResult:
    """VAT deducted at source when paying an invoice of `invoice_total` showing `vat` (0: none shown)."""
    shown = forms.decimal(vat, "vat", label="VAT", label_bn="ভ্যাট") or 0
    return service.vds(code, _amount(invoice_total, "invoice_total", "Invoice total", "চালানের মোট"), shown,
                       _day(date), withholding_entity)


@router.get("/codes", response_model=list[VatCodeView])
def codes(date: str | None = None) -> list[VatCodeView]:
    """The VAT codes in force on `date` (default: today in Dhaka)."""
    return service.vat_codes(_on(date))


@router.get("/sections", response_model=list[WithholdingSectionView])
def sections(date: str | None = None) -> list[WithholdingSectionView]:
    """The withholding sections in force on `date` (default: today in Dhaka)."""
    return service.withholding_sections(_on(date))


def _on(text: str | None) -> date:
    return forms.day(text, "date", label="Date", label_bn="তারিখ") or clock.today()  # type: ignore[return-value]


@router.get("/rates", response_model=list[VatRateView])
def list_rates() -> list[VatRateView]:
    """The tenant's own VAT rates (layered over the shipped ones for its computations)."""
    return service.list_vat_rates()


@router.get("/rates/{rate_id}", response_model=VatRateView)
def get_rate(rate_id: UUID) -> VatRateView:
    return service.get_vat_rate(rate_id)


@router.post("/rates", response_model=VatRateView, status_code=201)
def add_rate(body: VatRateInput, request: Request, response: Response,
             key: str | None = Depends(idempotency_key)) -> VatRateView:
    """Add a VAT rate for a code from a date (`tax.code.manage`); from that date the tenant's computations
    for the code use it. Rows are never edited: a later rate is a new row."""
    view = service.add_vat_rate(body, idempotency_key=key)
    created(request, response, view.id)
    return view
