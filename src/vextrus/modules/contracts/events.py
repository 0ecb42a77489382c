"""Events contracts publishes (its public contract, with api.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class ContractCreated(Event):
    name = "contracts.contract.created"
    contract_id: UUID
    company_id: UUID
    project_id: UUID
    code: str
    contract_value: Decimal
    kind: str = "client"  # client | subcontract (optional field: older payloads are client contracts)


class VariationAdded(Event):
    name = "contracts.contract.variation_added"
    contract_id: UUID
    item_no: str
    amount: Decimal
    contract_value: Decimal


class ContractMovementPosted(Event):
    """The mobilisation advance received (kind advance) or retention/security deposit released (kind release)."""

    name = "contracts.contract.movement_posted"
    contract_id: UUID
    kind: str
    number: str
    amount: Decimal
    security_deposit: Decimal
    entry_id: UUID


class BillDrafted(Event):
    name = "contracts.bill.drafted"
    bill_id: UUID
    contract_id: UUID
    number: str
    gross: Decimal
    net_payable: Decimal


class BillCertified(Event):
    name = "contracts.bill.certified"
    bill_id: UUID
    contract_id: UUID
    number: str


class BillDiscarded(Event):
    name = "contracts.bill.discarded"
    bill_id: UUID
    contract_id: UUID
    number: str


class BillPosted(Event):
    """An RA bill posted: the value of work billed to the client on the project (what EVM compares with
    earned value) and the journal's figures."""

    name = "contracts.bill.posted"
    bill_id: UUID
    contract_id: UUID
    project_id: UUID
    number: str
    bill_date: date
    gross: Decimal
    vat: Decimal
    retention: Decimal
    advance_recovered: Decimal
    security_deposit: Decimal
    ait: Decimal
    net_payable: Decimal
    kind: str = "client"  # subcontract: a subcontractor's bill (cost, not billing; vds deducted)
    vds: Decimal = Decimal(0)
    entry_id: UUID


class BillReceiptRecorded(Event):
    """The client paid (part of) a posted RA bill: cash into `account_code`, VDS deducted at source."""

    name = "contracts.bill.receipt_recorded"
    bill_id: UUID
    contract_id: UUID
    number: str  # the bill's
    receipt_number: str
    received_on: date
    amount: Decimal
    vds: Decimal
    outstanding: Decimal
    entry_id: UUID


class BillReversed(Event):
    """A posted RA bill reversed: finance's reversal of its journal; its work no longer counts as billed."""

    name = "contracts.bill.reversed"
    bill_id: UUID
    contract_id: UUID
    project_id: UUID
    number: str
    reversal_date: date
    gross: Decimal
    net_payable: Decimal
    entry_id: UUID
    reversal_entry_id: UUID


class ReceiptReversed(Event):
    """A receipt against a posted RA bill reversed (a wrong amount, a bounced cheque): finance's reversal of its
    journal, by contracts (`reverse_receipt`) or directly in finance; the bill is outstanding again by it."""

    name = "contracts.bill.receipt_reversed"
    bill_id: UUID
    contract_id: UUID
    number: str  # the bill's
    receipt_number: str
    reversal_date: date
    amount: Decimal
    vds: Decimal
    outstanding: Decimal
    reason: str
    entry_id: UUID
    reversal_entry_id: UUID


class SubcontractorPaid(Event):
    """The company paid its subcontractor against posted bills of a subcontract (Dr 2111 / Cr bank)."""

    name = "contracts.subcontract.paid"
    payment_id: UUID
    contract_id: UUID
    number: str
    paid_on: date
    amount: Decimal
    bill_ids: list[UUID]
    entry_id: UUID


class SubcontractPaymentReversed(Event):
    """A payment to a subcontractor reversed (finance's reversal of its journal, by contracts or in finance): the
    bills it paid are outstanding again by what it allocated to them."""

    name = "contracts.subcontract.payment_reversed"
    payment_id: UUID
    contract_id: UUID
    number: str
    reversal_date: date
    amount: Decimal
    reason: str
    entry_id: UUID
    reversal_entry_id: UUID
