"""Tables of inventory (schema `inventory`; every name starts with `inventory_`). Items are master_data's
(`item_id`, no foreign key across modules); projects are projects' (`project_id`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid, true
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("inventory")


class StoreRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A company's store: the central warehouse or a site store."""

    __tablename__ = "inventory_store"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(16))
    # the project a site store serves (None: the whole company's, e.g. the central warehouse); a role assigned
    # for some projects reaches their stores only (docs/auth.md, "Scoped roles")
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    # an inactive store is named by no new move, dispatch or level (migration inventory_0007); it keeps its history
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "code"),)


class MoveRow(IdPk, TenantScoped, Timestamped, Base):
    """One stock move of one item as posted: kind, quantity, unit cost, stores, project, activity, journal, and
    the value its own journal booked (`value`, `moved_value`: fixed for a receipt or a priced adjustment; for an
    issue, a transfer or an unpriced adjustment the value at its place when posted, which a later backdated
    move may change: the current one is derived at read time, docs/inventory.md "Checkpoints"). No running
    totals: those are the item's monthly checkpoints (`CheckpointRow`) plus the month's moves replayed. An item's
    moves are ordered by (move_date, seq); `seq` is the insertion counter, never renumbered (unique: two
    concurrent moves of one item cannot both be written)."""

    __tablename__ = "inventory_move"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    item_id: Mapped[UUID] = mapped_column(Uuid)
    item_code: Mapped[str] = mapped_column(String(40))  # as it was when posted (for reports)
    seq: Mapped[int] = mapped_column(Integer)
    move_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    store_id: Mapped[UUID] = mapped_column(Uuid)
    to_store_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    quantity: Mapped[Decimal] = mapped_column(Amount(6))
    unit_cost: Mapped[Decimal | None] = mapped_column(Amount(6), nullable=True)
    value: Mapped[Decimal] = mapped_column(Amount(2))  # signed change of the stock value, as posted
    moved_value: Mapped[Decimal] = mapped_column(Amount(2))  # as posted
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    activity_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    memo: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "item_id", "seq"),
                      Index("ix_inventory_move_company_date", "company_id", "move_date"),
                      Index("ix_inventory_move_item_date", "company_id", "item_id", "move_date", "seq"))


class CheckpointRow(IdPk, TenantScoped, Timestamped, Base):
    """An item's totals at the end of a month in which it moved: the company's quantity and value and each
    store's (`stores`: JSON {store id: [quantity in millionths, value in poisha]}), the month's last move date
    and the item's code. The latest checkpoint is the item's current position. A month without a move has no
    row: the one before it holds."""

    __tablename__ = "inventory_checkpoint"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    item_id: Mapped[UUID] = mapped_column(Uuid)
    item_code: Mapped[str] = mapped_column(String(40))
    month_end: Mapped[date] = mapped_column(Date)
    last_date: Mapped[date] = mapped_column(Date)
    quantity: Mapped[Decimal] = mapped_column(Amount(6))
    value: Mapped[Decimal] = mapped_column(Amount(2))
    stores: Mapped[str] = mapped_column(Text)
    # FIFO companies only (migration inventory_0009): the open layers at the month's end, JSON [[quantity in
    # millionths, value in poisha], ...] oldest first (domain/fifo.py); None under moving average
    layers: Mapped[str | None] = mapped_column(Text, nullable=True)
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "item_id", "month_end"),)


class SettingRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A company's inventory settings (migration inventory_0009; as invoicing keeps its own per company): the
    costing method, `moving_average` (no row: the default) or `fifo`, chosen while the company has no move."""

    __tablename__ = "inventory_setting"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    costing_method: Mapped[str] = mapped_column(String(20), default="moving_average")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", name="uq_inventory_setting_company"),)


class ReorderLevelRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A store's reorder level of an item (issue 17): when the store's stock on hand is at or below
    `reorder_point`, suggest buying `reorder_quantity` (or up to `max_quantity` when set). Quantities in the
    item's base unit; the item's code and names as they were when the level was set (for lists)."""

    __tablename__ = "inventory_reorder_level"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    store_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("inventory.inventory_store.id"))
    item_id: Mapped[UUID] = mapped_column(Uuid)
    item_code: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(200), default="")
    item_name_bn: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    reorder_point: Mapped[Decimal] = mapped_column(Amount(6))
    reorder_quantity: Mapped[Decimal] = mapped_column(Amount(6))
    max_quantity: Mapped[Decimal | None] = mapped_column(Amount(6), nullable=True)
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "store_id", "item_id",
                                       name="uq_inventory_reorder_level_store_item"),)


class TransferRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A transfer between two stores with an in-transit state (issue 17): dispatched from `from_store_id` (a
    `transfer` move into the company's in-transit store, `dispatch_move_id`), later received at `to_store_id` (a
    `transfer` move out of the in-transit store, `receive_move_id`, dated on or after the dispatch). Status
    `dispatched` or `received`; who dispatched and who received (user ids)."""

    __tablename__ = "inventory_transfer"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    number: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[UUID] = mapped_column(Uuid)
    item_code: Mapped[str] = mapped_column(String(40))
    from_store_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("inventory.inventory_store.id"))
    to_store_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("inventory.inventory_store.id"))
    transit_store_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("inventory.inventory_store.id"))
    quantity: Mapped[Decimal] = mapped_column(Amount(6))
    value: Mapped[Decimal] = mapped_column(Amount(2))  # the value that left the source store at dispatch
    status: Mapped[str] = mapped_column(String(16))  # dispatched | received
    dispatch_date: Mapped[date] = mapped_column(Date)
    dispatch_move_id: Mapped[UUID] = mapped_column(Uuid)
    dispatched_by: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    receive_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    receive_move_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    received_by: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    memo: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "number", name="uq_inventory_transfer_number"),
                      Index("ix_inventory_transfer_company_status", "company_id", "status"))


class MaterialEstimateRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """The planned quantity of an item for a project activity (issue 17, "Consumption vs estimate"), in the item's
    base unit (`quantity`), with what was entered (`entered_quantity` in `entered_unit`) and, when computed from a
    client contract's BOQ line, the line (`contract_id`, `contract_item_id`, `boq_item_no`, `boq_quantity`,
    `boq_unit`) and the material norm (`norm`: entered units per BOQ unit, e.g. 8.5 bags per m³). The item's code,
    names and unit as they were when set (for lists). One row per (company, project, activity, item)."""

    __tablename__ = "inventory_material_estimate"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    project_id: Mapped[UUID] = mapped_column(Uuid)
    activity_code: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[UUID] = mapped_column(Uuid)
    item_code: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(200), default="")
    item_name_bn: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    quantity: Mapped[Decimal] = mapped_column(Amount(6))
    entered_quantity: Mapped[Decimal] = mapped_column(Amount(6))
    entered_unit: Mapped[str] = mapped_column(String(20), default="")
    contract_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    contract_item_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    boq_item_no: Mapped[str | None] = mapped_column(String(40), nullable=True)
    boq_quantity: Mapped[Decimal | None] = mapped_column(Amount(6), nullable=True)
    boq_unit: Mapped[str | None] = mapped_column(String(20), nullable=True)
    norm: Mapped[Decimal | None] = mapped_column(Amount(6), nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "project_id", "activity_code", "item_id",
                                       name="uq_inventory_material_estimate_activity_item"),
                      Index("ix_inventory_material_estimate_project", "company_id", "project_id"))
