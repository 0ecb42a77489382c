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


class SubcontractItemInput(BaseModel):
    """A subcontract item: a BOQ item of the project (`item_no`; its description and unit, its BOQ quantity
    unless `quantity` gives the subcontracted part) at the subcontract `rate`; or, with `free`, an item not in
    the BOQ with its own description, unit, quantity and rate."""

    item_no: str = Field(max_length=40)
    rate: Decimal
    quantity: Decimal | None = None
    description: str = Field(default="", max_length=400)
    unit: str = Field(default="", max_length=20)
    free: bool = False


class SubcontractInput(BaseModel):
    """A subcontract on a project (the purchase side of RA billing): the subcontractor, an approved active
    vendor of master data; its items at the subcontract rates; retention and an optional mobilisation advance
    paid to the subcontractor, recovered from its bills. AIT is deducted under `ait_section` (s.89 contractors)
    and, when the subcontractor is VAT-registered (a BIN in master data), the VAT of `vat_code` at source."""

    company_id: UUID
    project_id: UUID
    vendor_party_id: UUID
    code: str = Field(max_length=40)
    title: str = Field(max_length=200)
    title_bn: str = Field(default="", max_length=200)
    contract_date: date
    retention_pct: Decimal = Decimal(0)
    advance_amount: Decimal = Decimal(0)
    advance_recovery_pct: Decimal = Decimal(0)
    vat_code: str = Field(default="S004.00", max_length=20)
    ait_section: str = Field(default="89", max_length=20)
    items: list[SubcontractItemInput] = Field(default_factory=list)


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


class VatSupplyView(BaseModel):
    """Posted RA bills of a period summed by VAT code and rate: output VAT a VAT return counts (Mushak 9.1)."""

    vat_code: str
    vat_rate: Decimal
    value: Decimal  # value of work certified (the VAT base)
    vat: Decimal
    bills: int


class VatSupplyBillView(BaseModel):
    """One posted RA bill as a supply of the sales register (Mushak 6.2)."""

    bill_id: UUID
    bill_date: date
    number: str
    contract_code: str
    contract_title: str
    contract_title_bn: str
    client_party_id: UUID
    vat_code: str
    vat_rate: Decimal
    value: Decimal  # value of work certified (the VAT base)
    vat: Decimal


class RaCredit(BaseModel):
    """One ledger credit to trade receivables against an RA bill or release (a receipt; a reversal is negative)."""

    entry_date: date
    entry_number: str
    amount: Decimal


class RaReceivableView(BaseModel):
    """What a posted RA bill (kind ra_bill), or a release of its retention and security deposit (kind release),
    leaves receivable from the client on a date: the amount it debited to trade receivables (1130) less what
    the ledger credited to 1130 against it by then (receivables aging reads these)."""

    kind: str  # ra_bill | release
    document_id: UUID
    number: str
    document_date: date
    due_date: date  # contracts have no payment terms: due on the document's date
    contract_code: str
    client_party_id: UUID
    receivable: Decimal  # a bill's net payable; a release's retention + security deposit released
    received: Decimal  # 1130 credits against it on or before the date (receipts, reversals)
    outstanding: Decimal
    credits: list[RaCredit] = []  # the dated credits making `received` (a party statement's receipt lines)


class RaReceiptView(BaseModel):
    id: UUID
    number: str
    received_on: date
    amount: Decimal  # cash received
    vds: Decimal
    certificate_no: str
    settled: Decimal  # amount + vds
    account_code: str
    reference: str
    entry_id: UUID | None
    entry_number: str
    status: str = "posted"  # posted | reversed (no longer settles the bill)
    reversed_at: date | None = None  # the reversal's date
    reversal_reason: str = ""
    reversal_entry_id: UUID | None = None
    reversal_entry_number: str = ""


class RaBillPaymentView(BaseModel):
    """A payment to the subcontractor as it touches one bill: the payment and what it allocated to this bill."""

    payment_id: UUID
    number: str
    paid_on: date
    amount: Decimal  # allocated to this bill
    payment_amount: Decimal  # the whole payment
    account_code: str
    reference: str
    entry_number: str
    status: str = "posted"  # posted | reversed (no longer pays the bill)
    reversed_at: date | None = None


