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
