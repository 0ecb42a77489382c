"""Events invoicing publishes (its public contract, with api.py)."""

from __future__ import annotations

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
