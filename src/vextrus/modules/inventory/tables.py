"""Tables of inventory (schema `inventory`; every name starts with `inventory_`). Items are master_data's
(`item_id`, no foreign key across modules); projects are projects' (`project_id`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Date, Index, Integer, String, UniqueConstraint, Uuid
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
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "code"),)


class MoveRow(IdPk, TenantScoped, Timestamped, Base):
    """One stock move of one item, with the running totals after it: the company's (quantity, value) of
    the item and the stores' it touched. An item's moves are ordered by (move_date, seq); `seq` is the
    insertion counter, never renumbered (unique: two concurrent moves of one item cannot both be written).
    A backdated move shifts the running totals of the later rows with one UPDATE; on PostgreSQL the table has
    fillfactor 50 (migration inventory_0002) so those updates stay on their pages."""

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
    value: Mapped[Decimal] = mapped_column(Amount(2))  # signed change of the stock value
    moved_value: Mapped[Decimal] = mapped_column(Amount(2))
    quantity_after: Mapped[Decimal] = mapped_column(Amount(6))
    value_after: Mapped[Decimal] = mapped_column(Amount(2))
    store_quantity_after: Mapped[Decimal] = mapped_column(Amount(6))
    store_value_after: Mapped[Decimal] = mapped_column(Amount(2))
    to_store_quantity_after: Mapped[Decimal | None] = mapped_column(Amount(6), nullable=True)
    to_store_value_after: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    activity_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    memo: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "item_id", "seq"),
                      Index("ix_inventory_move_company_date", "company_id", "move_date"),
                      Index("ix_inventory_move_item_date", "company_id", "item_id", "move_date", "seq"))
