"""Events hr publishes (its public contract, with api.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class MusterRecorded(Event):
    name = "hr.muster.recorded"
    muster_id: UUID
    project_id: UUID
    day: date
    lines: int


class MusterApproved(Event):
    name = "hr.muster.approved"
    muster_id: UUID
    project_id: UUID
    day: date


class LeaveApplied(Event):
    name = "hr.leave.applied"
    leave_id: UUID
    employee_id: UUID
    leave_type: str
    days: str


class LeaveDecided(Event):
    name = "hr.leave.decided"
    leave_id: UUID
    employee_id: UUID
    status: str


class ExpenseClaimSubmitted(Event):
    name = "hr.expense_claim.submitted"
    claim_id: UUID
    employee_id: UUID
    total: Decimal


class ExpenseClaimDecided(Event):
    """approved | rejected | withdrawn (a draft again) | cancelled."""

    name = "hr.expense_claim.decided"
    claim_id: UUID
    employee_id: UUID
    status: str


class ExpenseClaimPosted(Event):
    name = "hr.expense_claim.posted"
    claim_id: UUID
    employee_id: UUID
    company_id: UUID
    entry_id: UUID
    total: Decimal


class ExpenseClaimPaid(Event):
    """A posted claim paid to the employee (several of one employee may share one payment journal)."""

    name = "hr.expense_claim.paid"
    claim_id: UUID
    employee_id: UUID
    company_id: UUID
    entry_id: UUID
    account_code: str
    total: Decimal


class OfficeAttendanceImported(Event):
    name = "hr.office_attendance.imported"
    import_id: UUID
    company_id: UUID
    days_new: int
    days_changed: int
