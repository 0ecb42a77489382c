"""Projects commands and queries: projects, WBS, activities, logic, scheduling, baselines, calendars.

Each command is one unit of work with its permission; the schedule itself is computed by the pure
domain engine (`domain.cpm.schedule`) on a network loaded by `repository`. BOQ, costs and earned
value live in `costs.py`; XER/MSPDI interchange in `interchange.py`.
"""

from __future__ import annotations

import time as _time
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import Select, delete, func, select

from vextrus.modules.master_data import api as master_data
from vextrus.modules.organization import api as organization
from vextrus.platform import clock, context
from vextrus.platform.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from vextrus.platform.money import to_decimal
from vextrus.platform.pagination import Page, paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from . import MODULE
from . import holidays as bd
from . import repository as repo
from .domain import baseline as dbaseline
from .domain.calendar import parse_hours
from .domain.cpm import ActivityResult, ScheduleResult, schedule
from .domain.network import ActivityType, ConstraintType, NetworkLoopError, RelType, ScheduleError
from .events import ActivityChanged, BaselineSaved, ProjectCreated, ProjectUpdated, ScheduleComputed
from .tables import (
    Activity,
    Baseline,
    BaselineActivity,
    Calendar,
    Holiday,
    MonsoonPeriod,
    Project,
    Relationship,
    ScheduleRun,
    Wbs,
)

STATUSES = ("planned", "active", "on_hold", "completed", "cancelled")


# ---- views -----------------------------------------------------------------------------------

class ProjectView(BaseModel):
    id: UUID
    code: str
    name: str
    name_bn: str = ""  # empty when the project has no Bangla name
    client_party_id: UUID | None = None
    site_district_code: str | None = None
    site_upazila_code: str | None = None
    contract_value: Decimal
    currency: str
    start_date: date | None = None
    finish_date: date | None = None
    must_finish_by: datetime | None = None
    status: str
    manager_user_id: UUID | None = None
    data_date: datetime | None = None
    source: str
    version: int
    activity_count: int = 0


class ActivityView(BaseModel):
    id: UUID
    project_id: UUID
    code: str
    name: str
    type: str
    wbs_id: UUID | None = None
    calendar_id: UUID | None = None
    duration_hours: float
    constraint_type: str | None = None
    constraint_date: datetime | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    remaining_hours: float | None = None
    percent_complete: float
    expected_finish: datetime | None = None
    early_start: datetime | None = None
    early_finish: datetime | None = None
    late_start: datetime | None = None
    late_finish: datetime | None = None
    total_float_hours: float | None = None
    free_float_hours: float | None = None
    critical: bool
    status: str
    version: int


class RelationshipView(BaseModel):
    id: UUID
    predecessor: str
    successor: str
    type: str
    lag_hours: float


class Issue(BaseModel):
    """A network error or warning, by activity code (loops, open ends, out-of-sequence progress)."""

    kind: str
    activities: list[str]
    message: str


class ScheduleSummary(BaseModel):
    project_id: UUID
    scheduled: bool
    data_date: datetime
    project_start: datetime | None = None
    project_finish: datetime | None = None
    critical_path: list[str] = []
    issues: list[Issue] = []
    millis: int = 0


class WbsView(BaseModel):
    id: UUID
    code: str
    name: str
    parent_id: UUID | None = None


class BaselineView(BaseModel):
    id: UUID
    name: str
    data_date: datetime
    project_finish: datetime | None = None
    activities: int
    created_at: datetime


class VarianceView(BaseModel):
    code: str
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    start: datetime | None = None
    finish: datetime | None = None
    start_variance_hours: float
    finish_variance_hours: float
    float_change_hours: float | None = None


class ComparisonView(BaseModel):
    baseline_id: UUID
    baseline_name: str
    finish_slip_hours: float
    variances: list[VarianceView]
    added: list[str]
    removed: list[str]


class HolidayView(BaseModel):
    id: UUID
    day: date
    name: str
    name_bn: str
    moving: bool


class CalendarView(BaseModel):
    id: UUID
    code: str
    name: str
    work_week: dict[str, str]
    use_public_holidays: bool
    use_monsoon: bool
    project_id: UUID | None = None


def _project_view(p: Project, count: int = 0) -> ProjectView:
    return ProjectView(id=p.id, code=p.code, name=p.name, name_bn=p.name_bn or "",
                       client_party_id=p.client_party_id,
                       site_district_code=p.site_district_code, site_upazila_code=p.site_upazila_code,
                       contract_value=p.contract_value, currency=p.currency, start_date=p.start_date,
                       finish_date=p.finish_date, must_finish_by=p.must_finish_by, status=p.status,
                       manager_user_id=p.manager_user_id,
                       data_date=p.data_date, source=p.source, version=p.version, activity_count=count)


def activity_view(a: Activity) -> ActivityView:
    return ActivityView(
        id=a.id, project_id=a.project_id, code=a.code, name=a.name, type=a.type, wbs_id=a.wbs_id,
        calendar_id=a.calendar_id, duration_hours=a.duration_hours, constraint_type=a.constraint_type,
        constraint_date=a.constraint_date, actual_start=a.actual_start, actual_finish=a.actual_finish,
        remaining_hours=a.remaining_hours, percent_complete=a.percent_complete, expected_finish=a.expected_finish,
        early_start=a.early_start,
        early_finish=a.early_finish, late_start=a.late_start, late_finish=a.late_finish,
        total_float_hours=a.total_float_hours, free_float_hours=a.free_float_hours, critical=a.critical,
        status=a.status, version=a.version)


