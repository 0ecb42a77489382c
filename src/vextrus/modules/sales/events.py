"""Events sales publishes (its public contract, with api.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class UnitStatusChanged(Event):
    name = "sales.unit.status_changed"
    unit_id: UUID
    building_id: UUID
    code: str
    from_status: str
    to_status: str
    reason: str  # hand | booking | agreement | cancellation | handover


class BookingCreated(Event):
    name = "sales.booking.created"
    booking_id: UUID
    unit_id: UUID
    number: str
    buyer_party_id: UUID
    booking_date: date
    price: Decimal
    instalments: int


class InstalmentsFellDue(Event):
    name = "sales.instalment.fell_due"
    project_id: UUID
    activity_code: str
    due_date: date
    instalment_ids: list[UUID]


class InstalmentDueSoon(Event):
    """An instalment falls due in `days_left` days (the daily reminder job, once per instalment and due date):
    the buyer's name and contact from master data, so notifications can reach them by e-mail and SMS."""

    name = "sales.instalment.due_soon"
    instalment_id: UUID
    booking_id: UUID
    booking_number: str
    company_id: UUID
    unit_code: str
    buyer_party_id: UUID
    buyer_name: str
    buyer_name_bn: str = ""
    buyer_email: str = ""
    buyer_mobile: str = ""
    language: str = "bn"  # the setting sales.reminder_language
    label: str
    label_bn: str = ""
    due_date: date
    amount_due: Decimal
    days_left: int


class ReceiptPosted(Event):
    name = "sales.receipt.posted"
    receipt_id: UUID
    booking_id: UUID
    receipt_date: date
    amount: Decimal
    entry_id: UUID | None


class BookingCancelled(Event):
    name = "sales.booking.cancelled"
    booking_id: UUID
    cancelled_on: date
    paid: Decimal
    deduction: Decimal
    refund: Decimal


class BookingTransferred(Event):
    name = "sales.booking.transferred"
    booking_id: UUID
    from_party_id: UUID
    to_party_id: UUID
    transfer_date: date


class BookingRegistered(Event):
    name = "sales.booking.registered"
    booking_id: UUID
    unit_id: UUID
    registration_date: date
    deed_number: str


class BookingHandedOver(Event):
    name = "sales.booking.handed_over"
    booking_id: UUID
    unit_id: UUID
    handover_date: date
    revenue: Decimal
