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
