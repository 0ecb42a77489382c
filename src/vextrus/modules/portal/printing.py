"""The buyer's documents printed through the documents module: the statement of account of a booking
(`booking_statement`: schedule with due dates, what is paid and outstanding, the receipts) and a receipt
(`booking_receipt`: what was received and which instalments it paid). One declaration each (the data, the
archive number prefix, sample data for the documents' template preview, the figure written in words); the
templates are `documents/templates/pdf/booking_{statement,receipt}.{en,bn}.html` (the documents module
renders only from its own folder). Every figure is sales' own (`sales.api.customer_statement`), copied,
nothing recomputed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from vextrus.modules.documents import api as documents

STATEMENT_SOURCE = "sales.booking"
RECEIPT_SOURCE = "sales.receipt"


class StatementPrintLine(BaseModel):
    seq: int
    label: str = Field(max_length=200)
    due_date: date | None = None
    activity_code: str = Field(default="", max_length=60)
    amount: Decimal
    paid: Decimal
    outstanding: Decimal
    days_overdue: int = 0


class StatementPrintReceipt(BaseModel):
    number: str = Field(max_length=60)
    receipt_date: date
    method: str = Field(max_length=20)  # bank | cash
    reference: str = Field(default="", max_length=120)
    amount: Decimal


class BookingStatementData(BaseModel):
    """A booking's statement of account as of a date, as the buyer sees it in the portal."""

    doc_date: date  # the statement's date (as of)
    buyer_name: str = Field(max_length=200)
    booking_number: str = Field(max_length=60)
    unit_code: str = Field(max_length=60)
    booking_date: date
    status: str = Field(max_length=20)
    currency: str = "BDT"
    total: Decimal  # the price
    paid: Decimal
    balance: Decimal
    due: Decimal
    overdue: Decimal
    delay_charges: Decimal
    lines: list[StatementPrintLine] = Field(max_length=600)
    receipts: list[StatementPrintReceipt] = Field(max_length=2000)


class ReceiptPrintAllocation(BaseModel):
    seq: int
    label: str = Field(max_length=200)
    amount: Decimal


class BookingReceiptData(BaseModel):
    """A money receipt for a payment the buyer made towards their booking."""

    doc_date: date  # the receipt's date
    receipt_number: str = Field(max_length=60)
    buyer_name: str = Field(max_length=200)
    booking_number: str = Field(max_length=60)
    unit_code: str = Field(max_length=60)
    method: str = Field(max_length=20)
    reference: str = Field(default="", max_length=120)
    currency: str = "BDT"
    amount: Decimal
    allocations: list[ReceiptPrintAllocation] = Field(max_length=600)


def _statement_totals(data: BookingStatementData) -> dict[str, Any]:
    return {"total": data.balance}


def _receipt_totals(data: BookingReceiptData) -> dict[str, Any]:
    return {"total": data.amount}


def _statement_sample() -> BookingStatementData:
    return BookingStatementData(
        doc_date=date(2026, 2, 1), buyer_name="Nasima Begum", booking_number="BK-000001", unit_code="A-1A",
        booking_date=date(2026, 1, 10), status="booked", total=Decimal("8000000.00"), paid=Decimal("300000.00"),
        balance=Decimal("7700000.00"), due=Decimal("700000.00"), overdue=Decimal("700000.00"),
        delay_charges=Decimal("0.00"),
        lines=[StatementPrintLine(seq=1, label="Booking money", due_date=date(2026, 1, 10),
                                  amount=Decimal("300000.00"), paid=Decimal("300000.00"), outstanding=Decimal(0)),
               StatementPrintLine(seq=2, label="Down payment", due_date=date(2026, 1, 25),
                                  amount=Decimal("700000.00"), paid=Decimal(0), outstanding=Decimal("700000.00"),
                                  days_overdue=7)],
        receipts=[StatementPrintReceipt(number="RC-000001", receipt_date=date(2026, 1, 10), method="bank",
                                        reference="CHQ 0045127", amount=Decimal("300000.00"))])


def _receipt_sample() -> BookingReceiptData:
    return BookingReceiptData(
        doc_date=date(2026, 1, 10), receipt_number="RC-000001", buyer_name="Nasima Begum",
        booking_number="BK-000001", unit_code="A-1A", method="bank", reference="CHQ 0045127",
        amount=Decimal("300000.00"),
        allocations=[ReceiptPrintAllocation(seq=1, label="Booking money", amount=Decimal("300000.00"))])


BOOKING_STATEMENT = documents.register_type(documents.DocumentType(
    "booking_statement", "Statement of account", "হিসাব বিবরণী", BookingStatementData, "SOA",
    _statement_sample, _statement_totals, source_type=STATEMENT_SOURCE))
BOOKING_RECEIPT = documents.register_type(documents.DocumentType(
    "booking_receipt", "Money receipt", "টাকা প্রাপ্তির রসিদ", BookingReceiptData, "MR",
    _receipt_sample, _receipt_totals, source_type=RECEIPT_SOURCE))
