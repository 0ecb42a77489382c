"""Events the organization module publishes."""

from __future__ import annotations

from uuid import UUID

from vextrus.platform.changes import Changes
from vextrus.platform.events import Event


class CompanyCreated(Event):
    name = "organization.company.created"
    company_id: UUID
    code: str
    legal_name: str


class CompanyUpdated(Event):
    name = "organization.company.updated"
    company_id: UUID
    changed: list[str]
    changes: Changes = {}  # field: {before, after} (the audit trail's "from → to")


class UnitCreated(Event):
    """A branch, project site, department or cost centre was added."""

    name = "organization.unit.created"
    company_id: UUID
    unit_id: UUID
    kind: str  # head_office | branch | site | department | cost_centre
    code: str


class MemberAdded(Event):
    name = "organization.member.added"
    company_id: UUID
    user_id: UUID


class MemberRemoved(Event):
    name = "organization.member.removed"
    company_id: UUID
    user_id: UUID
