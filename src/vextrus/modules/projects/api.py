"""What other modules may call: small read-only views of projects, their activities and actual cost.

Finance uses these to let a person pick a project and activity by name instead of typing an id;
the ledger still stores ids. Permissions are the same as the module's own queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import func, select

from vextrus.platform import context
from vextrus.platform.uow import UnitOfWork, query, unit_of_work

from .domain.team import TEAM_ROLES
from .service import company_projects, find_project
from .service.team import members_with_role as _members_with_role
from .tables import Activity, ActualCost, BoqItem, Project

__all__ = ["ActivityRef", "ProjectRef", "activities_of", "actual_cost", "existing_activities", "get_project",
           "list_projects", "project_by_code", "project_companies", "BoqItemRef", "boq_items", "earned_value",
           "create_project", "DayOff", "days_off", "BoqItemIn", "add_boq_items", "TEAM_ROLES",
           "members_with_role"]

ACTIVE_STATUSES = ("planned", "active", "on_hold")
PROJECT_READ = "projects.project.read"


class ProjectRef(BaseModel):
    id: UUID
    code: str
    name: str
    name_bn: str = ""  # empty when the project has no Bangla name: show `name`
    status: str


class DayOff(BaseModel):
    """A day the site does not work on its project's calendar: a public holiday (its name) or the weekly one."""

    day: date
    name: str
    name_bn: str


class ActivityRef(BaseModel):
    code: str
    name: str


class BoqItemRef(BaseModel):
    """A BOQ line as contracts copies it into a client contract (amount = quantity × rate, to the poisha)."""

    code: str  # the BOQ item number
    description: str
    unit: str
    quantity: Decimal
    rate: Decimal
    amount: Decimal


def _ref(p: Project) -> ProjectRef:
    return ProjectRef(id=p.id, code=p.code, name=p.name, name_bn=p.name_bn or "", status=p.status)


def _visible(p: Project | None) -> Project | None:
    """`session.get` can return a row from the identity map without the tenant filter: check again;
    and only a project of the active company (company scoping)."""
    if p is None or p.tenant_id != context.current().tenant_id:
        return None
    scope = context.company_scope()
    return p if scope is None or p.company_id == scope else None


@query(PROJECT_READ)
def project_by_code(uow: UnitOfWork, code: str) -> ProjectRef | None:
    """The project with this code in the current tenant, or None (needs projects.project.read)."""
    p = uow.session.execute(select(Project).where(Project.code == code.strip())).scalar_one_or_none()
    return _ref(p) if _visible(p) else None


@query(PROJECT_READ)
def get_project(uow: UnitOfWork, project_id: UUID) -> ProjectRef | None:
    """The project with this id in the current tenant, or None (needs projects.project.read)."""
    p = _visible(uow.session.get(Project, project_id))
    return _ref(p) if p else None


def create_project(code: str, name: str, *, client_party_id: UUID | None = None,
                   contract_value: Decimal | int = 0, currency: str = "BDT", start_date: date | None = None,
                   finish_date: date | None = None, source: str = "manual") -> ProjectRef:
    """A new planned project of the active company (a won tender becoming one): the module's own rules
    and refusals (code taken, finish before start, bad amount), with the caller's `projects.project.create`.
    Inside the caller's unit of work when it has one, so both commit or neither does."""
    from .service import create_project as create

    view = create(code, name, client_party_id=client_party_id, contract_value=contract_value, currency=currency,
                  start_date=start_date, finish_date=finish_date, source=source)
    return ProjectRef(id=view.id, code=view.code, name=view.name, name_bn=view.name_bn or "", status=view.status)


class BoqItemIn(BaseModel):
    """A BOQ line another module writes into a project (item number, description, unit, quantity, rate)."""

    code: str  # the BOQ item number, unique in the project
    description: str
    unit: str = ""
    quantity: Decimal
    rate: Decimal


def add_boq_items(project_id: UUID, items: list[BoqItemIn]) -> list[BoqItemRef]:
    """Lines added to the project's BOQ, all or none (a project started from crm's accepted quotation), with
    `projects.boq.create` (the caller's declaration or the user's); the module's own refusals name
    `items[i].<field>`. Inside the caller's unit of work when it has one, so both commit or neither does."""
    from .service import add_boq_items as add

    views = add(project_id, [(b.code, b.description, b.unit, b.quantity, b.rate) for b in items])
    return [BoqItemRef(code=v.item_no, description=v.description, unit=v.unit, quantity=v.quantity, rate=v.rate,
                       amount=v.amount) for v in views]


@query(PROJECT_READ)
def days_off(uow: UnitOfWork, project_id: UUID, start: date, end: date) -> list[DayOff]:
    """The non-working days from `start` to `end` on the project's default calendar (the one its activities
    schedule on when they name none): public holidays by name, the calendar's exceptions, the weekly holiday.
    Empty for a project not found (or not visible)."""
    from . import repository as repo
    from .tables import Holiday

    p = _visible(uow.session.get(Project, project_id))
    if p is None or end < start:
        return []
    cals = repo.load_calendars(uow.session, p.id)
    cal = cals.get(str(p.default_calendar_id)) or next(iter(cals.values()), None)
    if cal is None:
        return []
    named = {h.day: h for h in uow.session.execute(select(Holiday).where(Holiday.day >= start, Holiday.day <= end))
             .scalars()}
    out, day = [], start
    while day <= end:
        if not cal.is_working_day(day):
            h = named.get(day)
            if h is not None:
                out.append(DayOff(day=day, name=h.name, name_bn=h.name_bn or h.name))
            elif not cal.week.get(day.weekday()):
                out.append(DayOff(day=day, name="Weekly holiday", name_bn="সাপ্তাহিক ছুটি"))
            else:  # the calendar's own exception (a site closure)
                out.append(DayOff(day=day, name="Site closed", name_bn="সাইট বন্ধ"))
        day = date.fromordinal(day.toordinal() + 1)
    return out


