"""Tables of procurement (schema `procurement`; every name starts with `procurement_`). Items and parties are
master_data's, stores and moves inventory's, invoices invoicing's: ids only, no foreign keys across modules."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("procurement")
S = "procurement"


class RequisitionRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A purchase requisition from a store (a site store) for a project activity."""

    __tablename__ = "procurement_requisition"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    number: Mapped[str] = mapped_column(String(20))
    store_id: Mapped[UUID] = mapped_column(Uuid)
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    activity_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    requested_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "number"),)


class RequisitionLineRow(IdPk, TenantScoped, Base):
    __tablename__ = "procurement_requisition_line"
    requisition_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.procurement_requisition.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[UUID] = mapped_column(Uuid)
    item_code: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[Decimal] = mapped_column(Amount(6))
    needed_by: Mapped[date] = mapped_column(Date)
    boq_line: Mapped[str] = mapped_column(String(40), default="")


class RfqRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A request for quotations to chosen vendors for an approved requisition; its CS and selection."""

    __tablename__ = "procurement_rfq"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    requisition_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.procurement_requisition.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(16))  # open | selected | ordered
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "number"),)


class RfqVendorRow(IdPk, TenantScoped, Base):
    __tablename__ = "procurement_rfq_vendor"
    rfq_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.procurement_rfq.id"), index=True)
    party_id: Mapped[UUID] = mapped_column(Uuid)
    party_name: Mapped[str] = mapped_column(String(200))
    party_name_bn: Mapped[str] = mapped_column(String(200), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # e-mailed (the first time)
    sent_to: Mapped[str] = mapped_column(String(254), default="")
    __table_args__ = (UniqueConstraint("rfq_id", "party_id"),)


class QuotationRow(IdPk, TenantScoped, Timestamped, Base):
    """One vendor's quotation of one item (entered again: replaced)."""

    __tablename__ = "procurement_quotation"
    rfq_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.procurement_rfq.id"), index=True)
    party_id: Mapped[UUID] = mapped_column(Uuid)
    item_id: Mapped[UUID] = mapped_column(Uuid)
    rate: Mapped[Decimal] = mapped_column(Amount(6))
    delivery_days: Mapped[int] = mapped_column(Integer)
    terms: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (UniqueConstraint("rfq_id", "party_id", "item_id"),)


class SelectionRow(IdPk, TenantScoped, Base):
    __tablename__ = "procurement_selection"
    rfq_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.procurement_rfq.id"), index=True)
    item_id: Mapped[UUID] = mapped_column(Uuid)
    party_id: Mapped[UUID] = mapped_column(Uuid)
    lowest: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(500), default="")
    __table_args__ = (UniqueConstraint("rfq_id", "item_id"),)


class OrderRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A purchase order to one vendor; `revision` counts its revisions (earlier lines in the history)."""

    __tablename__ = "procurement_order"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    rfq_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    number: Mapped[str] = mapped_column(String(20))
    party_id: Mapped[UUID] = mapped_column(Uuid)
    party_name: Mapped[str] = mapped_column(String(200))
    party_name_bn: Mapped[str] = mapped_column(String(200), default="", server_default="")
    store_id: Mapped[UUID] = mapped_column(Uuid)
    order_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[Decimal] = mapped_column(Amount(2))
    reason: Mapped[str] = mapped_column(String(500), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "number"),)


class OrderLineRow(IdPk, TenantScoped, Base):
    __tablename__ = "procurement_order_line"
    order_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.procurement_order.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[UUID] = mapped_column(Uuid)
    item_code: Mapped[str] = mapped_column(String(40))
    item_name: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[Decimal] = mapped_column(Amount(6))
    rate: Mapped[Decimal] = mapped_column(Amount(6))
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    accepted: Mapped[Decimal] = mapped_column(Amount(6))
    billed: Mapped[Decimal] = mapped_column(Amount(6))
    # goods received not invoiced (GRNI, 2115): the value inventory booked for the accepted quantity, and
    # what matched bills took off it; received_value - cleared_value is the line's GRNI balance
    received_value: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    cleared_value: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))


class OrderRevisionRow(IdPk, TenantScoped, Timestamped, Base):
    """The order as it was before a revision (its lines and total), with the revision's reason."""

    __tablename__ = "procurement_order_revision"
    order_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.procurement_order.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    total: Mapped[Decimal] = mapped_column(Amount(2))
    reason: Mapped[str] = mapped_column(String(500))
    revised_by: Mapped[str] = mapped_column(String(200))
    __table_args__ = (UniqueConstraint("order_id", "revision"),)


class GrnRow(IdPk, TenantScoped, Timestamped, Base):
    """A goods receipt note at a store against an order (posted once; not edited)."""

    __tablename__ = "procurement_grn"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    order_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.procurement_order.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    store_id: Mapped[UUID] = mapped_column(Uuid)
    receipt_date: Mapped[date] = mapped_column(Date)
    challan_no: Mapped[str] = mapped_column(String(60))
    vehicle_no: Mapped[str] = mapped_column(String(40), default="")
    value: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "number"),)


class GrnLineRow(IdPk, TenantScoped, Base):
    __tablename__ = "procurement_grn_line"
    grn_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.procurement_grn.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)  # the order's line
    item_id: Mapped[UUID] = mapped_column(Uuid)
    received: Mapped[Decimal] = mapped_column(Amount(6))
    accepted: Mapped[Decimal] = mapped_column(Amount(6))
    rejected: Mapped[Decimal] = mapped_column(Amount(6))
    move_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)


class BillMatchRow(IdPk, TenantScoped, Timestamped, Base):
    """A vendor bill checked against its order and receipts: matched (drafted in invoicing) or blocked."""

    __tablename__ = "procurement_bill_match"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    order_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey(f"{S}.procurement_order.id"), index=True)
    reference: Mapped[str] = mapped_column(String(100))
    bill_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # matched | blocked
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    net: Mapped[Decimal] = mapped_column(Amount(2))
    invoice_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