class RaBillView(BaseModel):
    id: UUID
    contract_id: UUID
    contract_code: str
    contract_kind: str = "client"  # client | subcontract (the subcontractor's bill: vds, no VAT, no receipts)
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
    vds_rate: Decimal = Decimal(0)
    vds: Decimal = Decimal(0)  # a subcontractor's bill: VAT deducted at source
    deductions: Decimal
    net_payable: Decimal
    certified_by: str
    entry_id: UUID | None
    entry_number: str
    version: int
    received: Decimal = Decimal(0)  # cash + VDS of the receipts recorded against it
    outstanding: Decimal = Decimal(0)  # net payable less received (0 unless posted)
    paid: bool = False  # posted and nothing outstanding (computed, not a status)
    reversal_entry_id: UUID | None = None
    reversal_entry_number: str = ""
    lines: list[RaBillLineView] = Field(default_factory=list)
    receipts: list[RaReceiptView] = Field(default_factory=list)
    payments: list[RaBillPaymentView] = Field(default_factory=list)  # a subcontractor's bill: what paid it


class RaReceiptInput(BaseModel):
    """The client's payment of a posted RA bill: `amount` the cash into `account_code` (a bank or cash account
    of the chart, the company's bank 1120 by default), `vds` the VAT it deducted at source (its Mushak 6.6
    certificate `certificate_no`); amount + vds settle the bill. `reference`: cheque / EFT number."""

    received_on: date
    amount: Decimal
    vds: Decimal = Decimal(0)
    certificate_no: str = Field(default="", max_length=60)
    account_code: str = Field(default="1120", max_length=20)
    reference: str = Field(default="", max_length=100)


class RaBillReversalInput(BaseModel):
    """The date finance's reversal of the bill's journal carries (not before the bill)."""

    reversal_date: date


class RaReceiptReversalInput(BaseModel):
    """Why the receipt is reversed (a wrong amount, a bounced cheque) and the date finance's reversal of its
    journal carries (today when not given; not before the receipt)."""

    reason: str = Field(default="", max_length=300)
    reversal_date: date | None = None


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
    kind: str = "client"  # client | subcontract (client_party_id / client_name: the subcontractor)
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
    payables: SubcontractPayablesView | None = None  # a subcontract's billed net, paid, outstanding
    payments: list[SubcontractPaymentView] = Field(default_factory=list)  # a subcontract's payments


class ContractPage(BaseModel):
    """A page of contracts by code; pass `end_cursor` as `after` for the next one."""

    items: list[ContractView]
    end_cursor: str | None
    has_next_page: bool


class SubcontractAllocationInput(BaseModel):
    """What one payment pays of one posted bill of the subcontract (more than zero, no more than outstanding)."""

    bill_id: UUID
    amount: Decimal


class SubcontractPaymentInput(BaseModel):
    """The company's payment to its subcontractor against posted bills of one subcontract: dated `paid_on`, out
    of `account_code` (bank 1120 by default, cash 1110, or another account of the ledger), `reference` the
    cheque / transfer number; the amount paid is the sum of the allocations."""

    paid_on: date
    account_code: str = Field(default="1120", max_length=20)
    reference: str = Field(default="", max_length=100)
    allocations: list[SubcontractAllocationInput] = Field(default_factory=list)


class SubcontractPaymentReversalInput(BaseModel):
    """Why the payment is reversed (a bounced cheque, a wrong amount) and the reversal's date (today when not
    given; not before the payment)."""

    reason: str = Field(default="", max_length=300)
    reversal_date: date | None = None


class SubcontractAllocationView(BaseModel):
    bill_id: UUID
    bill_number: str
    amount: Decimal


class SubcontractPaymentView(BaseModel):
    id: UUID
    contract_id: UUID
    contract_code: str
    seq: int
    number: str
    paid_on: date
    amount: Decimal  # Σ allocations
    account_code: str
    reference: str
    entry_id: UUID | None
    entry_number: str
    status: str = "posted"  # posted | reversed
    reversed_at: date | None = None
    reversal_reason: str = ""
    reversal_entry_id: UUID | None = None
    reversal_entry_number: str = ""
    allocations: list[SubcontractAllocationView] = Field(default_factory=list)


class SubcontractPayablesView(BaseModel):
    """A subcontract's payables from its bills: the net of its posted bills, what live payments paid of them and
    what is outstanding (= billed − paid)."""

    billed: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    outstanding: Decimal = Decimal(0)


ContractView.model_rebuild()
