"""Activities and their logic: add, inline edit (a progress-only user changes the progress fields and
keeps a progress history row), delete, FS/SS/FF/SF links with lags, lists and pages."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import round_amount, to_decimal
from vextrus.platform.pagination import MAX_PAGE, Page, decode_cursor, encode_cursor, paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import repository as repo
from ..domain.activity import (
    ACTIVITY_FIELDS,
    PROGRESS_FIELDS,
    check_activity_values,
    check_no_loop,
    check_relationship,
)
from ..domain.calendar import Calendar as DCalendar
from ..domain.calendar import parse_hours
from ..domain.values import parse_moments
from ..events import (
    ActivityChanged,
)
from ..schemas import (
    ActivityView,
    PlannerCalendar,
    RelationshipView,
)
from ..tables import (
    Activity,
    ProgressUpdate,
    Project,
    Relationship,
    Wbs,
)
from .lookups import (
    find_activity,
    find_calendar,
    find_project,
)


def activity_view(a: Activity) -> ActivityView:
    return ActivityView(
        id=a.id, project_id=a.project_id, code=a.code, name=a.name, type=a.type, wbs_id=a.wbs_id,
        calendar_id=a.calendar_id, duration_hours=a.duration_hours, constraint_type=a.constraint_type,
        constraint_date=a.constraint_date, actual_start=a.actual_start, actual_finish=a.actual_finish,
        remaining_hours=a.remaining_hours, percent_complete=a.percent_complete, expected_finish=a.expected_finish,
        remaining_cost=a.remaining_cost, early_start=a.early_start,
        early_finish=a.early_finish, late_start=a.late_start, late_finish=a.late_finish,
        total_float_hours=a.total_float_hours, free_float_hours=a.free_float_hours, critical=a.critical,
        status=a.status, version=a.version)


@command("projects.activity.create", scope="projects.add_activity")
def add_activity(uow: UnitOfWork, project: UUID | str, code: str, name: str = "", duration_hours: float = 0.0,
                 type: str = "task", wbs_code: str | None = None, calendar_code: str | None = None,
                 constraint_type: str | None = None, constraint_date: datetime | None = None,
                 budget: Decimal | str | int = 0) -> ActivityView:
    p = find_project(uow, project)
    check_activity_values({"type": type, "duration_hours": duration_hours, "constraint_type": constraint_type})
    if uow.session.execute(select(Activity.id).where(Activity.project_id == p.id, Activity.code == code)).first():
        raise Conflict("activity_exists", f"Activity {code} already exists", f"কার্যক্রম {code} আগে থেকেই আছে",
                       field="code")
    wbs_id = None
    if wbs_code:
        w = uow.session.execute(select(Wbs).where(Wbs.project_id == p.id, Wbs.code == wbs_code)).scalar_one_or_none()
        if w is None:
            raise NotFound("WBS", wbs_code, field="wbs_code")
        wbs_id = w.id
    cal_id = find_calendar(uow, p.id, calendar_code).id if calendar_code else None
    seq = uow.session.execute(select(func.count()).select_from(Activity).where(Activity.project_id == p.id)).scalar()
    a = Activity(project_id=p.id, code=code, name=name, type=type, duration_hours=float(duration_hours),
                 wbs_id=wbs_id, calendar_id=cal_id, constraint_type=constraint_type, constraint_date=constraint_date,
                 budget=to_decimal(budget), seq=seq or 0, percent_complete=0.0, critical=False,
                 status="not_started", version=1)
    uow.session.add(a)
    uow.session.flush()
    uow.emit(ActivityChanged(project_id=str(p.id), activity_id=str(a.id), code=code, changed=["created"]))
    return activity_view(a)


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
    a = find_activity(uow, p.id, code)
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
    a = find_activity(uow, p.id, code)
    return _apply_activity_changes(uow, p, a, code, expected_version, changes)


def _apply_activity_changes(uow: UnitOfWork, p: Any, a: Any, code: str, expected_version: int | None,
                            changes: dict[str, Any]) -> ActivityView:
    check_version(a, expected_version, f"activity {code}")
    unknown = set(changes) - ACTIVITY_FIELDS
    if unknown:
        raise ValidationFailed("activity_field", f"unknown field {sorted(unknown)[0]}", "অজানা ঘর",
                               field=sorted(unknown)[0])
    parse_moments(changes, ("constraint_date", "constraint2_date", "actual_start", "actual_finish",
                             "expected_finish"))
    merged = {"actual_start": a.actual_start, **changes}
    check_activity_values(merged)
    if "calendar_code" in changes:
        cc = changes.pop("calendar_code")
        a.calendar_id = find_calendar(uow, p.id, cc).id if cc else None
    if "wbs_code" in changes:
        wc = changes.pop("wbs_code")
        w = uow.session.execute(select(Wbs).where(Wbs.project_id == p.id, Wbs.code == wc)).scalar_one_or_none() \
            if wc else None
        if wc and w is None:
            raise NotFound("WBS", wc, field="wbs_code")
        a.wbs_id = w.id if w else None
    if "budget" in changes:
        changes["budget"] = to_decimal(changes["budget"])
    if "remaining_cost" in changes:  # empty clears: the remaining budget stands in
        rc = changes["remaining_cost"]
        changes["remaining_cost"] = None if rc is None or str(rc).strip() == "" else round_amount(to_decimal(rc))
    if "duration_hours" in changes and "remaining_hours" not in changes and a.actual_start is None \
            and not changes.get("actual_start"):
        changes["remaining_hours"] = None  # as in P6: an unstarted activity's remaining follows its duration
    for k, v in changes.items():
        setattr(a, k, float(v) if k in ("duration_hours", "percent_complete") else v)
    if "percent_complete" in changes:
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
    a = find_activity(uow, p.id, code)
    uow.session.delete(a)
    uow.emit(ActivityChanged(project_id=str(p.id), activity_id=str(a.id), code=code, changed=["deleted"]))
    return True


def _links(uow: UnitOfWork, project_id: UUID) -> list[tuple[str, str]]:
    """The project's links as (predecessor code, successor code)."""
    pa, sa = Activity.__table__.alias("pa"), Activity.__table__.alias("sa")
    return [(p, q) for p, q in uow.session.execute(
        select(pa.c.code, sa.c.code).select_from(Relationship.__table__)
        .join(pa, pa.c.id == Relationship.predecessor_id).join(sa, sa.c.id == Relationship.successor_id)
        .where(Relationship.project_id == project_id))]


