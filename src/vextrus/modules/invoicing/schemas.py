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
    # the ledger account the line posts to (an active, non-group account of the company's chart); None: the
    # kind's revenue or expense account. Such a line may have a negative unit price (an adjustment).
    account_code: str | None = Field(default=None, max_length=20)


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


class InvoiceUpdateInput(InvoiceInput):
    """A draft's new content (the whole of it, as when created) and the version it was read at (409 when stale)."""

    expected_version: int | None = None


class InvoiceCancelInput(BaseModel):
    """Why a draft is cancelled (kept on its event and as its waiting approval's withdrawal comment)."""

    reason: str = Field(max_length=500)
    expected_version: int | None = None


class InvoicePaymentInput(BaseModel):
    """A payment of a bill (made) or receipt of an invoice (received). `amount` is what it settles of the
    document; the bank moves `amount - vds - ait`. Paying a bill, the deductions are computed (VDS when
    the company is a withholding entity and `withhold_vds`; AIT/TDS under `ait_section`); receiving, `vds`
    and `ait` are what the customer deducted, with its certificate's number."""

    amount: Decimal
    paid_on: date
    account_code: str | None = Field(default=None, max_length=20)  # default: the company's bank or cash account
    method: str | None = Field(default=None, max_length=20)  # cash | cheque | bank_transfer | mfs
    cheque_no: str = Field(default="", max_length=40)
    cheque_date: date | None = None
    reference: str = Field(default="", max_length=60)  # BEFTN/RTGS reference, MFS transaction id
    mfs_provider: str = Field(default="", max_length=10)  # bkash | nagad | rocket
    withhold_vds: bool = True
    ait_section: str | None = Field(default=None, max_length=20)  # "89", "90.advisory", ...
    vds: Decimal | None = None
    ait: Decimal | None = None
    certificate_no: str = Field(default="", max_length=40)


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
    account_code: str | None = None  # None: the kind's revenue or expense account


class AllocationInput(BaseModel):
    invoice_id: UUID
    amount: Decimal  # what this payment settles of the invoice
    vds: Decimal | None = None  # a customer's deductions on this invoice (sales only)
    ait: Decimal | None = None


class PaymentAllocationInput(InvoicePaymentInput):
    """One payment of several invoices or bills of one party and kind; `amount` is their total (checked)."""

    amount: Decimal = Decimal(0)
    allocations: list[AllocationInput] = Field(default_factory=list, max_length=200)


class PaymentDraftUpdateInput(PaymentAllocationInput):
    """A payment draft's new content (the whole of it, as when saved) and the version it was read at (409 when
    stale)."""

    expected_version: int | None = None


class PaymentDraftCancelInput(BaseModel):
    """Why a payment draft is cancelled (its waiting approval withdrawn, the reason its comment)."""

    reason: str = Field(max_length=500)
    expected_version: int | None = None


class PaymentDraftAllocationView(BaseModel):
    invoice_id: UUID
    invoice_number: str = ""
    amount: Decimal
    vds: Decimal | None = None  # as given (a customer's deductions); a bill's are computed: see the draft's totals
    ait: Decimal | None = None


class PaymentDraftView(BaseModel):
    """A payment (kind purchase: to a vendor) or receipt (kind sales: from a customer) saved as a draft:
    draft → submitted (waiting for approval) → posted; rejected or withdrawn: draft again; approved but not
    posted (`error`): approved, for a person to post; cancelled. `vds`, `ait`, `cash_amount`: the split as
    computed when saved (computed again when posted)."""

    id: UUID
    company_id: UUID
    kind: str
    party_id: UUID
    party_name: str = ""
    party_name_bn: str = ""
    status: str
    paid_on: date
    amount: Decimal
    vds: Decimal
    ait: Decimal
    cash_amount: Decimal
    method: str
    account_code: str | None = None
    cheque_no: str = ""
    cheque_date: date | None = None
    reference: str = ""
    mfs_provider: str = ""
    withhold_vds: bool = True
    ait_section: str | None = None
    certificate_no: str = ""
    allocations: list[PaymentDraftAllocationView] = Field(default_factory=list)
    entry_id: UUID | None = None
    entry_number: str = ""
    error: str = ""
    error_bn: str = ""
    reason: str = ""
    version: int


