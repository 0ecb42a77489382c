"""Tables of the organization module (schema `organization`)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vextrus.platform.db import IdPk, TenantScoped, Timestamped, declarative_base
from vextrus.platform.versioning import Versioned

Base = declarative_base("organization")


class Company(IdPk, TenantScoped, Timestamped, Versioned, Base):
    """A legal entity of the tenant, with its Bangladesh registration numbers."""

    __tablename__ = "organization_company"
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str | None] = mapped_column(String(200))
    tin: Mapped[str | None] = mapped_column(String(20))
    bin: Mapped[str | None] = mapped_column(String(20))
    trade_licence: Mapped[str | None] = mapped_column(String(60))
    base_currency: Mapped[str] = mapped_column(String(3), default="BDT")
    fiscal_year_start_month: Mapped[int] = mapped_column(Integer, default=7)
    time_zone: Mapped[str] = mapped_column(String(60), default="Asia/Dhaka")
    weekend_days: Mapped[str] = mapped_column(String(40), default="Fri")
    address: Mapped[str | None] = mapped_column(String(400))
    active: Mapped[bool] = mapped_column(default=True)
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)


class Branch(IdPk, TenantScoped, Timestamped, Base):
    """An office or a project site of a company (`kind`: head_office, branch, site)."""

    __tablename__ = "organization_branch"
    company_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("organization.organization_company.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(400))
    active: Mapped[bool] = mapped_column(default=True)
    __table_args__ = (UniqueConstraint("company_id", "code"),)


class Department(IdPk, TenantScoped, Timestamped, Base):
    __tablename__ = "organization_department"
    company_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("organization.organization_company.id"), index=True)
    branch_id: Mapped[UUID | None] = mapped_column(Uuid, ForeignKey("organization.organization_branch.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str | None] = mapped_column(String(200))
    __table_args__ = (UniqueConstraint("company_id", "code"),)


class CostCentre(IdPk, TenantScoped, Timestamped, Base):
    __tablename__ = "organization_cost_centre"
    company_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("organization.organization_company.id"), index=True)
    department_id: Mapped[UUID | None] = mapped_column(Uuid, ForeignKey("organization.organization_department.id"))
    branch_id: Mapped[UUID | None] = mapped_column(Uuid, ForeignKey("organization.organization_branch.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    name_bn: Mapped[str | None] = mapped_column(String(200))
    __table_args__ = (UniqueConstraint("company_id", "code"),)


class CompanyMember(IdPk, TenantScoped, Base):
    """A person (auth user id) working for a company; one person may belong to several."""

    __tablename__ = "organization_company_member"
    company_id: Mapped[UUID] = mapped_column(Uuid, ForeignKey("organization.organization_company.id"), index=True)
    user_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    title: Mapped[str | None] = mapped_column(String(120))
    __table_args__ = (UniqueConstraint("company_id", "user_id"),)
