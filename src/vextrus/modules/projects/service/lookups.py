"""Loading what a command or query works on, within the active company: a project by id, code or
P6 short name (another company's is NotFound), its activities, calendars and baselines."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Select, select

from vextrus.modules.organization import api as organization
from vextrus.platform import context
from vextrus.platform.errors import NotFound
from vextrus.platform.uow import UnitOfWork

from .. import repository as repo
from ..tables import (
    Activity,
    Baseline,
    Calendar,
    Project,
)


def find_project(uow: UnitOfWork, ref: UUID | str) -> Project:
    """A project by id, code or P6 short name, of the active company: every read and write of a
    project (its WBS, activities, logic, baselines, BOQ, costs) loads it here, so another company's
    project is NotFound, as if it did not exist (system work reaches every company)."""
    s = uow.session
    p = None
    if isinstance(ref, UUID):
        p = s.get(Project, ref)
    else:
        try:
            p = s.get(Project, UUID(str(ref)))
        except ValueError:
            p = None
        if p is None:
            p = s.execute(select(Project).where(Project.code == str(ref))).scalar_one_or_none()
    if p is None or p.tenant_id != context.current().tenant_id:
        raise NotFound("project", ref, field="project")
    context.require_company(p.company_id, "project", ref, field="project")
    context.require_scope(p.id, "project", ref, field="project")
    return p


def company_projects(stmt: Select[Any]) -> Select[Any]:
    """`stmt` (selecting projects) limited to the active company's projects, and to the projects a role assigned
    for some projects only reaches."""
    scope, reach = context.company_scope(), context.scope_reach()
    stmt = stmt if scope is None else stmt.where(Project.company_id == scope)
    return stmt if reach is None else stmt.where(Project.id.in_(reach))


def project_company(company_id: UUID | None = None) -> UUID | None:
    """The company a new project (created, imported) belongs to: the active company; system work
    (the demo, the CLI) names it. A user cannot create a project in a company they do not act in."""
    context.require_company(company_id or context.company_scope(), "company", company_id, field="company_id")
    company_id = company_id or context.current().company_id
    if company_id is None and context.current().system:
        companies = organization.list_companies()  # the CLI, the demo: the tenant's first (usually only) one
        company_id = companies[0].id if companies else None
    return company_id


def find_activity(uow: UnitOfWork, project_id: UUID, code: str, field: str = "code") -> Activity:
    a = uow.session.execute(select(Activity).where(Activity.project_id == project_id,
                                                   Activity.code == code)).scalar_one_or_none()
    if a is None:
        raise NotFound("activity", code, field=field)
    return a


def find_calendar(uow: UnitOfWork, project_id: UUID, code: str) -> Calendar:
    for c in repo.project_calendars(uow.session, project_id):
        if c.code == code:
            return c
    raise NotFound("calendar", code, field="calendar")


def latest_baseline(uow: UnitOfWork, project_id: UUID, baseline_id: UUID | None = None) -> Baseline | None:
    stmt = select(Baseline).where(Baseline.project_id == project_id)
    if baseline_id:
        stmt = stmt.where(Baseline.id == baseline_id)
    return uow.session.execute(stmt.order_by(Baseline.created_at.desc(), Baseline.id.desc()).limit(1)) \
        .scalar_one_or_none()
