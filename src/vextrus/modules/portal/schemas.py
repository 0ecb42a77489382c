"""DTOs of portal."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field


class InviteInput(BaseModel):
    party_id: UUID
    email: str = Field(max_length=254)
    name: str = Field(default="", max_length=200)  # default: the party's name
    language: str = "bn"
    mobile: str | None = Field(default=None, max_length=40)


class PortalAccountView(BaseModel):
    id: UUID
    user_id: UUID
    party_id: UUID
    company_id: UUID
    email: str
    invited_by: str
    created_at: datetime


class PortalBookingSummary(BaseModel):
    """One of the buyer's bookings as the portal lists it."""

    booking_id: UUID
    number: str
    unit_code: str
    status: str
    booking_date: date
    price: Decimal
    paid: Decimal
    balance: Decimal
    due: Decimal
    overdue: Decimal


class PortalBillReceipt(BaseModel):
    """What the client paid against an RA bill: cash plus the VAT it deducted at source (VDS) settle it."""

    number: str
    received_on: date
    amount: Decimal
    vds: Decimal
    settled: Decimal
    reference: str
    status: str  # posted | reversed (no longer settles the bill)


class PortalBill(BaseModel):
    """One RA bill of the client's contract as the client sees it (certified, posted or reversed; drafts are
    the contractor's own)."""

    bill_id: UUID
    number: str
    bill_date: date
    final: bool
    status: str
    gross: Decimal  # value of work done this bill
    vat: Decimal
    retention: Decimal
    advance_recovered: Decimal
    security_deposit: Decimal
    ait: Decimal
    deductions: Decimal
    net_payable: Decimal
    received: Decimal
    outstanding: Decimal  # 0 unless posted
    printable: bool  # certified or posted: the printed RA bill is offered
    receipts: list[PortalBillReceipt] = Field(default_factory=list)


class PortalContract(BaseModel):
    """One of the client's construction contracts with what was billed, held back, received and owed."""

    contract_id: UUID
    code: str
    title: str
    title_bn: str
    contract_date: date
    status: str
    contract_value: Decimal
    billed_to_date: Decimal  # Σ gross of posted bills
    billed_net: Decimal  # Σ net payable of posted bills
    received: Decimal
    outstanding: Decimal
    retention_held: Decimal
    security_deposit_held: Decimal
    advance_outstanding: Decimal
    bills: list[PortalBill] = Field(default_factory=list)  # the contract's own page only