# ---- lookups ---------------------------------------------------------------------------------


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
    return p


def company_projects(stmt: Select[Any]) -> Select[Any]:
    """`stmt` (selecting projects) limited to the active company's projects."""
    scope = context.company_scope()
    return stmt if scope is None else stmt.where(Project.company_id == scope)


def project_company(company_id: UUID | None = None) -> UUID | None:
    """The company a new project (created, imported) belongs to: the active company; system work
    (the demo, the CLI) names it. A user cannot create a project in a company they do not act in."""
    context.require_company(company_id or context.company_scope(), "company", company_id, field="company_id")
    company_id = company_id or context.current().company_id
    if company_id is None and context.current().system:
        companies = organization.list_companies()  # the CLI, the demo: the tenant's first (usually only) one
        company_id = companies[0].id if companies else None
    return company_id


def _activity(uow: UnitOfWork, project_id: UUID, code: str, field: str = "code") -> Activity:
    a = uow.session.execute(select(Activity).where(Activity.project_id == project_id,
                                                   Activity.code == code)).scalar_one_or_none()
    if a is None:
        raise NotFound("activity", code, field=field)
    return a


def _calendar_by_code(uow: UnitOfWork, project_id: UUID, code: str) -> Calendar:
    for c in repo.project_calendars(uow.session, project_id):
        if c.code == code:
            return c
    raise NotFound("calendar", code, field="calendar")


# ---- company calendars and holidays ----------------------------------------------------------

SITE_WEEK = "08:00-12:00,13:00-17:00"


def _week(days: list[int], hours: str) -> dict[str, str]:
    return {str(d): (hours if d in days else "") for d in range(7)}


def ensure_company_calendars(uow: UnitOfWork) -> Calendar:
    """Seed Bangladesh holidays, monsoon and the SITE/OFFICE/OUTDOOR calendars once; returns SITE."""
    s = uow.session
    site = s.execute(select(Calendar).where(Calendar.project_id.is_(None), Calendar.code == "SITE")) \
        .scalar_one_or_none()
    if site is not None:
        return site
    if not s.execute(select(func.count()).select_from(Holiday)).scalar():
        for day, en, bn, moving in bd.bangladesh_holidays():
            s.add(Holiday(day=day, name=en, name_bn=bn, moving=moving))
        for a, b in bd.MONSOON:
            s.add(MonsoonPeriod(start=a, finish=b, hours=bd.MONSOON_HOURS, name=f"Monsoon {a.year}"))
    sat_thu, sun_thu = [5, 6, 0, 1, 2, 3], [6, 0, 1, 2, 3]
    site = Calendar(project_id=None, code="SITE", name="Site Sat-Thu 8h", work_week=_week(sat_thu, SITE_WEEK),
                    use_public_holidays=True, use_monsoon=False)
    s.add(site)
    s.add(Calendar(project_id=None, code="OFFICE", name="Office Sun-Thu 9-17",
                   work_week=_week(sun_thu, "09:00-13:00,14:00-17:00"), use_public_holidays=True))
    s.add(Calendar(project_id=None, code="OUTDOOR", name="Outdoor Sat-Thu, monsoon mornings only",
                   work_week=_week(sat_thu, SITE_WEEK), use_public_holidays=True, use_monsoon=True))
    s.flush()
    return site


@query("projects.calendar.read")
def list_holidays(uow: UnitOfWork, year: int | None = None) -> list[HolidayView]:
    ensure_company_calendars(uow)
    stmt = select(Holiday).order_by(Holiday.day)
    rows = [h for h in uow.session.execute(stmt).scalars() if year is None or h.day.year == year]
    return [HolidayView(id=h.id, day=h.day, name=h.name, name_bn=h.name_bn, moving=h.moving) for h in rows]


@command("projects.calendar.update", scope="projects.set_holiday")
def set_holiday(uow: UnitOfWork, day: date, name: str, name_bn: str = "", moving: bool = False) -> HolidayView:
    """Add or rename a public holiday (e.g. move Eid after the moon sighting)."""
    ensure_company_calendars(uow)
    h = uow.session.execute(select(Holiday).where(Holiday.day == day)).scalar_one_or_none()
    if h is None:
        h = Holiday(day=day, name=name, name_bn=name_bn, moving=moving)
        uow.session.add(h)
    else:
        h.name, h.name_bn, h.moving = name, name_bn, moving
    uow.session.flush()
    return HolidayView(id=h.id, day=h.day, name=h.name, name_bn=h.name_bn, moving=h.moving)


@command("projects.calendar.update", scope="projects.delete_holiday")
def delete_holiday(uow: UnitOfWork, day: date) -> bool:
    return bool(uow.session.execute(delete(Holiday).where(Holiday.day == day,
                                                          Holiday.tenant_id == context.require_tenant())).rowcount)