def _relationship_view(r: Relationship, predecessor: str, successor: str) -> RelationshipView:
    return RelationshipView(id=r.id, predecessor=predecessor, successor=successor, type=r.type, lag_hours=r.lag_hours)


@command("projects.activity.update", scope="projects.add_relationship")
def add_relationship(uow: UnitOfWork, project: UUID | str, predecessor: str, successor: str, type: str = "FS",
                     lag_hours: float = 0.0) -> RelationshipView:
    """A link of type FS/SS/FF/SF with a lag in working hours (negative: a lead). Refused: a second
    link of the same type between the same two activities (P6 allows an FS and an FF between one
    pair), and a link that would close a loop (the message names the loop's activities)."""
    p = find_project(uow, project)
    check_relationship(type, predecessor, successor)
    pa, sa = find_activity(uow, p.id, predecessor, "predecessor"), find_activity(uow, p.id, successor, "successor")
    if uow.session.execute(select(Relationship.id).where(Relationship.predecessor_id == pa.id,
                                                         Relationship.successor_id == sa.id,
                                                         Relationship.type == type)).first():
        predecessor_code, successor_code, type_code = predecessor, successor, type  # codes: FS, A100
        raise Conflict("relationship_exists", f"{predecessor} -> {successor} ({type}) already exists",
                       f"{predecessor_code} -> {successor_code} ({type_code}) আগে থেকেই আছে", field="successor")
    check_no_loop(_links(uow, p.id), predecessor, successor)
    r = Relationship(project_id=p.id, predecessor_id=pa.id, successor_id=sa.id, type=type, lag_hours=float(lag_hours))
    uow.session.add(r)
    uow.session.flush()
    uow.emit(ActivityChanged(project_id=str(p.id), activity_id=str(sa.id), code=successor,
                             changed=[f"predecessor {predecessor} added"]))
    return _relationship_view(r, predecessor, successor)


def _find_relationship(uow: UnitOfWork, project_id: UUID, relationship_id: UUID) -> Relationship:
    r = uow.session.get(Relationship, relationship_id)
    if r is None or r.project_id != project_id:
        raise NotFound("relationship", relationship_id, field="relationship_id")
    return r


