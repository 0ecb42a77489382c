"""Tables of sales (schema `sales`; every name starts with `sales_`). Projects are projects' (`project_id`),
buyers are master_data's parties (`buyer_party_id`), journal entries finance's (`entry_id`): ids, no
foreign keys across modules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Date, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("sales")


class BuildingRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A building of a real-estate project (the project is projects')."""

    __tablename__ = "sales_building"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    project_id: Mapped[UUID] = mapped_column(Uuid)
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str] = mapped_column(String(200), default="")
    floors: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("tenant_id", "project_id", "code"),)


class UnitRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A flat, shop or parking slot on a floor of a building, with its sales status."""

    __tablename__ = "sales_unit"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    project_id: Mapped[UUID] = mapped_column(Uuid)
    building_id: Mapped[UUID] = mapped_column(Uuid)
    code: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(16))
    floor: Mapped[int] = mapped_column(Integer)
    size_sft: Mapped[Decimal] = mapped_column(Amount(2))
    facing: Mapped[str] = mapped_column(String(16), default="")
    status: Mapped[str] = mapped_column(String(16), default="available")
    __table_args__ = (UniqueConstraint("tenant_id", "building_id", "code"),
                      Index("ix_sales_unit_building", "building_id", "floor"))


class PriceRow(IdPk, TenantScoped, Timestamped, Base):
    """A project's price list from a date: rate per sft (shops may have their own) and fixed charges."""

    __tablename__ = "sales_price"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    project_id: Mapped[UUID] = mapped_column(Uuid)
    effective_from: Mapped[date] = mapped_column(Date)
    rate_per_sft: Mapped[Decimal] = mapped_column(Amount(2))
    shop_rate_per_sft: Mapped[Decimal] = mapped_column(Amount(2))
    parking_charge: Mapped[Decimal] = mapped_column(Amount(2))
    utility_charge: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (UniqueConstraint("tenant_id", "project_id", "effective_from"),)


class BookingRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A buyer's booking of a unit at a price, with its agreement, cancellation and handover."""

    __tablename__ = "sales_booking"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    project_id: Mapped[UUID] = mapped_column(Uuid)
    unit_id: Mapped[UUID] = mapped_column(Uuid)
    number: Mapped[str] = mapped_column(String(30))
    buyer_party_id: Mapped[UUID] = mapped_column(Uuid)
    booking_date: Mapped[date] = mapped_column(Date)
    price: Mapped[Decimal] = mapped_column(Amount(2))
    status: Mapped[str] = mapped_column(String(16), default="booked")  # booked | sold | handed_over | cancelled
    agreement_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    agreement_ref: Mapped[str] = mapped_column(String(80), default="")
    cancelled_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    deduction: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)
    refund: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)
    cancel_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    handover_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    registration_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # the deed of sale registered
    deed_number: Mapped[str] = mapped_column(String(80), default="")
    registry_office: Mapped[str] = mapped_column(String(120), default="")  # the sub-registry office
    handover_entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    __table_args__ = (UniqueConstraint("tenant_id", "number"), Index("ix_sales_booking_unit", "unit_id"))


class InstalmentRow(IdPk, TenantScoped, Timestamped, Base):
    """One instalment of a booking's schedule; `paid` is the sum of the receipts allocated to it (the
    system writes it: not versioned). A milestone's `due_date` is set when its activity completes."""

    __tablename__ = "sales_instalment"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    project_id: Mapped[UUID] = mapped_column(Uuid)
    booking_id: Mapped[UUID] = mapped_column(Uuid)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(120))
    label_bn: Mapped[str] = mapped_column(String(120), default="")
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    paid: Mapped[Decimal] = mapped_column(Amount(2))
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    activity_code: Mapped[str | None] = mapped_column(String(80), nullable=True)
    open: Mapped[int] = mapped_column(Integer, default=1)  # 1 while something is owed on a live booking
    reminded_for: Mapped[date | None] = mapped_column(Date, nullable=True)  # the due date the buyer was reminded of
    __table_args__ = (UniqueConstraint("tenant_id", "booking_id", "seq"),
                      Index("ix_sales_instalment_open_due", "company_id", "open", "due_date", "booking_id", "seq"),
                      Index("ix_sales_instalment_activity", "project_id", "activity_code"))


class ReceiptRow(IdPk, TenantScoped, Timestamped, Base):
    """Money received from the buyer against a booking, posted to the ledger (`entry_id`)."""

    __tablename__ = "sales_receipt"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    booking_id: Mapped[UUID] = mapped_column(Uuid)
    number: Mapped[str] = mapped_column(String(30))
    receipt_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    method: Mapped[str] = mapped_column(String(8))  # bank | cash
    reference: Mapped[str] = mapped_column(String(80), default="")
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    __table_args__ = (UniqueConstraint("tenant_id", "number"), Index("ix_sales_receipt_booking", "booking_id"))


class AllocationRow(IdPk, TenantScoped, Base):
    """The part of a receipt allocated to one instalment."""

    __tablename__ = "sales_allocation"
    booking_id: Mapped[UUID] = mapped_column(Uuid)
    receipt_id: Mapped[UUID] = mapped_column(Uuid)
    instalment_id: Mapped[UUID] = mapped_column(Uuid)
    receipt_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (Index("ix_sales_allocation_booking", "booking_id"),)


class TransferRow(IdPk, TenantScoped, Timestamped, Base):
    """A booking passed from one buyer to another (the schedule and receipts go with it)."""

    __tablename__ = "sales_transfer"
    booking_id: Mapped[UUID] = mapped_column(Uuid)
    from_party_id: Mapped[UUID] = mapped_column(Uuid)
    to_party_id: Mapped[UUID] = mapped_column(Uuid)
    transfer_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (Index("ix_sales_transfer_booking", "booking_id"),)