class InvoiceCertificateView(BaseModel):
    """A deduction at source: VDS (Mushak 6.6) or AIT/TDS, issued by the company or received from a customer."""

    id: UUID
    company_id: UUID
    invoice_id: UUID
    payment_id: UUID
    party_id: UUID
    tax: str
    direction: str
    number: str
    issued_on: date
    invoice_number: str
    basis: str
    base: Decimal
    amount: Decimal


class InvoicePaymentView(BaseModel):
    id: UUID
    paid_on: date
    amount: Decimal
    account_code: str
    method: str = "bank_transfer"
    instrument_no: str = ""
    instrument_date: date | None = None
    reference: str = ""
    vds: Decimal = Decimal(0)
    ait: Decimal = Decimal(0)
    ait_section: str = ""
    cash_amount: Decimal | None = None
    entry_id: UUID | None = None
    entry_number: str = ""
    certificates: list[InvoiceCertificateView] = Field(default_factory=list)


class NoteLineInput(BaseModel):
    line_no: int
    quantity: Decimal | None = None
    amount: Decimal | None = None


class NoteInput(BaseModel):
    """A credit note (Mushak 6.7) or debit note (Mushak 6.8) against a posted invoice or bill."""

    kind: str = Field(max_length=10)  # credit | debit
    note_date: date
    reason: str = Field(max_length=500)
    lines: list[NoteLineInput] = Field(default_factory=list)


class NoteLineView(BaseModel):
    invoice_line_no: int
    quantity: Decimal | None = None
    net: Decimal
    vat: Decimal
    gross: Decimal


class NoteView(BaseModel):
    id: UUID
    company_id: UUID
    invoice_id: UUID
    side: str
    kind: str
    number: str
    fiscal_year: str
    note_date: date
    reason: str
    net: Decimal
    vat: Decimal
    gross: Decimal
    entry_id: UUID | None = None
    entry_number: str = ""
    lines: list[NoteLineView] = Field(default_factory=list)


class CompanySettingsInput(BaseModel):
    """A change of a company's invoicing settings: whether it is a VAT withholding entity (left out:
    unchanged), and its accounts by role over the chart's defaults (`{"bank": "1121"}`; roles left out keep
    theirs)."""

    withholding_entity: bool | None = None
    accounts: dict[str, str] = Field(default_factory=dict)
    expected_version: int | None = None


class CompanySettingsView(BaseModel):
    company_id: UUID
    withholding_entity: bool
    accounts: dict[str, str]
    version: int = 0


class InvoiceView(BaseModel):
    id: UUID
    company_id: UUID
    kind: str
    number: str | None = None
    fiscal_year: str = ""
    status: str
    party_id: UUID
    party_name: str = ""
    party_name_bn: str = ""  # empty when the party has no Bangla name
    invoice_date: date
    due_date: date
    reference: str = ""
    narration: str = ""
    net: Decimal
    vat: Decimal
    gross: Decimal
    paid: Decimal
    credited: Decimal = Decimal(0)
    debited: Decimal = Decimal(0)
    outstanding: Decimal
    entry_id: UUID | None = None
    entry_number: str = ""
    version: int
    lines: list[InvoiceLineView] = Field(default_factory=list)
    payments: list[InvoicePaymentView] = Field(default_factory=list)
    notes: list[NoteView] = Field(default_factory=list)


class InvoicePage(BaseModel):
    """A page of invoices, newest first; pass `end_cursor` as `after` for the next one."""

    items: list[InvoiceView]
    end_cursor: str | None
    has_next_page: bool


class InvoiceAgingRow(BaseModel):
    party_id: UUID | None = None  # None: the totals row
    party_name: str = ""
    party_name_bn: str = ""
    source: str = ""  # invoice | ra_bill (contracts' posted RA bills and retention releases); "" on the totals row
    days_0_30: Decimal = Decimal(0)
    days_31_60: Decimal = Decimal(0)
    days_61_90: Decimal = Decimal(0)
    days_over_90: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    # the party's advances not yet allocated on as_of (on its `invoice` row, or a row of its own, `source` advance,
    # when it has nothing due): not netted into the buckets or total; net = total - unallocated_advances
    unallocated_advances: Decimal = Decimal(0)
    net: Decimal = Decimal(0)