@command("projects.activity.update", scope="projects.update_relationship")
def update_relationship(uow: UnitOfWork, project: UUID | str, relationship_id: UUID, type: str | None = None,
                        lag_hours: float | None = None) -> RelationshipView:
    """Change a link's type or lag (its ends stay: delete it and add another to move it)."""
    p = find_project(uow, project)
    r = _find_relationship(uow, p.id, relationship_id)
    pred, succ = uow.session.get(Activity, r.predecessor_id).code, uow.session.get(Activity, r.successor_id).code
    if type is not None and type != r.type:
        check_relationship(type, pred, succ)
        if uow.session.execute(select(Relationship.id).where(Relationship.predecessor_id == r.predecessor_id,
                                                             Relationship.successor_id == r.successor_id,
                                                             Relationship.type == type)).first():
            pred_code, succ_code, type_code = pred, succ, type  # codes: FS, A100
            raise Conflict("relationship_exists", f"{pred} -> {succ} ({type}) already exists",
                           f"{pred_code} -> {succ_code} ({type_code}) আগে থেকেই আছে", field="type")
        r.type = type
    if lag_hours is not None:
        r.lag_hours = float(lag_hours)
    uow.session.flush()
    uow.emit(ActivityChanged(project_id=str(p.id), activity_id=str(r.successor_id), code=succ,
                             changed=[f"predecessor {pred} changed"]))
    return _relationship_view(r, pred, succ)


@command("projects.activity.update", scope="projects.delete_relationship")
def delete_relationship(uow: UnitOfWork, project: UUID | str, predecessor: str, successor: str,
                        type: str | None = None) -> bool:
    """Delete the links between two activities (only the one of `type` when given)."""
    p = find_project(uow, project)
    pa, sa = find_activity(uow, p.id, predecessor, "predecessor"), find_activity(uow, p.id, successor, "successor")
    stmt = delete(Relationship).where(Relationship.predecessor_id == pa.id, Relationship.successor_id == sa.id,
                                      Relationship.tenant_id == context.require_tenant())
    if type:
        stmt = stmt.where(Relationship.type == type)
    gone = bool(uow.session.execute(stmt).rowcount)
    if gone:
        uow.emit(ActivityChanged(project_id=str(p.id), activity_id=str(sa.id), code=successor,
                                 changed=[f"predecessor {predecessor} removed"]))
    return gone


@query("projects.activity.read")
def planner_calendars(uow: UnitOfWork, project: UUID | str) -> list[PlannerCalendar]:
    """The calendars an activity of the project may use, each with its hours per working day (the
    planner's days are these hours), the project's default first."""
    p = find_project(uow, project)
    out = []
    for c in repo.project_calendars(uow.session, p.id):
        week = {int(k): parse_hours(v or "") for k, v in c.work_week.items()}
        hpd = DCalendar(id=str(c.id), week=week).hours_per_day() if any(week.values()) else 8.0
        out.append(PlannerCalendar(id=c.id, code=c.code, name=c.name, hours_per_day=hpd,
                                   default=c.id == p.default_calendar_id))
    if out and not any(c.default for c in out):
        out[0].default = True  # as the schedule does: the first calendar stands in
    return sorted(out, key=lambda c: (not c.default, c.code))


@query("projects.activity.read")
def list_activities(uow: UnitOfWork, project: UUID | str) -> list[ActivityView]:
    """Every activity of the project, in schedule order. Read as plain columns straight into the views
    (no ORM object per activity, no re-validation of values our own table typed): the read mix's
    heaviest request, a whole project's activities at once (the Gantt, planner and CLI need them all;
    API clients page with `page_activities`)."""
    p = find_project(uow, project)
    t = Activity.__table__
    rows = uow.session.execute(select(*_VIEW_COLUMNS).where(t.c.project_id == p.id).order_by(t.c.seq, t.c.code))
    return _views(rows)


def _views(rows: Any) -> list[ActivityView]:
    # the validating constructor, not `model_construct`: pydantic validates in Rust, while model_construct's
    # Python loop over the fields counted more instructions (bench/read_instructions.py)
    fields = _VIEW_FIELDS
    return [ActivityView(**dict(zip(fields, r, strict=True))) for r in rows]


