"""Document types: what data each takes (a pydantic model, so forms and APIs share one declaration),
its number prefix, its templates (one per language) and sample data for the template preview.

A module adds its own type with `documents.api.register_type(DocumentType(...))` and ships templates
`templates/pdf/<code>.en.html` and `.bn.html`; the payment voucher below is the first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, field_validator

from vextrus.platform.errors import ValidationFailed

LANGS = ("en", "bn")


@dataclass(frozen=True)
class DocumentType:
    code: str
    title: str
    title_bn: str
    model: type[BaseModel]
    prefix: str
    sample: Callable[[], BaseModel]
    totals: Callable[[Any], dict[str, Any]] = lambda data: {}  # noqa: E731 - derived figures for the template
    source_type: str | None = None  # the object type this document is made from (e.g. finance.journal_entry)


class VoucherLine(BaseModel):
    account_code: str = Field(min_length=1, max_length=40)
    account_name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=200)
    amount: Decimal = Field(gt=0, max_digits=15, decimal_places=2)


class PaymentVoucherData(BaseModel):
    """A payment voucher: who was paid, how, for what, from which accounts."""

    voucher_date: date
    payee: str = Field(min_length=1, max_length=160)
    pay_mode: Literal["cash", "bank", "cheque", "mobile"] = "cash"
    reference: str | None = Field(default=None, max_length=80)  # cheque or transfer number
    bank_account: str | None = Field(default=None, max_length=120)
    narration: str = Field(default="", max_length=400)
    currency: str = Field(default="BDT", min_length=3, max_length=3)
    lines: list[VoucherLine] = Field(min_length=1, max_length=25)
    journal_entry_id: UUID | None = None  # the ledger entry this voucher supports
    journal_number: str | None = Field(default=None, max_length=40)

    @field_validator("voucher_date")
    @classmethod
    def _sane_date(cls, v: date) -> date:
        if not date(1900, 1, 1) <= v <= date(2999, 12, 31):
            raise ValueError("outside the years 1900 to 2999")
        return v


def _voucher_totals(data: PaymentVoucherData) -> dict[str, Any]:
    total = sum((ln.amount for ln in data.lines), Decimal("0.00"))
    return {"total": total}


def _voucher_sample() -> PaymentVoucherData:
    return PaymentVoucherData(
        voucher_date=date(2026, 1, 15), payee="মেঘনা সিমেন্ট মিলস লিমিটেড (Meghna Cement Mills Ltd.)", pay_mode="cheque",
        reference="CHQ 0045127", bank_account="Sonali Bank, Motijheel — 0012345678",
        narration="৫০০ ব্যাগ সিমেন্টের মূল্য পরিশোধ, প্রকল্প: পদ্মা আবাসন (ক্ষতিপূরণ ও মন্ত্রণালয় অনুমোদন সাপেক্ষে)",
        lines=[VoucherLine(account_code="5110", account_name="Construction materials", description="Cement 500 bags",
                           amount=Decimal("112500.00")),
               VoucherLine(account_code="5150", account_name="Carriage inward", description="Truck hire",
                           amount=Decimal("12500.00"))],
        journal_number="JV/2025-26/000123")


PAYMENT_VOUCHER = DocumentType("payment_voucher", "Payment voucher", "পেমেন্ট ভাউচার", PaymentVoucherData, "PV",
                               _voucher_sample, _voucher_totals, source_type="finance.journal_entry")

_types: dict[str, DocumentType] = {}


def register(t: DocumentType) -> DocumentType:
    _types[t.code] = t
    return t


def get(code: str) -> DocumentType:
    found = _types.get(code)
    if found is None:
        raise ValidationFailed("document_type_unknown", f"There is no document type '{code}'",
                               f"'{code}' নামে কোনো দলিলের ধরন নেই", field="doc_type", details={"known": sorted(_types)})
    return found


def known() -> list[DocumentType]:
    return sorted(_types.values(), key=lambda t: t.code)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValidationFailed("language_unknown", f"Documents are made in English (en) or Bangla (bn), not '{lang}'",
                               f"দলিল ইংরেজি (en) বা বাংলায় (bn) তৈরি হয়, '{lang}' এ নয়", field="lang")
    return lang


register(PAYMENT_VOUCHER)
