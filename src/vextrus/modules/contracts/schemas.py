"""DTOs of contracts: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field


class ContractInput(BaseModel):
    """A client contract on a project; its items are copied from the project's BOQ (all of them, or the
    `item_nos` given) with their quantity and rate."""

    company_id: UUID
    project_id: UUID
    client_party_id: UUID
    code: str = Field(max_length=40)
    title: str = Field(max_length=200)
    title_bn: str = Field(default="", max_length=200)
    contract_date: date
    retention_pct: Decimal = Decimal(0)
    advance_amount: Decimal = Decimal(0)
    advance_recovery_pct: Decimal = Decimal(0)
    security_deposit_pct: Decimal = Decimal(0)
    vat_code: str = Field(default="S004.00", max_length=20)
    ait_section: str = Field(default="89", max_length=20)
    item_nos: list[str] | None = None


class ContractVariationInput(BaseModel):
    """A variation order item added to the contract (an extra item of kind `variation`)."""

    item_no: str = Field(max_length=40)
    description: str = Field(max_length=400)
    unit: str = Field(max_length=20)
    quantity: Decimal
    rate: Decimal


class ContractItemView(BaseModel):
    id: UUID
    line_no: int
    item_no: str
    description: str
    unit: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal
    kind: str
    billed_quantity: Decimal  # cumulative on the latest bill
    billed_amount: Decimal


class RaMeasureInput(BaseModel):
    """One item's measurement on a bill: the cumulative quantity to date, or the percent complete."""

    item_no: str = Field(max_length=40)
    cumulative_quantity: Decimal | None = None
    percent_complete: Decimal | None = None


class RaBillInput(BaseModel):
    bill_date: date
    final: bool = False
    measures: list[RaMeasureInput] = Field(default_factory=list)


class RaBillLineView(BaseModel):
    line_no: int
    item_no: str
    description: str
    unit: str
    kind: str
    contract_quantity: Decimal
    rate: Decimal
    previous_quantity: Decimal
    cumulative_quantity: Decimal
    this_quantity: Decimal
    previous_amount: Decimal
    cumulative_amount: Decimal
    this_amount: Decimal


class RaBillView(BaseModel):
    id: UUID
    contract_id: UUID
    contract_code: str
    seq: int
    number: str
    bill_date: date
    final: bool
    status: str
    gross: Decimal
    vat_rate: Decimal
    vat: Decimal
    retention: Decimal
    advance_recovered: Decimal
    security_deposit: Decimal
    ait_rate: Decimal
    ait: Decimal
    deductions: Decimal
    net_payable: Decimal
    certified_by: str
    entry_id: UUID | None
    entry_number: str
    version: int
    lines: list[RaBillLineView] = Field(default_factory=list)


class ContractAdvanceInput(BaseModel):
    """The mobilisation advance (or a part of it) received from the client into a bank or cash account."""

    received_on: date
    amount: Decimal
    account_code: str = Field(default="1120", max_length=20)


class ContractReleaseInput(BaseModel):
    """Retention money and security deposit the client releases (at completion, after the defects
    liability period)."""

    release_date: date
    retention_amount: Decimal = Decimal(0)
    security_deposit_amount: Decimal = Decimal(0)
    memo: str = Field(default="", max_length=300)


class ContractMovementView(BaseModel):
    id: UUID
    kind: str  # advance | release
    number: str
    on_date: date
    amount: Decimal
    security_deposit: Decimal
    account_code: str
    memo: str
    entry_id: UUID | None
    entry_number: str


class ContractView(BaseModel):
    id: UUID
    company_id: UUID
    project_id: UUID
    client_party_id: UUID
    client_name: str
    client_name_bn: str  # empty when the party has no Bangla name: show `client_name`
    code: str
    title: str
    title_bn: str
    contract_date: date
    currency: str
    contract_value: Decimal
    retention_pct: Decimal
    advance_amount: Decimal
    advance_recovery_pct: Decimal
    security_deposit_pct: Decimal
    vat_code: str
    ait_section: str
    status: str
    version: int
    billed_to_date: Decimal  # Σ gross of posted bills
    retention_held: Decimal  # Σ retention of posted bills less releases
    security_deposit_held: Decimal
    advance_received: Decimal
    advance_recovered: Decimal
    advance_outstanding: Decimal  # the advance less what posted bills recovered
    items: list[ContractItemView] = Field(default_factory=list)
    bills: list[RaBillView] = Field(default_factory=list)
    movements: list[ContractMovementView] = Field(default_factory=list)


class ContractPage(BaseModel):
    """A page of contracts by code; pass `end_cursor` as `after` for the next one."""

    items: list[ContractView]
    end_cursor: str | None
    has_next_page: bool