class InvoiceAgingView(BaseModel):
    """What customers owe (sales: AR) or the company owes vendors (purchase: AP) on `as_of`, by days past
    the due date."""

    company_id: UUID
    kind: str
    as_of: date
    rows: list[InvoiceAgingRow]
    totals: InvoiceAgingRow


class PartyStatementLine(BaseModel):
    """One line of a party's statement. `doc`: invoice | credit_note | debit_note | payment | advance |
    advance_allocation | advance_reversal. A customer's balance rises by a debit, a vendor's by a credit."""

    entry_date: date
    doc: str
    number: str = ""  # the invoice, note or advance's number; a payment's reference
    invoice_number: str = ""  # the invoice a payment, note or allocation settles
    description: str = ""
    description_bn: str = ""
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    balance: Decimal = Decimal(0)  # running: what the customer owes / the company owes the vendor (<0: held ahead)


class PartyStatementView(BaseModel):
    """A customer's (kind sales) or vendor's (purchase) statement from date_from to date_to: opening balance, lines
    with their running balance, closing balance = open_invoices - unallocated_advances on date_to."""

    company_id: UUID
    kind: str
    party_id: UUID
    party_name: str = ""
    party_name_bn: str = ""
    date_from: date | None = None
    date_to: date
    opening_balance: Decimal = Decimal(0)
    lines: list[PartyStatementLine]
    closing_balance: Decimal = Decimal(0)
    open_invoices: Decimal = Decimal(0)
    unallocated_advances: Decimal = Decimal(0)


class StatementEmailInput(BaseModel):
    """E-mail a party's statement (the one `GET /statement` shows) to the party's address in master data."""

    company_id: UUID
    party_id: UUID
    kind: str = "sales"
    date_to: date | None = None
    date_from: date | None = None
    lang: str = "en"


class StatementEmailedView(BaseModel):
    company_id: UUID
    kind: str
    party_id: UUID
    email: str
    lang: str
    filename: str
    date_from: date | None = None
    date_to: date


class VatReturnLineView(BaseModel):
    key: str  # standard | reduced | zero_rated | exempt | vds_withheld | debit_issued | ...
    note: int  # the note of form Mushak 9.1
    rate: Decimal | None = None
    value: Decimal
    vat: Decimal


class VatReturnView(BaseModel):
    """A preview of the monthly VAT return (Mushak 9.1) from the company's posted documents."""

    company_id: UUID
    period: str
    supplies: list[VatReturnLineView]
    purchases: list[VatReturnLineView]
    increasing: list[VatReturnLineView]
    decreasing: list[VatReturnLineView]
    output_tax: Decimal
    input_credit: Decimal
    increasing_total: Decimal
    decreasing_total: Decimal
    net_payable: Decimal


MAX_BULK_POST = 5000  # invoices one bulk post takes (one transaction); a filter past it posts the oldest, `more`


class InvoicesPostInput(BaseModel):
    """Drafts to post at once (month-end): `invoice_ids` (those selected on the list), or, without them, the
    company's drafts of `kind` (both when none) dated on or before `date_to` (all when none), the oldest first."""

    company_id: UUID
    invoice_ids: list[UUID] | None = Field(default=None, max_length=MAX_BULK_POST)
    kind: str | None = Field(default=None, max_length=10)
    date_to: date | None = None


class InvoicePostedItem(BaseModel):
    invoice_id: UUID
    kind: str
    number: str
    entry_id: UUID
    entry_number: str
    gross: Decimal


class InvoicePostRefusal(BaseModel):
    """A draft the bulk post left unposted, with the error its single post would give (code, en/bn, field)."""

    invoice_id: UUID
    code: str
    message: str
    message_bn: str
    field: str | None = None


class InvoicesPostView(BaseModel):
    company_id: UUID
    posted: list[InvoicePostedItem] = Field(default_factory=list)
    refused: list[InvoicePostRefusal] = Field(default_factory=list)
    more: bool = Field(False, description=f"the filter matched more than {MAX_BULK_POST} drafts: post again")


