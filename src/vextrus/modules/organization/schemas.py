"""The organization module's DTOs: companies (legal details), their units (branches and sites,
departments, cost centres) and members (the GraphQL types and REST schemas derive from these)."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel


class CompanyView(BaseModel):
    id: UUID
    code: str
    name: str
    name_bn: str | None = None
    tin: str | None = None
    bin: str | None = None
    trade_licence: str | None = None
    base_currency: str
    fiscal_year_start_month: int
    time_zone: str
    weekend_days: str
    address: str | None = None
    active: bool
    version: int


class UnitView(BaseModel):
    id: UUID
    company_id: UUID
    kind: str
    code: str
    name: str
    name_bn: str | None = None
    parent_id: UUID | None = None  # branch of a department, department of a cost centre


class MemberView(BaseModel):
    company_id: UUID
    user_id: UUID
    title: str | None = None


class CompanyInput(BaseModel):
    code: str
    name: str
    name_bn: str | None = None
    tin: str | None = None
    bin: str | None = None
    trade_licence: str | None = None
    base_currency: str = "BDT"
    fiscal_year_start_month: int = 7
    time_zone: str = "Asia/Dhaka"
    weekend_days: str = "Fri"
    address: str | None = None