@query("projects.calendar.read")
def list_calendars(uow: UnitOfWork, project: UUID | str | None = None) -> list[CalendarView]:
    ensure_company_calendars(uow)
    if project is None:
        rows = uow.session.execute(select(Calendar).where(Calendar.project_id.is_(None))).scalars()
    else:
        rows = repo.project_calendars(uow.session, find_project(uow, project).id)
    return [CalendarView(id=c.id, code=c.code, name=c.name, work_week=c.work_week, project_id=c.project_id,
                         use_public_holidays=c.use_public_holidays, use_monsoon=c.use_monsoon) for c in rows]


@command("projects.calendar.update", scope="projects.save_calendar")
def save_calendar(uow: UnitOfWork, code: str, name: str, work_week: dict[str, str],
                  use_public_holidays: bool = True, use_monsoon: bool = False,
                  project: UUID | str | None = None) -> CalendarView:
    for k, v in work_week.items():
        if k not in repo.DAY_KEYS:
            raise ValidationFailed("calendar_day", f"unknown weekday {k} (0=Monday .. 6=Sunday)",
                                   f"অজানা বার {k}", field="work_week")
        parse_hours(v or "")
    pid = find_project(uow, project).id if project is not None else None
    c = next((c for c in repo.project_calendars(uow.session, pid) if c.code == code and c.project_id == pid),
             None) if pid else uow.session.execute(
        select(Calendar).where(Calendar.project_id.is_(None), Calendar.code == code)).scalar_one_or_none()
    if c is None:
        c = Calendar(project_id=pid, code=code, name=name, work_week={})
        uow.session.add(c)
    c.name, c.work_week = name, {k: work_week.get(k, "") for k in repo.DAY_KEYS}
    c.use_public_holidays, c.use_monsoon = use_public_holidays, use_monsoon
    uow.session.flush()
    return CalendarView(id=c.id, code=c.code, name=c.name, work_week=c.work_week, project_id=c.project_id,
                        use_public_holidays=c.use_public_holidays, use_monsoon=c.use_monsoon)


# ---- projects --------------------------------------------------------------------------------

def _parse_moments(changes: dict[str, Any], keys: tuple[str, ...]) -> None:
    """Dates given as ISO text (REST, GraphQL JSON) become datetimes; empty text clears."""
    for k in keys:
        v = changes.get(k)
        if isinstance(v, str):
            try:
                changes[k] = datetime.fromisoformat(v) if v.strip() else None
            except ValueError:
                raise ValidationFailed("date_invalid", f"{k}: not a date-time ({v})", "তারিখ-সময় সঠিক নয়",
                                       field=k) from None
        if isinstance(changes.get(k), datetime):
            clock.check_date(changes[k], k)
            changes[k] = clock.local_naive(changes[k])


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValidationFailed("project_status", f"status must be one of {', '.join(STATUSES)}",
                               "প্রকল্পের অবস্থা সঠিক নয়", field="status")


def _name_bn(name_bn: str | None) -> str:
    """The Bangla name, trimmed ("" = none: pages show the English name); at most 200 characters."""
    name_bn = (name_bn or "").strip()
    if len(name_bn) > 200:
        raise ValidationFailed("project_name_bn", "The Bangla name is longer than 200 characters",
                               "বাংলা নাম ২০০ অক্ষরের বেশি", field="name_bn")
    return name_bn


CONTRACT_VALUE_LIMIT = Decimal(10) ** 15  # far above any contract; keeps the scaled integer column exact


def _name(name: object) -> str:
    text = name.strip() if isinstance(name, str) else ""
    if not text or len(text) > 200:
        raise ValidationFailed("project_name", "The project needs an English name of at most 200 characters",
                               "প্রকল্পের ইংরেজি নাম প্রয়োজন (সর্বোচ্চ ২০০ অক্ষর)", field="name")
    return text


def _contract_value(value: object) -> Decimal:
    """Exact, not negative, whole poisha (lakh/crore commas are fine: "1,25,00,000")."""
    d = to_decimal(value if value is not None else "", "contract_value")
    if d < 0:
        raise ValidationFailed("contract_value_negative", "The contract value cannot be negative",
                               "চুক্তি মূল্য ঋণাত্মক হতে পারে না", field="contract_value")
    if d >= CONTRACT_VALUE_LIMIT or d != d.quantize(Decimal("0.01")):
        raise ValidationFailed("contract_value_invalid",
                               "The contract value must be below 10^15 with at most 2 decimal places",
                               "চুক্তি মূল্য ১০^১৫ এর কম এবং সর্বোচ্চ ২ দশমিক স্থানের হতে হবে", field="contract_value")
    return d


