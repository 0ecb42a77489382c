"""Tables of invoicing (schema `invoicing`; every name starts with `invoicing_`). Company-owned rows carry
`company_id` (organization's company); `party_id` is master data's party (no foreign keys across modules)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("invoicing")


class InvoiceRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A sales invoice or a purchase (vendor) bill: draft → posted → partly_paid → paid. `number` is
    given when posted (gapless per company, kind and fiscal year)."""

    __tablename__ = "invoicing_invoice"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(10))  # sales | purchase
    number: Mapped[str | None] = mapped_column(String(40), nullable=True)
    fiscal_year: Mapped[str] = mapped_column(String(7), default="")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    party_id: Mapped[UUID] = mapped_column(Uuid)
    invoice_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100), default="")  # the vendor's bill number, the PO
    narration: Mapped[str] = mapped_column(String(500), default="")
    net: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    vat: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    gross: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    paid: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "kind", "number"),
                      Index("ix_invoicing_invoice_company_kind_date", "company_id", "kind", "invoice_date"))


class LineRow(IdPk, TenantScoped, Base):
    __tablename__ = "invoicing_line"
    invoice_id: Mapped[UUID] = mapped_column(ForeignKey("invoicing.invoicing_invoice.id", ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(500))
    quantity: Mapped[Decimal] = mapped_column(Amount(3))
    unit_price: Mapped[Decimal] = mapped_column(Amount(2))
    discount: Mapped[Decimal] = mapped_column(Amount(2), default=Decimal(0))
    vat_code: Mapped[str] = mapped_column(String(20))
    vat_rate: Mapped[Decimal] = mapped_column(Amount(4), default=Decimal(0))
    net: Mapped[Decimal] = mapped_column(Amount(2))
    vat: Mapped[Decimal] = mapped_column(Amount(2))
    gross: Mapped[Decimal] = mapped_column(Amount(2))
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    activity_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    __table_args__ = (UniqueConstraint("invoice_id", "line_no"),)


class PaymentRow(IdPk, TenantScoped, Timestamped, Base):
    """A payment against an invoice (received from a customer, paid to a vendor), posted as its journal."""

    __tablename__ = "invoicing_payment"
    invoice_id: Mapped[UUID] = mapped_column(ForeignKey("invoicing.invoicing_invoice.id", ondelete="CASCADE"))
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    account_code: Mapped[str] = mapped_column(String(20))  # the bank or cash account
    entry_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entry_number: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (Index("ix_invoicing_payment_invoice", "invoice_id"),)


class SequenceRow(IdPk, TenantScoped, Base):
    """The last number given per company, kind and fiscal year: moved in the posting transaction (locked
    on PostgreSQL), so a failed post gives its number back and the series has no gaps."""

    __tablename__ = "invoicing_sequence"
    company_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(10))
    fiscal_year: Mapped[str] = mapped_column(String(7))
    last: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "kind", "fiscal_year"),)
