"""Sales' printed documents through the documents module: the **sale agreement** of a booking
(`sale_agreement`: the parties, the unit, the price, the instalment schedule and the terms the system applies)
and the **final statement** of a closed booking (`final_statement`: at the handover, or the cancellation,
everything billed, received, the delay charges, the deduction and refund, and the balance). One declaration
each (the data, the archive number prefix, sample data for the documents' template preview, the figure
written in words); the templates are `documents/templates/pdf/{sale_agreement,final_statement}.{en,bn}.html`
(the documents module renders only from its own folder). Every figure is copied from sales' own records and
`final_statement`, nothing recomputed here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from vextrus.modules.documents import api as documents

SOURCE = "sales.booking"


class AgreementPrintLine(BaseModel):
    seq: int
    label: str = Field(max_length=200)
    due_date: date | None = None
    activity_code: str = Field(default="", max_length=60)  # a milestone: due when this activity completes
    amount: Decimal


class SaleAgreementData(BaseModel):
    """A booking's sale agreement: seller (the company, on the letterhead), buyer, unit, price, schedule, terms."""

    doc_date: date
    booking_number: str = Field(max_length=60)
    booking_date: date
    agreement_date: date | None = None  # None: printed for signature
    agreement_ref: str = Field(default="", max_length=80)
    buyer_name: str = Field(max_length=200)
    buyer_nid: str = Field(default="", max_length=40)
    buyer_mobile: str = Field(default="", max_length=40)
    project_name: str = Field(default="", max_length=200)
    building_name: str = Field(default="", max_length=200)
    unit_code: str = Field(max_length=60)
    unit_kind: str = Field(max_length=20)  # flat | shop | parking
    floor: int
    size_sft: Decimal
    facing: str = Field(default="", max_length=20)
    currency: str = "BDT"
    price: Decimal
    lines: list[AgreementPrintLine] = Field(max_length=600)
    delay_percent_per_day: Decimal
    deduction_percent: Decimal


class FinalPrintLine(BaseModel):
    seq: int
    label: str = Field(max_length=200)
    due_date: date | None = None
    activity_code: str = Field(default="", max_length=60)
    amount: Decimal
    paid: Decimal
    days_overdue: int = 0
    delay_charge: Decimal


class FinalPrintReceipt(BaseModel):
    number: str = Field(max_length=60)
    receipt_date: date
    method: str = Field(max_length=20)
    reference: str = Field(default="", max_length=120)
    amount: Decimal


class FinalStatementData(BaseModel):
    """A closed booking's final statement (sales' `FinalStatement`, copied)."""

    doc_date: date  # the closing day: handover or cancellation
    closed_by: str = Field(max_length=20)  # handover | cancellation
    buyer_name: str = Field(max_length=200)
    booking_number: str = Field(max_length=60)
    booking_date: date
    unit_code: str = Field(max_length=60)
    agreement_date: date | None = None
    agreement_ref: str = Field(default="", max_length=80)
    registration_date: date | None = None
    deed_number: str = Field(default="", max_length=80)
    currency: str = "BDT"
    billed: Decimal
    received: Decimal
    delay_charges: Decimal
    delay_percent_per_day: Decimal
    deduction: Decimal
    refunded: Decimal
    balance: Decimal
    balance_with_charges: Decimal
    lines: list[FinalPrintLine] = Field(max_length=600)
    receipts: list[FinalPrintReceipt] = Field(max_length=2000)


def _agreement_totals(data: SaleAgreementData) -> dict[str, Any]:
    return {"total": data.price}


def _final_totals(data: FinalStatementData) -> dict[str, Any]:
    return {"total": data.received}


def _agreement_sample() -> SaleAgreementData:
    return SaleAgreementData(
        doc_date=date(2026, 2, 1), booking_number="BK-000001", booking_date=date(2026, 1, 10),
        agreement_date=date(2026, 2, 1), agreement_ref="SA-2026-001", buyer_name="Nasima Begum",
        buyer_nid="1990123456789", buyer_mobile="01711000000", project_name="Padma Residency",
        building_name="Building A", unit_code="A-1A", unit_kind="flat", floor=1, size_sft=Decimal("1250.00"),
        facing="south", price=Decimal("8000000.00"), delay_percent_per_day=Decimal("0.05"),
        deduction_percent=Decimal("10"),
        lines=[AgreementPrintLine(seq=1, label="Booking money", due_date=date(2026, 1, 10), amount=Decimal("300000.00")),
               AgreementPrintLine(seq=2, label="On the roof casting of the 5th floor", activity_code="F05SC",
                                  amount=Decimal("800000.00")),
               AgreementPrintLine(seq=3, label="Monthly instalment 1", due_date=date(2026, 2, 10),
                                  amount=Decimal("6900000.00"))])


def _final_sample() -> FinalStatementData:
    return FinalStatementData(
        doc_date=date(2027, 6, 30), closed_by="handover", buyer_name="Nasima Begum", booking_number="BK-000001",
        booking_date=date(2026, 1, 10), unit_code="A-1A", agreement_date=date(2026, 2, 1), agreement_ref="SA-2026-001",
        billed=Decimal("8000000.00"), received=Decimal("8000000.00"), delay_charges=Decimal("1100.00"),
        delay_percent_per_day=Decimal("0.05"), deduction=Decimal(0), refunded=Decimal(0), balance=Decimal(0),
        balance_with_charges=Decimal("1100.00"),
        lines=[FinalPrintLine(seq=1, label="Booking money", due_date=date(2026, 1, 10), amount=Decimal("300000.00"),
                              paid=Decimal("300000.00"), delay_charge=Decimal(0)),
               FinalPrintLine(seq=2, label="Down payment", due_date=date(2026, 9, 1), amount=Decimal("7700000.00"),
                              paid=Decimal("7700000.00"), days_overdue=30, delay_charge=Decimal("1100.00"))],
        receipts=[FinalPrintReceipt(number="RC-000001", receipt_date=date(2026, 1, 10), method="bank",
                                    reference="CHQ 0045127", amount=Decimal("300000.00")),
                  FinalPrintReceipt(number="RC-000002", receipt_date=date(2026, 10, 1), method="bank",
                                    amount=Decimal("7700000.00"))])


SALE_AGREEMENT = documents.register_type(documents.DocumentType(
    "sale_agreement", "Sale agreement", "বিক্রয় চুক্তিপত্র", SaleAgreementData, "SAG",
    _agreement_sample, _agreement_totals, source_type=SOURCE))
FINAL_STATEMENT = documents.register_type(documents.DocumentType(
    "final_statement", "Final statement", "চূড়ান্ত বিবরণী", FinalStatementData, "FST",
    _final_sample, _final_totals, source_type=SOURCE))
