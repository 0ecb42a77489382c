"""DTOs of inventory: the one declaration of each concept (REST, GraphQL and pages derive from these)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field


class StoreInput(BaseModel):
    company_id: UUID
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    name_bn: str = Field(default="", max_length=200)
    kind: str = "central"  # central | site
    project_id: UUID | None = None  # the project a site store serves (None: the whole company's)


class StoreUpdateInput(BaseModel):
    """A store's new name and/or its active flag (its code, kind and project stay; None: unchanged):
    `expected_version` the version read (409 when stale). Deactivating needs the store empty and nothing on the road
    to or from it."""

    name: str | None = Field(default=None, max_length=200)
    name_bn: str | None = Field(default=None, max_length=200)
    active: bool | None = None
    expected_version: int | None = None


class StoreView(BaseModel):
    id: UUID
    company_id: UUID
    code: str
    name: str
    name_bn: str
    kind: str
    version: int
    project_id: UUID | None = None
    active: bool = True


class MoveInput(BaseModel):
    """A stock move: `quantity` in the item's base unit (signed for an adjustment); `unit_cost` prices a
    receipt (BDT per base unit); an issue names the project (and activity) it goes to."""

    company_id: UUID
    item_id: UUID
    kind: str  # receipt | issue | transfer | adjustment
    move_date: date
    store_id: UUID
    quantity: Decimal
    unit_cost: Decimal | None = None
    to_store_id: UUID | None = None
    project_id: UUID | None = None
    activity_code: str | None = Field(default=None, max_length=40)
    memo: str = Field(default="", max_length=200)


class MoveView(BaseModel):
    id: UUID
    company_id: UUID
    item_id: UUID
    item_code: str
    seq: int
    move_date: date
    kind: str
    store_id: UUID
    to_store_id: UUID | None
    quantity: Decimal
    unit_cost: Decimal | None
    value: Decimal
    quantity_after: Decimal
    value_after: Decimal
    project_id: UUID | None
    activity_code: str | None
    entry_id: UUID | None
    memo: str


class StockLine(BaseModel):
    store_id: UUID
    store_code: str
    item_id: UUID
    item_code: str
    quantity: Decimal
    value: Decimal


class ValuationLine(BaseModel):
    item_id: UUID
    item_code: str
    quantity: Decimal
    value: Decimal
    average_cost: Decimal


class ValuationReport(BaseModel):
    company_id: UUID
    as_of: date
    lines: list[ValuationLine]
    total: Decimal


class MoveLineInput(BaseModel):
    """One line of a stock slip: a move as `MoveInput` says, without the company; dated the slip's date unless
    it names its own (an imported file of moves)."""

    item_id: UUID
    kind: str  # receipt | issue | transfer | adjustment
    store_id: UUID
    quantity: Decimal
    unit_cost: Decimal | None = None
    to_store_id: UUID | None = None
    project_id: UUID | None = None
    activity_code: str | None = Field(default=None, max_length=40)
    memo: str = Field(default="", max_length=200)
    move_date: date | None = None


class MovesInput(BaseModel):
    """A stock slip: many moves (a day's issue slip, a stock count's adjustments, an imported file) posted in one
    unit of work, all or nothing; `reference` is the slip's number (the journals' reference)."""

    company_id: UUID
    move_date: date
    reference: str = Field(default="", max_length=40)
    memo: str = Field(default="", max_length=200)
    lines: list[MoveLineInput]


class MovesView(BaseModel):
    """A posted slip: its moves in the slip's order and the journals posted for it (one a date)."""

    company_id: UUID
    reference: str
    count: int
    entry_ids: list[UUID]
    moves: list[MoveView]


# ---- reorder levels, suggestions, slow-moving stock (issue 17) -------------------------------------------


class ReorderLevelInput(BaseModel):
    """A store's reorder level of an item, in the item's base unit: at or below `reorder_point` on hand, buy
    `reorder_quantity` (or up to `max_quantity` when set). Setting it again replaces it (`expected_version`
    guards a concurrent edit)."""

    company_id: UUID
    store_id: UUID
    item_id: UUID
    reorder_point: Decimal
    reorder_quantity: Decimal
    max_quantity: Decimal | None = None
    expected_version: int | None = None


class ReorderLevelView(BaseModel):
    id: UUID
    company_id: UUID
    store_id: UUID
    store_code: str
    item_id: UUID
    item_code: str
    item_name: str
    item_name_bn: str
    unit: str
    reorder_point: Decimal
    reorder_quantity: Decimal
    max_quantity: Decimal | None
    version: int


class ReorderSuggestion(BaseModel):
    """An item whose stock in a store (on hand + in transit + on order) is at or below its reorder point, and the
    quantity to buy."""

    store_id: UUID
    store_code: str
    store_project_id: UUID | None
    item_id: UUID
    item_code: str
    item_name: str
    item_name_bn: str
    unit: str
    on_hand: Decimal
    in_transit: Decimal = Decimal(0)  # dispatched to the store, not yet received: counted with on_hand
    # already on order (procurement, when it runs): approved requisitions not yet ordered and open purchase
    # orders' undelivered quantity for the store and item: counted with on_hand, so nothing is bought twice
    on_order: Decimal = Decimal(0)
    reorder_point: Decimal
    reorder_quantity: Decimal
    max_quantity: Decimal | None
    suggested_quantity: Decimal


