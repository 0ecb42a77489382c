"""Events inventory publishes (its public contract, with api.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class StoreCreated(Event):
    name = "inventory.store.created"
    store_id: UUID
    company_id: UUID
    code: str


class MovePosted(Event):
    name = "inventory.move.posted"
    move_id: UUID
    company_id: UUID
    item_id: UUID
    kind: str
    move_date: date
    quantity: Decimal
    value: Decimal
    entry_id: UUID | None = None
