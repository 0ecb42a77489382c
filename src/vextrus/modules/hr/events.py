"""Events hr publishes (its public contract, with api.py)."""

from __future__ import annotations

from datetime import date
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
