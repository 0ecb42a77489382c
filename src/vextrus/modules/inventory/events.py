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


class SlipPosted(Event):
    """A stock slip posted in one unit of work (`post_moves`): one event for its moves, as finance's bulk post
    emits one `finance.journal.bulk_posted` for its entries; `move_ids` in the slip's order."""

    name = "inventory.slip.posted"
    company_id: UUID
    reference: str
    count: int
    move_ids: list[UUID]
    entry_ids: list[UUID]
    first_date: date
    last_date: date
    value: Decimal  # the slip's net change of the stock value


class ReorderLevelSet(Event):
    """A store's reorder level of an item set or changed (quantities in the item's base unit)."""

    name = "inventory.reorder_level.set"
    level_id: UUID
    company_id: UUID
    store_id: UUID
    item_id: UUID
    reorder_point: Decimal
    reorder_quantity: Decimal
    max_quantity: Decimal | None = None


class ReorderLevelRemoved(Event):
    """A store's reorder level of an item removed (no more suggestions for it)."""

    name = "inventory.reorder_level.removed"
    level_id: UUID
    company_id: UUID
    store_id: UUID
    item_id: UUID


class TransferDispatched(Event):
    """A transfer left its source store for the company's in-transit store (`move_id`: the dispatch move)."""

    name = "inventory.transfer.dispatched"
    transfer_id: UUID
    company_id: UUID
    number: str
    item_id: UUID
    from_store_id: UUID
    to_store_id: UUID
    quantity: Decimal
    dispatch_date: date
    move_id: UUID


class TransferReceived(Event):
    """A transfer arrived at its destination store (`move_id`: the receive move)."""

    name = "inventory.transfer.received"
    transfer_id: UUID
    company_id: UUID
    number: str
    receive_date: date
    move_id: UUID


class CostingMethodSet(Event):
    """A company's costing method chosen (`moving_average` or `fifo`), before its first stock move."""

    name = "inventory.settings.costing_method_set"
    company_id: UUID
    costing_method: str
