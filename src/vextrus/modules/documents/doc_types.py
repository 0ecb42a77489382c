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
from vextrus.platform.money import round_places

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
    output: Literal["pdf", "docx"] = "pdf"  # docx: a Word file (docx_render.py), no HTML template


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

class ItemLine(BaseModel):
    """A line of a work order or of a contract's schedule of items (BOQ)."""

    description: str = Field(min_length=1, max_length=200)
    unit: str = Field(default="", max_length=20)
    quantity: Decimal = Field(gt=0, max_digits=15, decimal_places=3)
    rate: Decimal = Field(ge=0, max_digits=15, decimal_places=2)

    @property
    def amount(self) -> Decimal:
        return round_places(self.quantity * self.rate, 2)  # half up, as the orders it prints rounded


class _LetterData(BaseModel):
    doc_date: date
    addressee: str = Field(min_length=1, max_length=160)
    address: str = Field(default="", max_length=300)
    subject: str = Field(min_length=1, max_length=300)
    body: str = Field(default="", max_length=4000)  # paragraphs separated by blank lines
    currency: str = Field(default="BDT", min_length=3, max_length=3)
    items: list[ItemLine] = Field(min_length=1, max_length=50)
    signatory: str = Field(default="", max_length=120)
    designation: str = Field(default="", max_length=120)

    @field_validator("doc_date")
    @classmethod
    def _sane_date(cls, v: date) -> date:
        return PaymentVoucherData._sane_date(v)


class WorkOrderData(_LetterData):
    """A work order (letter of award) to a vendor or subcontractor: the work, its items and rates."""

    project: str = Field(default="", max_length=160)
    completion_date: date | None = None


class ContractSummaryData(_LetterData):
    """A client contract's agreement summary: parties, value (the schedule of items), retention, advance."""

    contract_no: str = Field(min_length=1, max_length=60)
    project: str = Field(min_length=1, max_length=160)
    retention_pct: Decimal = Field(default=Decimal("0"), ge=0, le=100, max_digits=5, decimal_places=2)
    advance: Decimal = Field(default=Decimal("0"), ge=0, max_digits=15, decimal_places=2)
    start_date: date | None = None
    completion_date: date | None = None


def _items_totals(data: _LetterData) -> dict[str, Any]:
    total = sum((ln.amount for ln in data.items), Decimal("0.00"))
    out: dict[str, Any] = {"total": total}
    if isinstance(data, ContractSummaryData):
        out["retention"] = round_places(total * data.retention_pct / 100, 2)
    return out


_BODY_BN = ("আপনার ১০ নভেম্বর ২০২৫ তারিখের দরপত্রের প্রেক্ষিতে নিম্নবর্ণিত কাজের জন্য এই কার্যাদেশ দেওয়া হলো।\n\n"
            "কাজ চুক্তির শর্ত ও প্রকৌশলীর নির্দেশ অনুযায়ী সম্পন্ন করতে হবে (ক্ষতিপূরণ ও মন্ত্রণালয় অনুমোদন সাপেক্ষে)।")


def _work_order_sample() -> WorkOrderData:
    return WorkOrderData(
        doc_date=date(2026, 1, 15), addressee="মেসার্স রহমান কনস্ট্রাকশন (Rahman Construction)",
        address="১২ কারওয়ান বাজার, ঢাকা ১২১৫", subject="পদ্মা আবাসন প্রকল্পের ছাদ ঢালাই কাজের কার্যাদেশ",
        body=_BODY_BN, project="পদ্মা আবাসন", completion_date=date(2026, 3, 31),
        items=[ItemLine(description="ছাদ ঢালাই (RCC 1:1.5:3)", unit="m3", quantity=Decimal("120"),
                        rate=Decimal("9500")),
               ItemLine(description="রড বাঁধাই ও স্থাপন", unit="kg", quantity=Decimal("8500"), rate=Decimal("12.50"))],
        signatory="মো. করিম উদ্দিন", designation="প্রকল্প ব্যবস্থাপক")


def _contract_sample() -> ContractSummaryData:
    return ContractSummaryData(
        doc_date=date(2026, 1, 15), addressee="ঢাকা উন্নয়ন কর্তৃপক্ষ (Dhaka Development Authority)",
        address="রাজউক ভবন, মতিঝিল, ঢাকা ১০০০", subject="মিরপুর অফিস ভবন নির্মাণ চুক্তির সারসংক্ষেপ",
        body="উভয় পক্ষ নিম্নলিখিত শর্তে চুক্তিবদ্ধ হলেন।", contract_no="DDA/W-17/2026", project="মিরপুর অফিস ভবন",
        retention_pct=Decimal("10"), advance=Decimal("2500000"), start_date=date(2026, 2, 1),
        completion_date=date(2027, 1, 31),
        items=[ItemLine(description="মাটি খনন", unit="m3", quantity=Decimal("4200"), rate=Decimal("350")),
               ItemLine(description="ভিত্তি ঢালাই (ক্ষতিপূরণসহ)", unit="m3", quantity=Decimal("900"),
                        rate=Decimal("11000"))],
        signatory="মো. করিম উদ্দিন", designation="ব্যবস্থাপনা পরিচালক")


WORK_ORDER = DocumentType("work_order", "Work order", "কার্যাদেশ", WorkOrderData, "WO", _work_order_sample,
                          _items_totals, output="docx")
CONTRACT_SUMMARY = DocumentType("contract_summary", "Contract agreement summary", "চুক্তির সারসংক্ষেপ",
                                ContractSummaryData, "CA", _contract_sample, _items_totals,
                                source_type="contracts.contract", output="docx")

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


def codes() -> frozenset[str]:
    return frozenset(_types)


def known() -> list[DocumentType]:
    return sorted(_types.values(), key=lambda t: t.code)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        value = lang  # as typed
        raise ValidationFailed("language_unknown", f"Documents are made in English (en) or Bangla (bn), not '{lang}'",
                               f"দলিল ইংরেজি (en) বা বাংলায় (bn) তৈরি হয়, '{value}' এ নয়", field="lang")
    return lang


register(PAYMENT_VOUCHER)
register(WORK_ORDER)
register(CONTRACT_SUMMARY)
