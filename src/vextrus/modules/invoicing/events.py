"""Events invoicing publishes (its public contract, with api.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class InvoiceDrafted(Event):
    name = "invoicing.invoice.drafted"
    invoice_id: UUID
    company_id: UUID
    kind: str
    gross: Decimal


class InvoicePosted(Event):
    name = "invoicing.invoice.posted"
    invoice_id: UUID
    company_id: UUID
    kind: str
    number: str
    party_id: UUID
    entry_id: UUID
    net: Decimal
    vat: Decimal
    gross: Decimal


class PaymentRecorded(Event):
    name = "invoicing.payment.recorded"
    invoice_id: UUID
    payment_id: UUID
    company_id: UUID
    kind: str
    amount: Decimal
    status: str
    entry_id: UUID
    vds: Decimal = Decimal(0)  # VAT deducted at source (Mushak 6.6)
    ait: Decimal = Decimal(0)  # income tax deducted at source


class AdvanceRecorded(Event):
    """An advance paid to a vendor (kind purchase) or received from a customer (sales) before the invoice."""

    name = "invoicing.advance.recorded"
    advance_id: UUID
    company_id: UUID
    kind: str
    number: str
    party_id: UUID
    amount: Decimal
    entry_id: UUID


class AdvanceAllocated(Event):
    """Part of an advance applied to posted invoices of its party (each invoice also gets `payment.recorded`)."""

    name = "invoicing.advance.allocated"
    advance_id: UUID
    company_id: UUID
    number: str
    invoice_ids: list[UUID]
    applied: Decimal  # what the advance gave: the invoices' settled amounts less VDS and AIT withheld
    unallocated: Decimal
    status: str
    entry_id: UUID


class AdvanceReversed(Event):
    """An advance nothing was allocated from, reversed by a reversing journal on its date."""

    name = "invoicing.advance.reversed"
    advance_id: UUID
    company_id: UUID
    number: str
    amount: Decimal
    reversed_on: date
    reason: str
    entry_id: UUID


class AdvanceAllocationReversed(Event):
    """One allocation of an advance to an invoice undone: its journal reversed, the invoice's settlement (and the
    VDS/AIT split out at it) taken back, the advance's part unallocated again."""

    name = "invoicing.advance.allocation_reversed"
    advance_id: UUID
    company_id: UUID
    number: str
    allocation_id: UUID
    invoice_id: UUID
    amount: Decimal  # what the allocation had settled of the invoice
    applied: Decimal  # the advance given back
    vds: Decimal = Decimal(0)
    ait: Decimal = Decimal(0)
    reversed_on: date
    reason: str
    unallocated: Decimal
    status: str
    invoice_status: str
    entry_id: UUID


class AdvanceRefunded(Event):
    """Part or all of an advance's unallocated remainder given back (to the client, or by the vendor)."""

    name = "invoicing.advance.refunded"
    advance_id: UUID
    company_id: UUID
    number: str
    refund_id: UUID
    amount: Decimal
    refunded_on: date
    unallocated: Decimal
    status: str
    entry_id: UUID


class NoteIssued(Event):
    """A credit note (Mushak 6.7) or debit note (Mushak 6.8) issued against a posted invoice or bill."""

    name = "invoicing.note.issued"
    note_id: UUID
    invoice_id: UUID
    company_id: UUID
    side: str
    kind: str
    number: str
    entry_id: UUID
    net: Decimal
    vat: Decimal
    gross: Decimal


class InvoiceApprovalRejected(Event):
    """An invoice's or bill's approval was rejected (workflow): it stays a draft; `reason` is the approver's
    comment (or "timeout"); `instance_id` is the approval (/workflow/instances/{id})."""

    name = "invoicing.invoice.approval_rejected"
    invoice_id: UUID
    company_id: UUID
    kind: str
    instance_id: UUID
    reason: str = ""
    submitted_by: str = ""


class InvoiceApprovedNotPosted(Event):
    """An invoice's approval went through but posting it failed (e.g. its date's period was closed since): it stays
    a draft with its approval approved, for a person to post once the cause is fixed."""

    name = "invoicing.invoice.approved_not_posted"
    invoice_id: UUID
    instance_id: UUID
    code: str
    message: str
    message_bn: str


class InvoiceUpdated(Event):
    """A draft invoice or bill was changed (its lines, party, dates or texts); `gross` is its new total."""

    name = "invoicing.invoice.updated"
    invoice_id: UUID
    company_id: UUID
    kind: str
    gross: Decimal


class InvoiceCancelled(Event):
    """A draft invoice or bill was cancelled (nothing was posted, no number used; its waiting approval withdrawn)."""

    name = "invoicing.invoice.cancelled"
    invoice_id: UUID
    company_id: UUID
    kind: str
    reason: str = ""


class PaymentDraftSaved(Event):
    """A payment or receipt was saved as a draft, or its draft changed (`amount`: what it settles in all)."""

    name = "invoicing.payment_draft.saved"
    draft_id: UUID
    company_id: UUID
    kind: str
    party_id: UUID
    amount: Decimal
    created: bool = True  # False: an existing draft was changed


class PaymentDraftPosted(Event):
    """A payment draft was posted (one journal; each invoice's payment is also `invoicing.payment.recorded`)."""

    name = "invoicing.payment_draft.posted"
    draft_id: UUID
    company_id: UUID
    kind: str
    amount: Decimal
    entry_id: UUID


class PaymentDraftReturned(Event):
    """A payment draft's approval was rejected or withdrawn: it is a draft again, to change and submit again.
    `outcome`: rejected | withdrawn; `reason`: the approver's comment ("timeout") or the withdrawal's."""

    name = "invoicing.payment_draft.returned"
    draft_id: UUID
    company_id: UUID
    kind: str
    instance_id: UUID
    outcome: str
    reason: str = ""
    submitted_by: str = ""


class PaymentApprovedNotPosted(Event):
    """A payment draft's approval went through but posting it failed (e.g. an invoice was paid meanwhile): it
    waits, approved, with the reason, for a person to post or cancel it."""

    name = "invoicing.payment_draft.approved_not_posted"
    draft_id: UUID
    instance_id: UUID
    code: str
    message: str
    message_bn: str


class PaymentDraftCancelled(Event):
    """A payment draft was cancelled (nothing posted; its waiting approval withdrawn)."""

    name = "invoicing.payment_draft.cancelled"
    draft_id: UUID
    company_id: UUID
    kind: str
    reason: str = ""


class StatementEmailed(Event):
    """A party's statement was e-mailed to the party (its PDF attached, `lang` its language)."""

    name = "invoicing.statement.emailed"
    company_id: UUID
    kind: str
    party_id: UUID
    email: str
    lang: str
    date_from: date | None = None
    date_to: date
