"""Events payroll publishes (its public contract, with api.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class EmployeeHired(Event):
    name = "payroll.employee.hired"
    employee_id: UUID
    company_id: UUID
    code: str


class RunPrepared(Event):
    name = "payroll.run.prepared"
    run_id: UUID
    company_id: UUID
    month: date
    gross: Decimal
    employees: int


class RunApproved(Event):
    name = "payroll.run.approved"
    run_id: UUID
    company_id: UUID
    month: date


class RunPosted(Event):
    name = "payroll.run.posted"
    run_id: UUID
    company_id: UUID
    month: date
    entry_id: UUID
    gross: Decimal
    tax: Decimal
    net: Decimal