_VIEW_FIELDS = tuple(ActivityView.model_fields)
_VIEW_COLUMNS = tuple(Activity.__table__.c[k] for k in _VIEW_FIELDS)


@query("projects.activity.read")
def get_activity(uow: UnitOfWork, activity_id: UUID) -> ActivityView:
    a = uow.session.get(Activity, activity_id)
    if a is None or a.tenant_id != context.current().tenant_id:
        raise NotFound("activity", activity_id, field="id")
    context.require_company(uow.session.get(Project, a.project_id).company_id, "activity", activity_id, field="id")
    context.require_scope(a.project_id, "activity", activity_id, field="id")
    return activity_view(a)


@query("projects.activity.read", scope="projects.activity_by_code")
def activity_by_code(uow: UnitOfWork, project: UUID | str, code: str) -> ActivityView:
    """One activity of the project by its code (the `Location` of its create, where its PATCH goes too)."""
    p = find_project(uow, project)
    return activity_view(find_activity(uow, p.id, code))


@query("projects.activity.read", scope="projects.get_relationship")
def get_relationship(uow: UnitOfWork, project: UUID | str, relationship_id: UUID) -> RelationshipView:
    """One relationship of the project (the `Location` of its create)."""
    p = find_project(uow, project)
    r = uow.session.get(Relationship, relationship_id)
    if r is None or r.project_id != p.id:
        raise NotFound("relationship", relationship_id, field="relationship_id")
    codes = dict(uow.session.execute(select(Activity.id, Activity.code)
                                     .where(Activity.id.in_({r.predecessor_id, r.successor_id}))).all())
    return _relationship_view(r, codes[r.predecessor_id], codes[r.successor_id])


@query("projects.activity.read")
def list_relationships(uow: UnitOfWork, project: UUID | str) -> list[RelationshipView]:
    p = find_project(uow, project)
    codes = dict(uow.session.execute(select(Activity.id, Activity.code).where(Activity.project_id == p.id)).all())
    rows = uow.session.execute(select(Relationship).where(Relationship.project_id == p.id)).scalars()
    return [_relationship_view(r, codes[r.predecessor_id], codes[r.successor_id]) for r in rows]


@query("projects.activity.read")
def page_relationships(uow: UnitOfWork, project: UUID | str, first: int = 100,
                       after: str | None = None) -> Page[RelationshipView]:
    """One cursor page of the project's relationships (by id); the activity codes of the page in one query."""
    p = find_project(uow, project)
    page = paginate(uow.session, select(Relationship).where(Relationship.project_id == p.id), Relationship.id,
                    first=first, after=after, convert=UUID)
    ids = {i for r in page.items for i in (r.predecessor_id, r.successor_id)}
    codes = dict(uow.session.execute(select(Activity.id, Activity.code).where(Activity.id.in_(ids))).all()) \
        if ids else {}
    return Page([_relationship_view(r, codes[r.predecessor_id], codes[r.successor_id]) for r in page.items],
                page.end_cursor, page.has_next_page)


@query("projects.activity.read")
def page_activities(uow: UnitOfWork, project: UUID | str, first: int = 100, after: str | None = None,
                    critical_only: bool = False) -> Page[ActivityView]:
    """One cursor page of the project's activities by id (`paginate`'s cursors, bounds and refusals), read
    as plain columns like `list_activities`."""
    p = find_project(uow, project)
    if first < 1 or first > MAX_PAGE:
        raise ValidationFailed("page_size", f"first must be between 1 and {MAX_PAGE}",
                               f"এক পাতায় ১ থেকে {to_bangla_digits(str(MAX_PAGE))}টি কাজ দেখানো যায়", field="first")
    t = Activity.__table__
    stmt = select(*_VIEW_COLUMNS).where(t.c.project_id == p.id)
    if critical_only:
        stmt = stmt.where(t.c.critical.is_(True))
    if after:
        try:
            last = UUID(str(decode_cursor(after)[0]))
        except (ValueError, IndexError):
            raise ValidationFailed("cursor_invalid", "The page cursor is not valid", "পৃষ্ঠার কার্সার সঠিক নয়",
                                   field="after") from None
        stmt = stmt.where(t.c.id > last)
    views = _views(uow.session.execute(stmt.order_by(t.c.id).limit(first + 1)))
    page = views[:first]
    return Page(page, encode_cursor([page[-1].id]) if page else None, len(views) > first)