class SlowMovingLine(BaseModel):
    store_id: UUID
    store_code: str
    item_id: UUID
    item_code: str
    last_issue: date | None
    last_movement: date | None
    days_since_issue: int | None
    days_since_movement: int | None
    quantity: Decimal
    value: Decimal


class SlowMovingReport(BaseModel):
    """Per store and item with stock on hand as of a date: no issue in `days` days (never issued included)."""

    company_id: UUID
    as_of: date
    days: int
    lines: list[SlowMovingLine]
    total_value: Decimal


class TransferInput(BaseModel):
    """Dispatch a transfer: `quantity` of an item leaves `from_store_id` on `dispatch_date` (at the moving
    average) and is in transit until received at `to_store_id`."""

    company_id: UUID
    item_id: UUID
    from_store_id: UUID
    to_store_id: UUID
    quantity: Decimal
    dispatch_date: date
    memo: str = Field(default="", max_length=200)


class TransferReceiveInput(BaseModel):
    """Receive a dispatched transfer at its destination on `receive_date` (on or after the dispatch)."""

    receive_date: date
    expected_version: int | None = None


class TransferView(BaseModel):
    id: UUID
    company_id: UUID
    number: str
    item_id: UUID
    item_code: str
    from_store_id: UUID
    from_store_code: str
    to_store_id: UUID
    to_store_code: str
    quantity: Decimal
    value: Decimal
    status: str  # dispatched | received
    dispatch_date: date
    dispatch_move_id: UUID
    dispatched_by: UUID | None
    receive_date: date | None
    receive_move_id: UUID | None
    received_by: UUID | None
    memo: str
    version: int


class InventorySettingsInput(BaseModel):
    """A company's inventory settings: its costing method, `moving_average` (the default) or `fifo`, chosen while
    the company has no stock move (`expected_version` guards a concurrent edit)."""

    company_id: UUID
    costing_method: str
    expected_version: int | None = None


class InventorySettingsView(BaseModel):
    company_id: UUID
    costing_method: str
    version: int
    locked: bool = False  # the company has stock moves: the method can no longer change


class MaterialEstimateInput(BaseModel):
    """The planned quantity of an item for a project activity: `quantity` in `unit` (default the item's base unit;
    converted to it with the item's conversions), or a client contract's BOQ line (`contract_id`,
    `contract_item_id`) × `norm` (units of the material per BOQ unit, e.g. 8.5 bags per m³), in `unit`. Replaces
    the activity's estimate of the item (`expected_version`: 409 when stale)."""

    company_id: UUID
    project_id: UUID
    activity_code: str = Field(max_length=40)
    item_id: UUID
    quantity: Decimal | None = None
    unit: str | None = Field(default=None, max_length=20)
    contract_id: UUID | None = None
    contract_item_id: UUID | None = None
    norm: Decimal | None = None
    note: str = Field(default="", max_length=200)
    expected_version: int | None = None


class MaterialEstimateView(BaseModel):
    id: UUID
    company_id: UUID
    project_id: UUID
    activity_code: str
    item_id: UUID
    item_code: str
    item_name: str
    item_name_bn: str
    unit: str  # the item's base unit: `quantity` is in it
    quantity: Decimal
    entered_quantity: Decimal
    entered_unit: str
    contract_id: UUID | None
    contract_item_id: UUID | None
    boq_item_no: str | None
    boq_quantity: Decimal | None
    boq_unit: str | None
    norm: Decimal | None
    note: str
    version: int


class MaterialReturnInput(BaseModel):
    """Material returned from a project activity to a store (unused cement back from the site): `quantity` in the
    item's base unit, valued at the activity's average issued cost of the item up to `move_date`."""

    company_id: UUID
    project_id: UUID
    activity_code: str = Field(max_length=40)
    item_id: UUID
    store_id: UUID
    quantity: Decimal
    move_date: date
    memo: str = Field(default="", max_length=200)


class ConsumptionLine(BaseModel):
    """An item's consumption by a project activity as of a date (`activity_code` None: the project's total of the
    item over its activities), quantities in the item's base unit; value consumed = the issues' cost − the
    returns' (the moves' own values as posted)."""

    project_id: UUID
    project_code: str
    activity_code: str | None
    activity_name: str
    item_id: UUID
    item_code: str
    item_name: str
    item_name_bn: str
    unit: str
    estimated: Decimal | None
    issued: Decimal
    returned: Decimal
    net: Decimal
    variance: Decimal | None
    wastage_pct: Decimal | None
    value: Decimal
    over: bool


class ConsumptionReport(BaseModel):
    """Consumption vs estimate per project, activity and item as of a date; `lines` by project, activity, item
    (activities without an estimate still listed), `totals` per project and item, `over_activities` the activities
    (project code, activity code) with an item above `tolerance` %."""

    company_id: UUID
    as_of: date
    tolerance: Decimal
    project_id: UUID | None
    lines: list[ConsumptionLine]
    totals: list[ConsumptionLine]
    over_activities: list[str]
    total_value: Decimal