class AdvanceInput(BaseModel):
    """An advance paid to a vendor (`kind` purchase) or received from a customer (`kind` sales) before its invoice:
    the method and account as a payment takes them (InvoicePaymentInput)."""

    company_id: UUID
    kind: str = Field(max_length=10)  # purchase (paid to a vendor) | sales (received from a customer)
    party_id: UUID
    paid_on: date
    amount: Decimal
    currency: str = Field(default="BDT", max_length=3)
    account_code: str | None = Field(default=None, max_length=20)  # default: the company's bank, cash or MFS account
    method: str | None = Field(default=None, max_length=20)  # cash | cheque | bank_transfer | mfs
    cheque_no: str = Field(default="", max_length=40)
    cheque_date: date | None = None
    reference: str = Field(default="", max_length=60)
    mfs_provider: str = Field(default="", max_length=10)
    project_id: UUID | None = None
    narration: str = Field(default="", max_length=500)


class AdvanceAllocateInput(BaseModel):
    """Apply an advance to posted invoices of its party, company and kind: each allocation's `amount` is what it
    settles of the invoice (as in POST /payments); the advance gives that less the deductions at source split out."""

    allocated_on: date
    allocations: list[AllocationInput] = Field(default_factory=list, max_length=200)
    currency: str | None = Field(default=None, max_length=3)  # when given, the advance's and its invoices'
    withhold_vds: bool = True
    ait_section: str | None = Field(default=None, max_length=20)
    certificate_no: str = Field(default="", max_length=40)  # a customer's deduction certificate
    expected_version: int | None = None


class AdvanceReverseInput(BaseModel):
    reversed_on: date
    reason: str = Field(max_length=500)
    expected_version: int | None = None


class AdvanceAllocationReverseInput(BaseModel):
    """Undo one allocation of an advance to an invoice: its journal reversed on `reversed_on` (not before the
    allocation), the invoice's settlement and the advance's part given back. `expected_version`: the advance's."""

    reversed_on: date
    reason: str = Field(default="", max_length=500)  # required: refused blank (`invoicing.reason_missing`)
    expected_version: int | None = None


class AdvanceRefundInput(BaseModel):
    """Give back (part of) an advance's unallocated remainder: to the client (sales) or from the vendor (purchase),
    by the method and account as a payment takes them. `expected_version`: the advance's."""

    refunded_on: date
    amount: Decimal
    account_code: str | None = Field(default=None, max_length=20)  # default: the company's bank, cash or MFS account
    method: str | None = Field(default=None, max_length=20)  # cash | cheque | bank_transfer | mfs
    cheque_no: str = Field(default="", max_length=40)
    cheque_date: date | None = None
    reference: str = Field(default="", max_length=60)
    mfs_provider: str = Field(default="", max_length=10)
    reason: str = Field(default="", max_length=500)
    expected_version: int | None = None


class AdvanceRefundView(BaseModel):
    id: UUID
    refunded_on: date
    amount: Decimal
    account_code: str
    method: str
    instrument_no: str = ""
    reference: str = ""
    reason: str = ""
    entry_id: UUID | None = None
    entry_number: str = ""


class AdvanceAllocationView(BaseModel):
    id: UUID
    invoice_id: UUID
    invoice_number: str = ""
    payment_id: UUID
    allocated_on: date
    amount: Decimal  # what it settles of the invoice
    applied: Decimal  # the advance used
    vds: Decimal
    ait: Decimal
    entry_id: UUID | None = None
    entry_number: str = ""
    reversed_on: date | None = None  # undone on (its reversing journal below)
    reversal_reason: str = ""
    reversal_entry_id: UUID | None = None
    reversal_entry_number: str = ""


class AdvanceView(BaseModel):
    id: UUID
    company_id: UUID
    kind: str
    party_id: UUID
    party_name: str = ""
    party_name_bn: str = ""
    number: str
    status: str  # open | partly_allocated | allocated | partly_refunded | refunded | reversed
    paid_on: date
    amount: Decimal
    allocated: Decimal
    unallocated: Decimal  # amount - allocated - refunded
    refunded: Decimal = Decimal(0)
    currency: str
    method: str
    account_code: str
    advance_account: str
    instrument_no: str = ""
    instrument_date: date | None = None
    reference: str = ""
    project_id: UUID | None = None
    narration: str = ""
    entry_id: UUID | None = None
    entry_number: str = ""
    reversal_entry_id: UUID | None = None
    reversal_entry_number: str = ""
    allocations: list[AdvanceAllocationView] = Field(default_factory=list)
    refunds: list[AdvanceRefundView] = Field(default_factory=list)
    version: int
