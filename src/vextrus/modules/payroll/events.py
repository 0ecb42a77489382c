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


class WageRunPrepared(Event):
    name = "payroll.wage_run.prepared"
    run_id: UUID
    company_id: UUID
    period_start: date
    period_end: date
    gross: Decimal
    workers: int


class WageRunApproved(Event):
    name = "payroll.wage_run.approved"
    run_id: UUID
    company_id: UUID


class WageRunPosted(Event):
    name = "payroll.wage_run.posted"
    run_id: UUID
    company_id: UUID
    entry_id: UUID
    gross: Decimal
    net: Decimal


class RunReversed(Event):
    """A posted monthly run reversed: its journal reversed through finance, its advance recoveries given back."""

    name = "payroll.run.reversed"
    run_id: UUID
    company_id: UUID
    month: date
    entry_id: UUID
    reversal_entry_id: UUID
    reversed_on: date
    reason: str


class WageRunReversed(Event):
    """A posted wage run reversed: its journal reversed, its recoveries given back, its worker-days freed."""

    name = "payroll.wage_run.reversed"
    run_id: UUID
    company_id: UUID
    entry_id: UUID
    reversal_entry_id: UUID
    reversed_on: date
    reason: str


class RunPaid(Event):
    """A posted run (monthly or wage) was paid: its payment journal (Dr salaries payable / Cr bank, cash)."""

    name = "payroll.run.paid"
    run_id: UUID
    kind: str  # monthly | wage
    company_id: UUID
    paid_on: date
    entry_id: UUID
    net: Decimal


class RunPaymentUndone(Event):
    """A run's recorded payment was undone: finance reversed its payment journal; the run is `posted` again."""

    name = "payroll.run.payment_undone"
    run_id: UUID
    kind: str  # monthly | wage
    company_id: UUID
    paid_on: date
    entry_id: UUID  # the payment journal
    reversal_entry_id: UUID
    undone_on: date
    reason: str
    net: Decimal


class SettlementDrafted(Event):
    name = "payroll.settlement.drafted"
    settlement_id: UUID
    company_id: UUID
    employee_id: UUID
    net: Decimal


class SettlementApproved(Event):
    name = "payroll.settlement.approved"
    settlement_id: UUID
    company_id: UUID
    employee_id: UUID


class EmployeeSeparated(Event):
    """The final settlement is posted: the employee left on `last_day` (kind: resignation, termination, ...)."""

    name = "payroll.employee.separated"
    settlement_id: UUID
    company_id: UUID
    employee_id: UUID
    kind: str
    last_day: date
    entry_id: UUID
    net: Decimal


class SettlementReversed(Event):
    """A posted final settlement reversed: its journal reversed through finance, the advance recoveries it took
    given back, the employee active again."""

    name = "payroll.settlement.reversed"
    settlement_id: UUID
    company_id: UUID
    employee_id: UUID
    entry_id: UUID | None
    reversal_entry_id: UUID | None
    reversed_on: date
    reason: str


class EmployeeTransferred(Event):
    """The employee works for `project_id` (None: head office) from `effective_on`."""

    name = "payroll.employee.transferred"
    transfer_id: UUID
    company_id: UUID
    employee_id: UUID
    from_project_id: UUID | None
    project_id: UUID | None
    effective_on: date