def _day(value: object, field: str) -> date | None:
    """A date, ISO text (REST, forms) or empty (none)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationFailed("date_invalid", f"{field}: not a date ({value})", "তারিখ সঠিক নয়",
                               field=field) from None


def _uuid(value: object, field: str) -> UUID | None:
    if value is None or isinstance(value, UUID):
        return value
    try:
        return UUID(str(value).strip()) if str(value).strip() else None
    except ValueError:
        raise ValidationFailed("id_invalid", f"{field}: not a valid id", "আইডি সঠিক নয়", field=field) from None


def _site_code(value: object, field: str) -> str | None:
    text = str(value).strip() if value is not None else ""
    if len(text) > 20:
        raise ValidationFailed("site_code", f"{field}: at most 20 characters", "সর্বোচ্চ ২০ অক্ষর", field=field)
    return text or None


def _currency(value: object) -> str:
    text = str(value or "").strip().upper()
    if len(text) != 3 or not text.isalpha():
        raise ValidationFailed("currency_invalid", "A currency is a 3-letter ISO code (BDT)",
                               "মুদ্রা ৩ অক্ষরের আইএসও কোড (BDT)", field="currency")
    return text


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    """The project fields present in `values`, checked and in their stored types."""
    out = dict(values)
    fix = {"name": _name, "name_bn": _name_bn, "contract_value": _contract_value, "currency": _currency,
           "start_date": lambda v: _day(v, "start_date"), "finish_date": lambda v: _day(v, "finish_date"),
           "client_party_id": lambda v: _uuid(v, "client_party_id"),
           "manager_user_id": lambda v: _uuid(v, "manager_user_id"),
           "site_district_code": lambda v: _site_code(v, "site_district_code"),
           "site_upazila_code": lambda v: _site_code(v, "site_upazila_code")}
    for k, f in fix.items():
        if k in out:
            out[k] = f(out[k])
    if "status" in out:
        _check_status(out["status"])
    return out


def _check_dates(start: date | None, finish: date | None, field: str) -> None:
    if start and finish and finish < start:
        raise ValidationFailed("project_dates", "The finish date is before the start date",
                               "শেষের তারিখ শুরুর তারিখের আগে", field=field)


@command("projects.project.create", scope="projects.create_project")
def create_project(uow: UnitOfWork, code: str, name: str, *, name_bn: str = "",
                   client_party_id: UUID | None = None, site_district_code: str | None = None, site_upazila_code: str | None = None,
                   contract_value: Decimal | str | int = 0, currency: str = "BDT",
                   start_date: date | str | None = None, finish_date: date | str | None = None, status: str = "planned",
                   manager_user_id: UUID | None = None, data_date: datetime | None = None,
                   source: str = "manual", must_finish_by: datetime | None = None,
                   company_id: UUID | None = None) -> ProjectView:
    """A new project of the active company (`company_id` is for system work such as the demo)."""
    code = code.strip()
    if not code or len(code) > 40:
        raise ValidationFailed("project_code", "A project code of 1-40 characters is required",
                               "১-৪০ অক্ষরের প্রকল্প কোড প্রয়োজন", field="code")
    v = _normalise({"name": name, "name_bn": name_bn, "client_party_id": client_party_id,
                    "site_district_code": site_district_code, "site_upazila_code": site_upazila_code,
                    "contract_value": contract_value, "currency": currency, "start_date": start_date,
                    "finish_date": finish_date, "status": status, "manager_user_id": manager_user_id})
    _check_dates(v["start_date"], v["finish_date"], "finish_date")
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
                                       f"পার্টি {after} নেই: তালিকা থেকে ক্লায়েন্ট বেছে নিন",
                                       field="client_party_id") from None
        if before is not None:
            master_data.release_reference("party", before, "projects", f"project {code}")


_PROJECT_FIELDS = {"name", "name_bn", "client_party_id", "site_district_code", "site_upazila_code",
                   "contract_value", "currency", "start_date", "finish_date", "status", "manager_user_id",
                   "data_date", "must_finish_by"}


@command("projects.project.update", scope="projects.update_project")
def update_project(uow: UnitOfWork, project: UUID | str, expected_version: int | None = None,
                   **changes: Any) -> ProjectView:
    p = find_project(uow, project)
    check_version(p, expected_version, f"project {p.code}")
    unknown = set(changes) - _PROJECT_FIELDS
    if unknown:
        raise ValidationFailed("project_field", f"unknown field {sorted(unknown)[0]}", "অজানা ঘর",
                               field=sorted(unknown)[0])
    changes = _normalise(changes)
    _parse_moments(changes, ("data_date", "must_finish_by"))
    if "start_date" in changes or "finish_date" in changes:
        _check_dates(changes.get("start_date", p.start_date), changes.get("finish_date", p.finish_date),
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


# ---- activities and logic --------------------------------------------------------------------

def _check_activity_values(values: dict[str, Any]) -> None:
    if "type" in values:
        try:
            ActivityType(values["type"])
        except ValueError:
            raise ValidationFailed("activity_type", f"unknown activity type {values['type']}",
                                   "অজানা কার্যক্রমের ধরন", field="type") from None
    for k in ("constraint_type", "constraint2_type"):
        if values.get(k):
            try:
                ConstraintType(values[k])
            except ValueError:
                raise ValidationFailed("constraint_type", f"unknown constraint {values[k]}",
                                       "অজানা সীমাবদ্ধতা", field=k) from None
    d = values.get("duration_hours")
    if d is not None and float(d) < 0:
        raise ValidationFailed("duration_negative", "Duration cannot be negative",
                               "সময়কাল ঋণাত্মক হতে পারে না", field="duration_hours")
    pc = values.get("percent_complete")
    if pc is not None and not 0 <= float(pc) <= 100:
        raise ValidationFailed("percent_complete", "Percent complete must be between 0 and 100",
                               "সম্পন্নের শতাংশ ০ থেকে ১০০ এর মধ্যে হতে হবে", field="percent_complete")
    if values.get("actual_finish") and not values.get("actual_start", True):
        raise ValidationFailed("actual_finish", "An activity cannot finish before it starts",
                               "শুরুর আগে শেষ হতে পারে না", field="actual_finish")


@command("projects.activity.create", scope="projects.add_activity")
def add_activity(uow: UnitOfWork, project: UUID | str, code: str, name: str = "", duration_hours: float = 0.0,
                 type: str = "task", wbs_code: str | None = None, calendar_code: str | None = None,
                 constraint_type: str | None = None, constraint_date: datetime | None = None,
                 budget: Decimal | str | int = 0) -> ActivityView:
    p = find_project(uow, project)
    _check_activity_values({"type": type, "duration_hours": duration_hours, "constraint_type": constraint_type})
    if uow.session.execute(select(Activity.id).where(Activity.project_id == p.id, Activity.code == code)).first():
        raise Conflict("activity_exists", f"Activity {code} already exists", f"কার্যক্রম {code} আগে থেকেই আছে",
                       field="code")
    wbs_id = None
    if wbs_code:
        w = uow.session.execute(select(Wbs).where(Wbs.project_id == p.id, Wbs.code == wbs_code)).scalar_one_or_none()
        if w is None:
            raise NotFound("WBS", wbs_code, field="wbs_code")
        wbs_id = w.id
    cal_id = _calendar_by_code(uow, p.id, calendar_code).id if calendar_code else None
    seq = uow.session.execute(select(func.count()).select_from(Activity).where(Activity.project_id == p.id)).scalar()
    a = Activity(project_id=p.id, code=code, name=name, type=type, duration_hours=float(duration_hours),
                 wbs_id=wbs_id, calendar_id=cal_id, constraint_type=constraint_type, constraint_date=constraint_date,
                 budget=to_decimal(budget), seq=seq or 0, percent_complete=0.0, critical=False,
                 status="not_started", version=1)
    uow.session.add(a)
    uow.session.flush()
    uow.emit(ActivityChanged(project_id=str(p.id), activity_id=str(a.id), code=code, changed=["created"]))
    return activity_view(a)


ACTIVITY_FIELDS = {"name", "duration_hours", "type", "constraint_type", "constraint_date", "constraint2_type",
                   "constraint2_date", "actual_start", "actual_finish", "remaining_hours", "percent_complete",
                   "budget", "calendar_code", "wbs_code", "expected_finish"}


PROGRESS_FIELDS = {"actual_start", "actual_finish", "remaining_hours", "percent_complete", "expected_finish"}


def update_activity(project: UUID | str, code: str, expected_version: int | None = None, *,
                    idempotency_key: str | None = None, **changes: Any) -> ActivityView:
    """Inline edit of one activity; progress fields also keep a progress history row. A user who may
    only record progress (`projects.activity.progress`, the site engineer) changes the progress fields;
    other fields sent unchanged (the row's form sends them all) are ignored, changed ones refused."""
    ctx = context.current()
    if not ctx.can("projects.activity.update") and ctx.can("projects.activity.progress"):
        return _record_progress(project, code, expected_version, idempotency_key=idempotency_key, **changes)
    return _update_activity(project, code, expected_version, idempotency_key=idempotency_key, **changes)


@command("projects.activity.progress", scope="projects.record_progress")
def _record_progress(uow: UnitOfWork, project: UUID | str, code: str, expected_version: int | None = None,
                     **changes: Any) -> ActivityView:
    p = find_project(uow, project)
    a = _activity(uow, p.id, code)
    view = activity_view(a)
    for k in sorted(set(changes) - PROGRESS_FIELDS):
        if k in ACTIVITY_FIELDS and str(getattr(view, k, None)) == str(changes[k]):
            del changes[k]  # sent as it was
        elif k in ACTIVITY_FIELDS:
            raise PermissionDenied("projects.activity.update")
    return _apply_activity_changes(uow, p, a, code, expected_version, changes)


@command("projects.activity.update", scope="projects.update_activity")
def _update_activity(uow: UnitOfWork, project: UUID | str, code: str, expected_version: int | None = None,
                     **changes: Any) -> ActivityView:
    p = find_project(uow, project)
    a = _activity(uow, p.id, code)
    return _apply_activity_changes(uow, p, a, code, expected_version, changes)


def _apply_activity_changes(uow: UnitOfWork, p: Any, a: Any, code: str, expected_version: int | None,
                            changes: dict[str, Any]) -> ActivityView:
    check_version(a, expected_version, f"activity {code}")
    unknown = set(changes) - ACTIVITY_FIELDS
    if unknown:
        raise ValidationFailed("activity_field", f"unknown field {sorted(unknown)[0]}", "অজানা ঘর",
                               field=sorted(unknown)[0])
    _parse_moments(changes, ("constraint_date", "constraint2_date", "actual_start", "actual_finish",
                             "expected_finish"))
    merged = {"actual_start": a.actual_start, **changes}
    _check_activity_values(merged)
    if "calendar_code" in changes:
        cc = changes.pop("calendar_code")
        a.calendar_id = _calendar_by_code(uow, p.id, cc).id if cc else None
    if "wbs_code" in changes:
        wc = changes.pop("wbs_code")
        w = uow.session.execute(select(Wbs).where(Wbs.project_id == p.id, Wbs.code == wc)).scalar_one_or_none() \
            if wc else None
        if wc and w is None:
            raise NotFound("WBS", wc, field="wbs_code")
        a.wbs_id = w.id if w else None
    if "budget" in changes:
        changes["budget"] = to_decimal(changes["budget"])
    if "duration_hours" in changes and "remaining_hours" not in changes and a.actual_start is None \
            and not changes.get("actual_start"):
        changes["remaining_hours"] = None  # as in P6: an unstarted activity's remaining follows its duration
    for k, v in changes.items():
        setattr(a, k, float(v) if k in ("duration_hours", "percent_complete") else v)
    if "percent_complete" in changes:
        from .tables import ProgressUpdate

        day = (p.data_date or datetime.now()).date()
        row = uow.session.execute(select(ProgressUpdate).where(ProgressUpdate.activity_id == a.id,
                                                               ProgressUpdate.status_date == day)).scalar_one_or_none()
        if row is None:
            uow.session.add(ProgressUpdate(activity_id=a.id, status_date=day, percent_complete=a.percent_complete))
        else:
            row.percent_complete = a.percent_complete
    uow.session.flush()  # the version moves on here (Versioned)
    uow.emit(ActivityChanged(project_id=str(p.id), activity_id=str(a.id), code=code, changed=sorted(changes)))
    return activity_view(a)


@command("projects.activity.delete", scope="projects.delete_activity")
def delete_activity(uow: UnitOfWork, project: UUID | str, code: str) -> bool:
    p = find_project(uow, project)
    a = _activity(uow, p.id, code)
    uow.session.delete(a)
    uow.emit(ActivityChanged(project_id=str(p.id), activity_id=str(a.id), code=code, changed=["deleted"]))
    return True


@command("projects.activity.update", scope="projects.add_relationship")
def add_relationship(uow: UnitOfWork, project: UUID | str, predecessor: str, successor: str, type: str = "FS",
                     lag_hours: float = 0.0) -> RelationshipView:
    p = find_project(uow, project)
    try:
        RelType(type)
    except ValueError:
        raise ValidationFailed("relationship_type", "Relationship type must be FS, SS, FF or SF",
                               "সম্পর্কের ধরন FS, SS, FF বা SF হতে হবে", field="type") from None
    if predecessor == successor:
        raise ValidationFailed("relationship_self", "An activity cannot be its own predecessor",
                               "একটি কার্যক্রম নিজের পূর্বসূরি হতে পারে না", field="successor")
    pa, sa = _activity(uow, p.id, predecessor, "predecessor"), _activity(uow, p.id, successor, "successor")
    if uow.session.execute(select(Relationship.id).where(Relationship.predecessor_id == pa.id,
                                                         Relationship.successor_id == sa.id)).first():
        raise Conflict("relationship_exists", f"{predecessor} -> {successor} already exists",
                       f"{predecessor} -> {successor} আগে থেকেই আছে", field="successor")
    r = Relationship(project_id=p.id, predecessor_id=pa.id, successor_id=sa.id, type=type, lag_hours=float(lag_hours))
    uow.session.add(r)
    uow.session.flush()
    return RelationshipView(id=r.id, predecessor=predecessor, successor=successor, type=type, lag_hours=r.lag_hours)


@command("projects.activity.update", scope="projects.delete_relationship")
def delete_relationship(uow: UnitOfWork, project: UUID | str, predecessor: str, successor: str) -> bool:
    p = find_project(uow, project)
    pa, sa = _activity(uow, p.id, predecessor, "predecessor"), _activity(uow, p.id, successor, "successor")
    return bool(uow.session.execute(delete(Relationship).where(
        Relationship.predecessor_id == pa.id, Relationship.successor_id == sa.id,
        Relationship.tenant_id == context.require_tenant())).rowcount)


@query("projects.activity.read")
def list_activities(uow: UnitOfWork, project: UUID | str) -> list[ActivityView]:
    p = find_project(uow, project)
    rows = uow.session.execute(select(Activity).where(Activity.project_id == p.id)
                               .order_by(Activity.seq, Activity.code)).scalars()
    return [activity_view(a) for a in rows]


@query("projects.activity.read")
def get_activity(uow: UnitOfWork, activity_id: UUID) -> ActivityView:
    a = uow.session.get(Activity, activity_id)
    if a is None or a.tenant_id != context.current().tenant_id:
        raise NotFound("activity", activity_id, field="id")
    context.require_company(uow.session.get(Project, a.project_id).company_id, "activity", activity_id, field="id")
    return activity_view(a)


@query("projects.activity.read")
def list_relationships(uow: UnitOfWork, project: UUID | str) -> list[RelationshipView]:
    p = find_project(uow, project)
    codes = dict(uow.session.execute(select(Activity.id, Activity.code).where(Activity.project_id == p.id)).all())
    rows = uow.session.execute(select(Relationship).where(Relationship.project_id == p.id)).scalars()
    return [RelationshipView(id=r.id, predecessor=codes[r.predecessor_id], successor=codes[r.successor_id],
                             type=r.type, lag_hours=r.lag_hours) for r in rows]


# ---- scheduling ------------------------------------------------------------------------------

def issues_of(result: ScheduleResult) -> list[Issue]:
    out = [Issue(kind="open_start", activities=[c], message=f"{c} has no predecessor")
           for c in result.open_starts]
    out += [Issue(kind="open_finish", activities=[c], message=f"{c} has no successor")
            for c in result.open_finishes]
    out += [Issue(kind="out_of_sequence", activities=[p, s],
                  message=f"{s} progressed before its predecessor {p} allowed") for p, s in result.out_of_sequence]
    out += [Issue(kind="warning", activities=[], message=w) for w in result.warnings]
    neg = [c for c, r in result.activities.items() if r.total_float_hours is not None and r.total_float_hours < 0]
    if neg:
        out.append(Issue(kind="negative_float", activities=neg,
                         message=f"{len(neg)} activities have negative float (a constraint or the finish date "
                                 "cannot be met)"))
    return out


@command("projects.schedule.run", scope="projects.schedule_project")
def schedule_project(uow: UnitOfWork, project: UUID | str, data_date: datetime | None = None) -> ScheduleSummary:
    """Run the CPM from the data date and store every activity's dates and floats.

    A loop or an invalid network is reported as issues (nothing is overwritten), never a crash."""
    p = find_project(uow, project)
    clock.check_date(data_date, "data_date")
    loaded = repo.load_network(uow.session, p, clock.local_naive(data_date) if data_date else None)
    opts = loaded.options
    t0 = _time.perf_counter()
    try:
        result = schedule(loaded.network, opts)
    except NetworkLoopError as exc:
        issue = Issue(kind="loop", activities=exc.cycle, message=exc.message)
        return _record_run(uow, p, opts.data_date, None, [issue], t0)
    except ScheduleError as exc:
        return _record_run(uow, p, opts.data_date, None, [Issue(kind="invalid", activities=[], message=exc.message)],
                           t0)
    repo.write_results(uow.session, loaded, result)
    p.data_date = opts.data_date
    return _record_run(uow, p, opts.data_date, result, issues_of(result), t0)


def _record_run(uow: UnitOfWork, p: Project, dd: datetime, result: ScheduleResult | None, issues: list[Issue],
                t0: float) -> ScheduleSummary:
    millis = int((_time.perf_counter() - t0) * 1000)
    run = ScheduleRun(project_id=p.id, data_date=dd, project_finish=result.project_finish if result else None,
                      critical_count=len(result.critical_path) if result else 0,
                      issues=[i.model_dump() for i in issues], millis=millis)
    uow.session.add(run)
    uow.session.flush()
    uow.emit(ScheduleComputed(project_id=str(p.id), code=p.code, data_date=dd.isoformat(),
                              project_finish=result.project_finish.isoformat() if result else None,
                              critical=run.critical_count, issues=len(issues)))
    return ScheduleSummary(project_id=p.id, scheduled=result is not None, data_date=dd,
                           project_start=result.project_start if result else None,
                           project_finish=result.project_finish if result else None,
                           critical_path=result.critical_path if result else [], issues=issues, millis=millis)


@query("projects.activity.read")
def last_schedule(uow: UnitOfWork, project: UUID | str) -> ScheduleSummary | None:
    """The latest run's summary and its network issues (for the network errors page)."""
    p = find_project(uow, project)
    run = uow.session.execute(select(ScheduleRun).where(ScheduleRun.project_id == p.id)
                              .order_by(ScheduleRun.created_at.desc(), ScheduleRun.id.desc()).limit(1)) \
        .scalar_one_or_none()
    if run is None:
        return None
    crit = [c for (c,) in uow.session.execute(select(Activity.code).where(
        Activity.project_id == p.id, Activity.critical.is_(True)).order_by(Activity.early_start))]
    return ScheduleSummary(project_id=p.id, scheduled=run.project_finish is not None, data_date=run.data_date,
                           project_finish=run.project_finish, critical_path=crit,
                           issues=[Issue(**i) for i in run.issues], millis=run.millis)


# ---- baselines -------------------------------------------------------------------------------

@command("projects.baseline.create", scope="projects.save_baseline")
def save_baseline(uow: UnitOfWork, project: UUID | str, name: str) -> BaselineView:
    """Snapshot the current schedule (run the schedule first) with each activity's budget."""
    from .costs import budgets_by_activity

    p = find_project(uow, project)
    acts = list(uow.session.execute(select(Activity).where(Activity.project_id == p.id)).scalars())
    if not acts or any(a.early_start is None for a in acts):
        raise ValidationFailed("baseline_unscheduled", "Schedule the project before saving a baseline",
                               "বেসলাইন সংরক্ষণের আগে প্রকল্পের সময়সূচি করুন", field="project")
    budgets = budgets_by_activity(uow.session, p.id)
    finish = max(a.early_finish for a in acts if a.early_finish)
    b = Baseline(project_id=p.id, name=name, data_date=p.data_date or acts[0].early_start, project_finish=finish)
    uow.session.add(b)
    uow.session.flush()
    repo.bulk_insert(uow.session, BaselineActivity, [
        {"id": repo.new_id(), "tenant_id": p.tenant_id, "baseline_id": b.id, "activity_code": a.code,
         "early_start": a.actual_start or a.early_start, "early_finish": a.early_finish, "late_start": a.late_start,
         "late_finish": a.late_finish, "total_float_hours": a.total_float_hours,
         "budget": budgets.get(a.id, Decimal(0))} for a in acts])
    uow.emit(BaselineSaved(project_id=str(p.id), baseline_id=str(b.id), baseline_name=name, activities=len(acts)))
    return BaselineView(id=b.id, name=b.name, data_date=b.data_date, project_finish=b.project_finish,
                        activities=len(acts), created_at=b.created_at)


@query("projects.baseline.read")
def list_baselines(uow: UnitOfWork, project: UUID | str) -> list[BaselineView]:
    p = find_project(uow, project)
    rows = list(uow.session.execute(select(Baseline).where(Baseline.project_id == p.id)
                                    .order_by(Baseline.created_at, Baseline.id)).scalars())
    counts = repo.baseline_sizes(uow.session, [b.id for b in rows])
    return [BaselineView(id=b.id, name=b.name, data_date=b.data_date, project_finish=b.project_finish,
                         activities=counts.get(b.id, 0), created_at=b.created_at) for b in rows]


def latest_baseline(uow: UnitOfWork, project_id: UUID, baseline_id: UUID | None = None) -> Baseline | None:
    stmt = select(Baseline).where(Baseline.project_id == project_id)
    if baseline_id:
        stmt = stmt.where(Baseline.id == baseline_id)
    return uow.session.execute(stmt.order_by(Baseline.created_at.desc(), Baseline.id.desc()).limit(1)) \
        .scalar_one_or_none()


def _as_result(dd: datetime, rows: list[tuple[str, datetime | None, datetime | None, float | None]]) -> ScheduleResult:
    acts = {c: ActivityResult(c, s, f, s, f, tf, None, False, 0.0, "") for c, s, f, tf in rows if s and f}
    finish = max((r.early_finish for r in acts.values()), default=dd)
    start = min((r.early_start for r in acts.values()), default=dd)
    return ScheduleResult(dd, start, finish, acts, [], [], [], [])


@query("projects.baseline.read")
def compare_baseline(uow: UnitOfWork, project: UUID | str, baseline_id: UUID | None = None) -> ComparisonView:
    """Start/finish variance (working hours on each activity's calendar) and float change."""
    p = find_project(uow, project)
    b = latest_baseline(uow, p.id, baseline_id)
    if b is None:
        raise NotFound("baseline", baseline_id or p.code, field="baseline_id")
    base_rows = uow.session.execute(select(BaselineActivity.activity_code, BaselineActivity.early_start,
                                           BaselineActivity.early_finish, BaselineActivity.total_float_hours)
                                    .where(BaselineActivity.baseline_id == b.id)).all()
    loaded = repo.load_network(uow.session, p)
    # a started activity is compared by its actual start (P6's "Start"), not its remaining early start
    cur_rows = uow.session.execute(select(Activity.code, func.coalesce(Activity.actual_start, Activity.early_start),
                                          Activity.early_finish, Activity.total_float_hours)
                                   .where(Activity.project_id == p.id)).all()
    base, cur = _as_result(b.data_date, list(base_rows)), _as_result(loaded.options.data_date, list(cur_rows))
    cmp = dbaseline.compare(base, cur, loaded.network)
    bmap = {r[0]: r for r in base_rows}
    cmap = {r[0]: r for r in cur_rows}
    return ComparisonView(
        baseline_id=b.id, baseline_name=b.name, finish_slip_hours=cmp.finish_slip_hours, added=cmp.added,
        removed=cmp.removed,
        variances=[VarianceView(code=v.code, baseline_start=bmap[v.code][1], baseline_finish=bmap[v.code][2],
                                start=cmap[v.code][1], finish=cmap[v.code][2],
                                start_variance_hours=v.start_variance_hours,
                                finish_variance_hours=v.finish_variance_hours,
                                float_change_hours=v.float_change_hours) for v in cmp.variances])


# ---- pages (GraphQL connections) -------------------------------------------------------------

@query("projects.project.read")
def page_projects(uow: UnitOfWork, first: int = 50, after: str | None = None) -> Page[ProjectView]:
    page = paginate(uow.session, company_projects(select(Project)), Project.id, first=first, after=after,
                    convert=UUID)
    counts = repo.activity_counts(uow.session, [p.id for p in page.items])
    return Page([_project_view(p, counts.get(p.id, 0)) for p in page.items], page.end_cursor, page.has_next_page)


@query("projects.activity.read")
def page_activities(uow: UnitOfWork, project: UUID | str, first: int = 100, after: str | None = None,
                    critical_only: bool = False) -> Page[ActivityView]:
    p = find_project(uow, project)
    stmt = select(Activity).where(Activity.project_id == p.id)
    if critical_only:
        stmt = stmt.where(Activity.critical.is_(True))
    page = paginate(uow.session, stmt, Activity.id, first=first, after=after, convert=UUID)
    return Page([activity_view(a) for a in page.items], page.end_cursor, page.has_next_page)
