"""Events procurement publishes (its public contract, with api.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class RequisitionChanged(Event):
    """A requisition was created, submitted, approved or rejected (`status` is the new one)."""

    name = "procurement.requisition.changed"
    requisition_id: UUID
    company_id: UUID
    number: str
    status: str


class VendorsSelected(Event):
    name = "procurement.rfq.selected"
    rfq_id: UUID
    company_id: UUID
    not_lowest: int  # items bought from other than the lowest quotation (each with a reason)


class RfqSent(Event):
    """An RFQ was e-mailed to one of its vendors (its PDF attached; `lang` the letter's language)."""

    name = "procurement.rfq.sent"
    rfq_id: UUID
    company_id: UUID
    party_id: UUID
    email: str
    lang: str
    document_id: UUID


class OrderChanged(Event):
    """A purchase order was created, approved, revised or cancelled (`status`, `revision` the new ones)."""

    name = "procurement.purchase_order.changed"
    order_id: UUID
    company_id: UUID
    number: str
    party_id: UUID
    status: str
    revision: int
    total: Decimal


class OrderApprovalRejected(Event):
    """An order's approval was rejected in workflow (the order stays a draft of `revision`; `reason` is the
    approver's comment, or "timeout")."""

    name = "procurement.purchase_order.approval_rejected"
    order_id: UUID
    company_id: UUID
    number: str
    revision: int
    instance_id: UUID
    reason: str = ""


class GoodsReceived(Event):
    name = "procurement.receipt.posted"
    grn_id: UUID
    order_id: UUID
    company_id: UUID
    store_id: UUID
    receipt_date: date
    value: Decimal


class BillMatched(Event):
    """A vendor bill was checked: `status` matched (drafted in invoicing as `invoice_id`) or blocked."""

    name = "procurement.bill.matched"
    match_id: UUID
    order_id: UUID
    company_id: UUID
    status: str
    net: Decimal
    invoice_id: UUID | None = None
