"""Projects and their WBS: create (the client held in master data), update with the optimistic
version, P6-style scheduling options, lists and pages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import func, select

from vextrus.modules.master_data import api as master_data
from vextrus.platform import context
from vextrus.platform.errors import Conflict, NotFound, ValidationFailed
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import MODULE
from .. import repository as repo
from ..domain.project import PROJECT_FIELDS, check_code, check_dates, normalise
from ..domain.values import parse_moments
from ..events import (
    ProjectCreated,
    ProjectUpdated,
)
from ..schemas import (
    ProjectView,
    WbsView,
)
from ..tables import (
    Activity,
    Project,
    Wbs,
)
from .calendars import ensure_company_calendars
from .lookups import (
    company_projects,
    find_project,
    project_company,
)


def _project_view(p: Project, count: int = 0) -> ProjectView:
    return ProjectView(id=p.id, code=p.code, name=p.name, name_bn=p.name_bn or "",
                       client_party_id=p.client_party_id,
                       site_district_code=p.site_district_code, site_upazila_code=p.site_upazila_code,
                       contract_value=p.contract_value, currency=p.currency, start_date=p.start_date,
                       finish_date=p.finish_date, must_finish_by=p.must_finish_by, status=p.status,
                       manager_user_id=p.manager_user_id,
                       data_date=p.data_date, source=p.source, version=p.version, activity_count=count)


@command("projects.project.create", scope="projects.create_project")
def create_project(uow: UnitOfWork, code: str, name: str, *, name_bn: str = "",
                   client_party_id: UUID | None = None, site_district_code: str | None = None, site_upazila_code: str | None = None,
                   contract_value: Decimal | str | int = 0, currency: str = "BDT",
                   start_date: date | str | None = None, finish_date: date | str | None = None, status: str = "planned",
                   manager_user_id: UUID | None = None, data_date: datetime | None = None,
                   source: str = "manual", must_finish_by: datetime | None = None,
                   company_id: UUID | None = None) -> ProjectView:
    """A new project of the active company (`company_id` is for system work such as the demo)."""
    code = check_code(code)
    v = normalise({"name": name, "name_bn": name_bn, "client_party_id": client_party_id,
                    "site_district_code": site_district_code, "site_upazila_code": site_upazila_code,
                    "contract_value": contract_value, "currency": currency, "start_date": start_date,
                    "finish_date": finish_date, "status": status, "manager_user_id": manager_user_id})
    check_dates(v["start_date"], v["finish_date"], "finish_date")
    if uow.session.execute(select(Project.id).where(Project.code == code)).first():
        raise Conflict("project_exists", f"A project with code {code} already exists",
                       f"{code} কোডের প্রকল্প আগে থেকেই আছে", field="code")
    _hold_client(code, None, v["client_party_id"])
    site = ensure_company_calendars(uow)
    p = Project(code=code, **v, company_id=project_company(company_id), data_date=data_date,
                default_calendar_id=site.id, must_finish_by=must_finish_by, schedule_options={}, source=source,
                version=1)
    uow.session.add(p)
    uow.session.flush()
    uow.emit(ProjectCreated(project_id=str(p.id), code=p.code, project_name=p.name, project_name_bn=p.name_bn,
                            source=source))
    return _project_view(p)


def _hold_client(code: str, before: UUID | None, after: UUID | None) -> None:
    """The client party must exist in master data; the project holds it there (master data then
    refuses to delete or deactivate it) and lets go of a client it no longer has."""
    if before == after:
        return
    with context.calling_as(MODULE):  # as projects for the user: they need no master-data right
        if after is not None:
            try:
                master_data.register_reference("party", after, "projects", f"project {code}",
                                               field="client_party_id")
            except NotFound:
                raise ValidationFailed("client_unknown", f"No party {after}: pick the client from the list",
                                       "পার্টিটি নেই: তালিকা থেকে ক্লায়েন্ট বেছে নিন",
                                       field="client_party_id") from None
        if before is not None:
            master_data.release_reference("party", before, "projects", f"project {code}")


@command("projects.project.update", scope="projects.update_project")
def update_project(uow: UnitOfWork, project: UUID | str, expected_version: int | None = None,
                   **changes: Any) -> ProjectView:
    p = find_project(uow, project)
    check_version(p, expected_version, f"project {p.code}")
    unknown = set(changes) - PROJECT_FIELDS
    if unknown:
        raise ValidationFailed("project_field", f"unknown field {sorted(unknown)[0]}", "অজানা ঘর",
                               field=sorted(unknown)[0])
    changes = normalise(changes)
    parse_moments(changes, ("data_date", "must_finish_by"))
    if "start_date" in changes or "finish_date" in changes:
        check_dates(changes.get("start_date", p.start_date), changes.get("finish_date", p.finish_date),
                     "finish_date" if "finish_date" in changes else "start_date")
    if "client_party_id" in changes:
        _hold_client(p.code, p.client_party_id, changes["client_party_id"])
    for k, v in changes.items():
        setattr(p, k, v)
    uow.session.flush()  # the version moves on here (Versioned)
    uow.emit(ProjectUpdated(project_id=str(p.id), code=p.code, changed=sorted(changes)))
    return _project_view(p)


@command("projects.project.update", scope="projects.set_schedule_options")
def set_schedule_options(uow: UnitOfWork, project: UUID | str, **changes: Any) -> dict[str, Any]:
    """Change P6-style scheduling options (retained logic, lag calendar, float type, critical by, ...)."""
    p = find_project(uow, project)
    current = repo.options_to_json(repo.options_from(p, None))
    unknown = set(changes) - set(current)
    if unknown:
        raise ValidationFailed("schedule_option", f"unknown scheduling option {sorted(unknown)[0]}",
                               "অজানা সময়সূচি বিকল্প", field=sorted(unknown)[0])
    merged = {**current, **changes}
    p.schedule_options = repo.options_to_json(repo.options_from_json(merged, p))  # validates the values
    uow.session.flush()  # the version moves on here (Versioned)
    uow.emit(ProjectUpdated(project_id=str(p.id), code=p.code, changed=sorted(changes)))
    return p.schedule_options


@query("projects.project.read")
def list_projects(uow: UnitOfWork) -> list[ProjectView]:
    rows = list(uow.session.execute(company_projects(select(Project).order_by(Project.code))).scalars())
    counts = repo.activity_counts(uow.session, [p.id for p in rows])
    return [_project_view(p, counts.get(p.id, 0)) for p in rows]


@query("projects.project.read")
def get_project(uow: UnitOfWork, project: UUID | str) -> ProjectView:
    p = find_project(uow, project)
    n = uow.session.execute(select(func.count()).select_from(Activity)
                            .where(Activity.project_id == p.id)).scalar()
    return _project_view(p, n or 0)


@query("projects.project.read")
def page_projects(uow: UnitOfWork, first: int = 50, after: str | None = None) -> Page[ProjectView]:
    page = paginate(uow.session, company_projects(select(Project)), Project.id, first=first, after=after,
                    convert=UUID)
    counts = repo.activity_counts(uow.session, [p.id for p in page.items])
    return Page([_project_view(p, counts.get(p.id, 0)) for p in page.items], page.end_cursor, page.has_next_page)


# ---- WBS -------------------------------------------------------------------------------------

@command("projects.project.update", scope="projects.add_wbs")
def add_wbs(uow: UnitOfWork, project: UUID | str, code: str, name: str, parent_code: str | None = None) -> WbsView:
    p = find_project(uow, project)
    parent = None
    if parent_code:
        parent = uow.session.execute(select(Wbs).where(Wbs.project_id == p.id, Wbs.code == parent_code)) \
            .scalar_one_or_none()
        if parent is None:
            raise NotFound("WBS", parent_code, field="parent_code")
    if uow.session.execute(select(Wbs.id).where(Wbs.project_id == p.id, Wbs.code == code)).first():
        raise Conflict("wbs_exists", f"WBS {code} already exists", f"WBS {code} আগে থেকেই আছে", field="code")
    seq = uow.session.execute(select(func.count()).select_from(Wbs).where(Wbs.project_id == p.id)).scalar()
    w = Wbs(project_id=p.id, parent_id=parent.id if parent else None, code=code, name=name, seq=seq or 0)
    uow.session.add(w)
    uow.session.flush()
    return WbsView(id=w.id, code=w.code, name=w.name, parent_id=w.parent_id)


@query("projects.project.read")
def list_wbs(uow: UnitOfWork, project: UUID | str) -> list[WbsView]:
    p = find_project(uow, project)
    rows = uow.session.execute(select(Wbs).where(Wbs.project_id == p.id).order_by(Wbs.seq)).scalars()
    return [WbsView(id=w.id, code=w.code, name=w.name, parent_id=w.parent_id) for w in rows]