@query(PROJECT_READ)
def list_projects(uow: UnitOfWork, active_only: bool = True) -> list[ProjectRef]:
    """Projects by code; `active_only` leaves out completed and cancelled ones (needs projects.project.read)."""
    stmt = company_projects(select(Project).order_by(Project.code))
    if active_only:
        stmt = stmt.where(Project.status.in_(ACTIVE_STATUSES))
    return [_ref(p) for p in uow.session.execute(stmt).scalars()]


@query("projects.activity.read")
def activities_of(uow: UnitOfWork, project_id: UUID) -> list[ActivityRef]:
    """The project's activities in schedule order (needs projects.activity.read); NotFound for an unknown project."""
    p = find_project(uow, project_id)
    rows = uow.session.execute(select(Activity.code, Activity.name).where(Activity.project_id == p.id)
                               .order_by(Activity.seq, Activity.code)).all()
    return [ActivityRef(code=c, name=n or c) for c, n in rows]


@query("projects.evm.view")
def actual_cost(uow: UnitOfWork, project_id: UUID, as_of: date | None = None, source: str | None = None) -> Decimal:
    """Recorded actual cost of the project up to `as_of` (inclusive), in the project's currency.

    Costs come from finance postings (`finance.journal.posted` cost_lines, source "finance", reversals
    negative) and from the API (source "api"); `source` limits the sum to one of them. Needs
    projects.evm.view, like the earned-value figures this cost feeds."""
    p = find_project(uow, project_id)
    stmt = select(func.sum(ActualCost.amount)).where(ActualCost.project_id == p.id)
    if as_of is not None:
        stmt = stmt.where(ActualCost.cost_date <= as_of)
    if source is not None:
        stmt = stmt.where(ActualCost.source == source)
    return uow.session.execute(stmt).scalar() or Decimal(0)  # SUM keeps the exact Amount type


@query("projects.boq.read")
def boq_items(uow: UnitOfWork, project_id: UUID) -> list[BoqItemRef]:
    """The project's BOQ lines by item number (needs projects.boq.read); NotFound for an unknown project."""
    p = find_project(uow, project_id)
    rows = uow.session.execute(select(BoqItem).where(BoqItem.project_id == p.id).order_by(BoqItem.item_no)).scalars()
    return [BoqItemRef(code=b.item_no, description=b.description, unit=b.unit, quantity=b.quantity, rate=b.rate,
                       amount=b.amount) for b in rows]


@query("projects.evm.view")
def earned_value(uow: UnitOfWork, project_id: UUID) -> Decimal:
    """The project's earned value (EV) at its data date against the latest baseline, as its EVM page shows it
    (needs projects.evm.view): for contracts' RA bill page, beside the value billed to the client."""
    from .service import evm

    return evm(uow, project_id).ev


# ---- references (no permission of their own: the caller checked the user may write its document) ----


def project_companies(project_ids: Iterable[UUID]) -> dict[UUID, UUID | None]:
    """The company of each of these projects that exists in the current tenant (one query); an id
    missing from the answer is unknown (a random id, another tenant's). For modules that store a
    project id on their rows (finance journal lines) to refuse unknown ones and other companies'."""
    ids = {i for i in project_ids if i is not None}
    if not ids:
        return {}
    with unit_of_work() as uow:
        rows = uow.session.execute(select(Project.id, Project.company_id, Project.tenant_id)
                                   .where(Project.id.in_(ids))).all()
    tid = context.current().tenant_id
    return {pid: cid for pid, cid, t in rows if t == tid}


def existing_activities(pairs: Iterable[tuple[UUID, str]]) -> set[tuple[UUID, str]]:
    """Which (project id, activity code) pairs exist in the current tenant (one query)."""
    wanted = {(p, c) for p, c in pairs if p is not None and c}
    if not wanted:
        return set()
    with unit_of_work() as uow:
        rows = uow.session.execute(select(Activity.project_id, Activity.code).where(
            Activity.project_id.in_({p for p, _c in wanted}), Activity.code.in_({c for _p, c in wanted}),
            Activity.tenant_id == context.current().tenant_id)).all()
    return {(p, c) for p, c in rows} & wanted


def activity_finishes(project_id: UUID, codes: Iterable[str]) -> dict[str, date | None]:
    """The actual finish day of each of these activities of a project in the current tenant (None while
    not finished; a code missing from the answer does not exist), in one query. For modules whose
    documents wait for an activity to complete (sales' milestone instalments)."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    with unit_of_work() as uow:
        rows = uow.session.execute(select(Activity.code, Activity.actual_finish).where(
            Activity.project_id == project_id, Activity.code.in_(wanted),
            Activity.tenant_id == context.current().tenant_id)).all()
    return {c: (f.date() if f is not None else None) for c, f in rows}


def members_with_role(project_id: UUID, role: str) -> list[UUID]:
    """The user ids of the project's team members holding `role` (one of `TEAM_ROLES`: project_manager,
    site_engineer, quantity_surveyor, site_accountant, store_keeper), earliest added first; empty when the
    project (of this tenant) or the role has none. Read-only, no permission: the workflow asks it on behalf of
    whoever submitted a document, for approval steps "by project role" (issue 13)."""
    return _members_with_role(project_id, role)
