"""Events the master_data module publishes (its public contract).

Other modules keep their own copies of names they show (a party's name on an invoice), and
react to `master_data.party.merged` by repointing their references to the survivor.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.changes import Changes
from vextrus.platform.events import Event


class PartyCreated(Event):
    name = "master_data.party.created"
    party_id: UUID
    code: str
    legal_name: str
    roles: list[str]
    vendor_status: str | None = None


class PartyUpdated(Event):
    name = "master_data.party.updated"
    party_id: UUID
    code: str
    changed: list[str]
    revision: int
    changes: Changes = {}  # field: {before, after} (the audit trail's "from → to")


class VendorStatusChanged(Event):
    name = "master_data.party.vendor_status_changed"
    party_id: UUID
    code: str
    from_status: str | None
    to_status: str
    reason: str | None = None


class PartyStatusChanged(Event):
    """Lifecycle: active, inactive (deactivated), archived."""

    name = "master_data.party.status_changed"
    party_id: UUID
    code: str
    from_status: str
    to_status: str


class PartyDeleted(Event):
    name = "master_data.party.deleted"
    party_id: UUID
    code: str


class PartyMerged(Event):
    """`merged_id` was folded into `survivor_id`: point your references at the survivor."""

    name = "master_data.party.merged"
    survivor_id: UUID
    merged_id: UUID
    survivor_code: str
    merged_code: str


class DocumentExpiring(Event):
    name = "master_data.party.document_expiring"
    party_id: UUID
    party_code: str
    party_name: str
    document_kind: str
    document_number: str
    expires_on: date
    days_left: int


class ItemCreated(Event):
    name = "master_data.item.created"
    item_id: UUID
    code: str
    name_en: str
    base_unit: str


class ItemUpdated(Event):
    name = "master_data.item.updated"
    item_id: UUID
    code: str
    changed: list[str]
    revision: int
    changes: Changes = {}  # field: {before, after}


class ItemStatusChanged(Event):
    name = "master_data.item.status_changed"
    item_id: UUID
    code: str
    from_status: str
    to_status: str


class ItemDeleted(Event):
    name = "master_data.item.deleted"
    item_id: UUID
    code: str


class ItemPriceSet(Event):
    name = "master_data.item.price_set"
    item_id: UUID
    code: str
    price_list: str
    unit: str
    price: Decimal
    currency: str
    valid_from: date
    valid_to: date | None = None
