"""Tables of crm (schema `crm`; every name starts with `crm_`). Parties are master_data's (`party_id`),
projects projects' (`project_id`), salespeople auth's users (`salesperson_id`): ids, no foreign keys
across modules."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Boolean, Date, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import Amount, IdPk, TenantScoped, Timestamped, UtcDateTime, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("crm")


class LeadRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    __tablename__ = "crm_lead"
    company_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    mobile: Mapped[str | None] = mapped_column(String(20), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    nid: Mapped[str | None] = mapped_column(String(20), nullable=True)
    source: Mapped[str] = mapped_column(String(20))
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    unit_type: Mapped[str | None] = mapped_column(String(20), nullable=True)
    budget: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)
    area_sft: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)
    salesperson_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    party_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    __table_args__ = (Index("ix_crm_lead_mobile", "tenant_id", "mobile"), Index("ix_crm_lead_email", "tenant_id", "email"),
                      Index("ix_crm_lead_nid", "tenant_id", "nid"))


class OpportunityRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    __tablename__ = "crm_opportunity"
    company_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    lead_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    party_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    stage: Mapped[str] = mapped_column(String(20), default="new")
    lost_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    expected_value: Mapped[Decimal] = mapped_column(Amount(2))
    expected_close: Mapped[date | None] = mapped_column(Date, nullable=True)
    salesperson_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    __table_args__ = (Index("ix_crm_opportunity_stage", "tenant_id", "stage"),)


class ActivityRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    __tablename__ = "crm_activity"
    opportunity_id: Mapped[UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    reminded_for: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)  # the due_at announced
    __table_args__ = (Index("ix_crm_activity_due", "tenant_id", "done", "due_at"),
                      Index("ix_crm_activity_opportunity", "opportunity_id"))


class TenderRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    __tablename__ = "crm_tender"
    company_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    procuring_entity: Mapped[str] = mapped_column(String(200))
    egp_reference: Mapped[str] = mapped_column(String(60), default="")
    title: Mapped[str] = mapped_column(String(300))
    closing_at: Mapped[datetime] = mapped_column(UtcDateTime())
    bid_security_amount: Mapped[Decimal] = mapped_column(Amount(2))
    bid_security_form: Mapped[str] = mapped_column(String(20))
    estimated_value: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="identified")
    bid_price: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)
    winner_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    winner_price: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)  # the project a won tender became
    __table_args__ = (Index("ix_crm_tender_closing", "tenant_id", "closing_at"),)


class QuotationRow(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """One version of a quotation: `number` (per company) is shared by its versions, (company, number, revision)
    is unique."""

    __tablename__ = "crm_quotation"
    company_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    number: Mapped[str] = mapped_column(String(40))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    opportunity_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    tender_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    party_id: Mapped[UUID] = mapped_column(Uuid)
    project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)  # the BOQ its lines were copied from
    title: Mapped[str] = mapped_column(String(200), default="")
    quote_date: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    vat_rate: Mapped[Decimal | None] = mapped_column(Amount(2), nullable=True)
    terms: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    subtotal: Mapped[Decimal] = mapped_column(Amount(2))
    vat: Mapped[Decimal] = mapped_column(Amount(2))
    total: Mapped[Decimal] = mapped_column(Amount(2))
    # an accepted version's project (created from it, its BOQ the lines) and client contract (contracts)
    started_project_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    contract_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    __table_args__ = (UniqueConstraint("tenant_id", "company_id", "number", "revision",
                                       name="uq_crm_quotation_company_number"),
                      Index("ix_crm_quotation_opportunity", "opportunity_id"), Index("ix_crm_quotation_tender", "tender_id"))


class QuotationLineRow(IdPk, TenantScoped, Base):
    __tablename__ = "crm_quotation_line"
    quotation_id: Mapped[UUID] = mapped_column(Uuid)
    line_no: Mapped[int] = mapped_column(Integer)
    item_no: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(500))
    unit: Mapped[str] = mapped_column(String(20), default="")
    quantity: Mapped[Decimal] = mapped_column(Amount(4))
    rate: Mapped[Decimal] = mapped_column(Amount(2))
    amount: Mapped[Decimal] = mapped_column(Amount(2))
    __table_args__ = (Index("ix_crm_quotation_line_quotation", "quotation_id", "line_no"),)
