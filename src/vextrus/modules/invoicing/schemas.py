"""DTOs of invoicing: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field


class InvoiceLineInput(BaseModel):
    description: str = Field(max_length=500)
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal = Decimal(0)
    vat_code: str = Field(max_length=20)
    project_id: UUID | None = None
    activity_code: str | None = Field(default=None, max_length=40)


class InvoiceInput(BaseModel):
    """A draft sales invoice (`kind` sales) or vendor bill (`kind` purchase)."""

    company_id: UUID
    kind: str = Field(max_length=10)
    party_id: UUID
    invoice_date: date
    due_date: date | None = None  # default: 30 days after the invoice date
    reference: str = Field(default="", max_length=100)
    narration: str = Field(default="", max_length=500)
    lines: list[InvoiceLineInput] = Field(default_factory=list)


class InvoicePaymentInput(BaseModel):
    amount: Decimal
    paid_on: date
    account_code: str = Field(default="1120", max_length=20)  # the bank (1120) or cash (1110) account


class InvoiceLineView(BaseModel):
    line_no: int
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    vat_code: str
    vat_rate: Decimal
    net: Decimal
    vat: Decimal
    gross: Decimal
    project_id: UUID | None = None
    activity_code: str | None = None


class InvoicePaymentView(BaseModel):
    id: UUID
    paid_on: date
    amount: Decimal
    account_code: str
    entry_id: UUID | None = None
    entry_number: str = ""


class InvoiceView(BaseModel):
    id: UUID
    company_id: UUID
    kind: str
    number: str | None = None
    fiscal_year: str = ""
    status: str
    party_id: UUID
    party_name: str = ""
    invoice_date: date
    due_date: date
    reference: str = ""
    narration: str = ""
    net: Decimal
    vat: Decimal
    gross: Decimal
    paid: Decimal
    outstanding: Decimal
    entry_id: UUID | None = None
    entry_number: str = ""
    version: int
    lines: list[InvoiceLineView] = Field(default_factory=list)
    payments: list[InvoicePaymentView] = Field(default_factory=list)


class InvoicePage(BaseModel):
    """A page of invoices, newest first; pass `end_cursor` as `after` for the next one."""

    items: list[InvoiceView]
    end_cursor: str | None
    has_next_page: bool


class InvoiceAgingRow(BaseModel):
    party_id: UUID | None = None  # None: the totals row
    party_name: str = ""
    days_0_30: Decimal = Decimal(0)
    days_31_60: Decimal = Decimal(0)
    days_61_90: Decimal = Decimal(0)
    days_over_90: Decimal = Decimal(0)
    total: Decimal = Decimal(0)


class InvoiceAgingView(BaseModel):
    """What customers owe (sales: AR) or the company owes vendors (purchase: AP) on `as_of`, by days past
    the due date."""

    company_id: UUID
    kind: str
    as_of: date
    rows: list[InvoiceAgingRow]
    totals: InvoiceAgingRow
