"""The one place where the schedule domain meets the tables.

`load_network` builds a domain `Network` (+ options) from a project's rows; `write_results`
stores a CPM result back in bulk (one executemany); `insert_network` writes a whole imported
network (calendars, WBS, activities, logic) with bulk inserts, so a 10,000-activity XER is a
handful of statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Float, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.ids import new_id

from .domain import calendar as dcal
from .domain.cpm import ScheduleResult
from .domain.network import (
    Activity as DActivity,
)
from .domain.network import (
    ActivityType,
    Constraint,
    ConstraintType,
    CriticalBy,
    FloatType,
    LagCalendar,
    Network,
    RelType,
    ScheduleOptions,
)
from .domain.network import (
    Relationship as DRel,
)
from .tables import (
    Activity,
    BaselineActivity,
    Calendar,
    CalendarException,
    Holiday,
    MonsoonPeriod,
    Project,
    Relationship,
    Wbs,
)

DAY_KEYS = [str(d) for d in range(7)]


# ---- bulk reads for lists (one query for a whole page, never one per row) ----------------------

def activity_counts(s: Session, project_ids: list[UUID]) -> dict[UUID, int]:
    """How many activities each of these projects has (absent: none), in one query."""
    if not project_ids:
        return {}
    return dict(s.execute(select(Activity.project_id, func.count()).where(Activity.project_id.in_(project_ids))
                          .group_by(Activity.project_id)).all())


def baseline_sizes(s: Session, baseline_ids: list[UUID]) -> dict[UUID, int]:
    """How many activities each of these baselines holds, in one query."""
    if not baseline_ids:
        return {}
    return dict(s.execute(select(BaselineActivity.baseline_id, func.count())
                          .where(BaselineActivity.baseline_id.in_(baseline_ids))
                          .group_by(BaselineActivity.baseline_id)).all())


# ---- calendars -------------------------------------------------------------------------------

def week_to_json(cal: dcal.Calendar) -> dict[str, str]:
    return {str(d): _fmt(cal.week.get(d, ())) for d in range(7)}


def _fmt(ivs: tuple[tuple[int, int], ...]) -> str:
    return ",".join(f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in ivs)


def to_domain_calendar(row: Calendar, exceptions: list[CalendarException], holidays: list[Holiday],
                       monsoon: list[MonsoonPeriod]) -> dcal.Calendar:
    """Work week + (public holidays, monsoon days if outdoor) + the calendar's own exceptions."""
    week = {int(k): dcal.parse_hours(v or "") for k, v in row.work_week.items()}
    exc: dict[date, tuple[tuple[int, int], ...]] = {}
    if row.use_monsoon:
        for m in monsoon:
            hours = dcal.parse_hours(m.hours or "")
            d = m.start
            while d <= m.finish:
                exc[d] = hours if week.get(d.weekday()) else ()
                d = date.fromordinal(d.toordinal() + 1)
    if row.use_public_holidays:
        for h in holidays:
            exc[h.day] = ()
    for e in exceptions:
        exc[e.day] = dcal.parse_hours(e.hours or "")
    return dcal.Calendar(id=str(row.id), name=row.name, week=week, exceptions=exc)


def project_calendars(s: Session, project_id: UUID) -> list[Calendar]:
    return list(s.execute(select(Calendar).where(
        (Calendar.project_id == project_id) | (Calendar.project_id.is_(None))).order_by(Calendar.code)).scalars())


def load_calendars(s: Session, project_id: UUID) -> dict[str, dcal.Calendar]:
    rows = project_calendars(s, project_id)
    ids = [r.id for r in rows]
    exc: dict[UUID, list[CalendarException]] = {}
    for e in s.execute(select(CalendarException).where(CalendarException.calendar_id.in_(ids))).scalars():
        exc.setdefault(e.calendar_id, []).append(e)
    holidays = list(s.execute(select(Holiday)).scalars())
    monsoon = list(s.execute(select(MonsoonPeriod)).scalars())
    return {str(r.id): to_domain_calendar(r, exc.get(r.id, []), holidays, monsoon) for r in rows}


# ---- options ---------------------------------------------------------------------------------

_FLAGS = ("lag_from_early_start", "open_ends_critical", "use_expected_finish", "ignore_external_relationships",
          "float_on_project_finish")


def options_to_json(o: ScheduleOptions) -> dict[str, Any]:
    """The options kept in `project.schedule_options` (the data date and must-finish-by are columns)."""
    return {"retained_logic": o.retained_logic, "lag_calendar": o.lag_calendar.value,
            "float_type": o.float_type.value, "critical_by": o.critical_by.value,
            "critical_float_hours": o.critical_float_hours, **{k: getattr(o, k) for k in _FLAGS}}


def options_from(project: Project, data_date: datetime | None) -> ScheduleOptions:
    """Scheduling options of a project; its must-finish-by date is imposed when set."""
    dd = data_date or project.data_date or datetime.combine(project.start_date or date.today(), time(8))
    return options_from_json(project.schedule_options or {}, project, dd)


def options_from_json(j: dict[str, Any], project: Project, dd: datetime | None = None) -> ScheduleOptions:
    """Options from their stored form; raises ValidationFailed on an unknown value."""
    dd = dd or datetime(2000, 1, 1)
    try:
        return _options(j, project, dd)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed("schedule_option", f"invalid scheduling option: {exc}",
                               "সময়সূচি বিকল্প সঠিক নয়", field="schedule_options") from None


def _options(j: dict[str, Any], project: Project, dd: datetime) -> ScheduleOptions:
    defaults = ScheduleOptions(data_date=dd)
    return ScheduleOptions(
        data_date=dd, retained_logic=j.get("retained_logic", True),
        lag_calendar=LagCalendar(j.get("lag_calendar", LagCalendar.SUCCESSOR.value)),
        float_type=FloatType(j.get("float_type", FloatType.FINISH.value)),
        critical_by=CriticalBy(j.get("critical_by", CriticalBy.TOTAL_FLOAT.value)),
        critical_float_hours=float(j.get("critical_float_hours", 0.0)),
        must_finish_by=project.must_finish_by,
        # P6 starts unstarted work at the later of the data date and the project's planned start
        planned_start=datetime.combine(project.start_date, time(0)) if project.start_date else None,
        **{k: bool(j.get(k, getattr(defaults, k))) for k in _FLAGS},
    )


# ---- network ---------------------------------------------------------------------------------

@dataclass
class LoadedNetwork:
    project: Project
    network: Network
    options: ScheduleOptions
    activity_ids: dict[str, UUID]  # code -> row id
    code_of: dict[UUID, str] = field(default_factory=dict)


def _constraint(t: str | None, d: datetime | None) -> Constraint | None:
    return Constraint(ConstraintType(t), d) if t else None


def to_domain_activity(a: Activity) -> DActivity:
    return DActivity(
        code=a.code, name=a.name, duration_hours=a.duration_hours, type=ActivityType(a.type),
        calendar_id=str(a.calendar_id) if a.calendar_id else None,
        wbs_id=str(a.wbs_id) if a.wbs_id else None,
        constraint=_constraint(a.constraint_type, a.constraint_date),
        secondary_constraint=_constraint(a.constraint2_type, a.constraint2_date),
        actual_start=a.actual_start, actual_finish=a.actual_finish, remaining_hours=a.remaining_hours,
        percent_complete=a.percent_complete, expected_finish=a.expected_finish,
        external_early_start=a.external_early_start, external_late_finish=a.external_late_finish,
    )


def load_network(s: Session, project: Project, data_date: datetime | None = None) -> LoadedNetwork:
    calendars = load_calendars(s, project.id)
    acts = list(s.execute(select(Activity).where(Activity.project_id == project.id)
                          .order_by(Activity.seq, Activity.code)).scalars())
    code_of = {a.id: a.code for a in acts}
    rels = s.execute(select(Relationship.predecessor_id, Relationship.successor_id, Relationship.type,
                            Relationship.lag_hours).where(Relationship.project_id == project.id)).all()
    wbs = s.execute(select(Wbs.id, Wbs.parent_id).where(Wbs.project_id == project.id)).all()
    default = str(project.default_calendar_id) if project.default_calendar_id else next(iter(calendars), "")
    net = Network(
        activities=[to_domain_activity(a) for a in acts],
        relationships=[DRel(code_of[p], code_of[q], RelType(t), lag) for p, q, t, lag in rels],
        calendars=calendars, default_calendar_id=default, name=project.code,
        wbs_parent={str(w): str(p) if p else None for w, p in wbs},
    )
    return LoadedNetwork(project, net, options_from(project, data_date), {a.code: a.id for a in acts}, code_of)


def write_results(s: Session, loaded: LoadedNetwork, result: ScheduleResult) -> None:
    """Store each activity's dates and floats with one executemany."""
    t = Activity.__table__
    rows = []
    for code, r in result.activities.items():
        rows.append({"b_id": loaded.activity_ids[code], "early_start": r.early_start,
                     "early_finish": r.early_finish, "late_start": r.late_start, "late_finish": r.late_finish,
                     "total_float_hours": r.total_float_hours, "free_float_hours": r.free_float_hours,
                     "critical": r.critical, "status": r.status})
    if rows:
        stmt = update(t).where(t.c.id == bindparam("b_id")).values(
            {k: bindparam(k) for k in rows[0] if k != "b_id"})
        s.connection().execute(stmt, rows)


# ---- what a schedule run overwrites, for its undo ---------------------------------------------

_COMPUTED = ("early_start", "early_finish", "late_start", "late_finish", "total_float_hours", "free_float_hours",
             "critical", "status")
_MOMENTS = frozenset(_COMPUTED[:4])


def computed_dates(s: Session, project_id: UUID) -> dict[str, list[Any]]:
    """Each activity's computed dates, floats, critical flag and status, by code, as JSON values
    (dates as ISO text): what a schedule run overwrites and its undo puts back."""
    t = Activity.__table__
    rows = s.execute(select(t.c.code, *(t.c[k] for k in _COMPUTED)).where(t.c.project_id == project_id))
    return {r[0]: [v.isoformat() if k in _MOMENTS and v is not None else v for k, v in zip(_COMPUTED, r[1:],
                                                                                          strict=True)]
            for r in rows}


def restore_dates(s: Session, project_id: UUID, saved: dict[str, list[Any]]) -> int:
    """Put back what `computed_dates` kept (one executemany); activities added since are left as
    they are, deleted ones are skipped. Returns how many were restored."""
    t = Activity.__table__
    ids = dict(s.execute(select(t.c.code, t.c.id).where(t.c.project_id == project_id)).all())
    rows = []
    for code, values in saved.items():
        if code not in ids:
            continue
        row = {"b_id": ids[code]}
        for k, v in zip(_COMPUTED, values, strict=True):
            row[k] = datetime.fromisoformat(v) if k in _MOMENTS and v is not None else v
        rows.append(row)
    if rows:
        stmt = update(t).where(t.c.id == bindparam("b_id")).values({k: bindparam(k) for k in _COMPUTED})
        s.connection().execute(stmt, rows)
    return len(rows)


def saved_finish(saved: dict[str, list[Any]]) -> datetime | None:
    """The project finish the kept dates give (the latest early finish)."""
    finishes = [v[1] for v in saved.values() if v[1]]
    return datetime.fromisoformat(max(finishes)) if finishes else None


# ---- bulk insert of a whole network (imports, demo) ------------------------------------------

@dataclass
class NetworkRows:
    """Ids of what `insert_network` wrote, keyed by the domain's string ids."""

    calendar_ids: dict[str, UUID]
    wbs_ids: dict[str, UUID]
    activity_ids: dict[str, UUID]


def insert_network(s: Session, tenant_id: UUID, project_id: UUID, net: Network,
                   wbs_names: dict[str, tuple[str, str]] | None = None,
                   source_refs: dict[str, str] | None = None,
                   calendar_flags: dict[str, tuple[bool, bool]] | None = None,
                   existing_calendars: dict[str, UUID] | None = None,
                   wbs_refs: dict[str, str] | None = None) -> NetworkRows:
    """Insert calendars, WBS, activities and relationships of `net` for a new project.

    `wbs_names` maps a WBS id to (code, name); `calendar_flags` maps a calendar id to
    (use_public_holidays, use_monsoon) (imported calendars carry their own exceptions); `wbs_refs`
    maps a WBS id to its identity in the source file (P6 wbs_id)."""
    wbs_names = wbs_names or {}
    source_refs = source_refs or {}
    calendar_flags = calendar_flags or {}
    existing = existing_calendars or {}
    cal_ids = {cid: existing.get(cid) or new_id() for cid in net.calendars}
    cal_rows, exc_rows = [], []
    for cid, cal in net.calendars.items():
        if cid in existing:
            continue  # a company calendar already stored
        hol, mon = calendar_flags.get(cid, (False, False))
        cal_rows.append({"id": cal_ids[cid], "tenant_id": tenant_id, "project_id": project_id,
                         "code": cid[:60], "name": (cal.name or cid)[:200], "work_week": week_to_json(cal),
                         "use_public_holidays": hol, "use_monsoon": mon})
        for day, ivs in cal.exceptions.items():
            exc_rows.append({"id": new_id(), "tenant_id": tenant_id, "calendar_id": cal_ids[cid], "day": day,
                             "hours": _fmt(ivs), "kind": "holiday" if not ivs else "exception", "name": ""})
    _bulk(s, Calendar, cal_rows)
    _bulk(s, CalendarException, exc_rows)

    wbs_ids = {w: new_id() for w in net.wbs_parent}
    pending = dict(net.wbs_parent)
    wbs_rows: list[dict[str, Any]] = []
    done: set[str] = set()
    while pending:  # parents first, so the self-referencing foreign key holds
        ready = [w for w, p in pending.items() if p is None or p in done or p not in wbs_ids]
        if not ready:
            ready = list(pending)
        for k, w in enumerate(ready):
            p = pending.pop(w)
            code, name = wbs_names.get(w, (w, w))
            wbs_rows.append({"id": wbs_ids[w], "tenant_id": tenant_id, "project_id": project_id,
                             "parent_id": wbs_ids.get(p) if p else None, "code": code[:80], "name": name[:200],
                             "seq": len(wbs_rows) + k, "source_ref": (wbs_refs or {}).get(w)})
            done.add(w)
    _bulk(s, Wbs, wbs_rows)

    act_ids = {a.code: new_id() for a in net.activities}
    act_rows = []
    for k, a in enumerate(net.activities):
        c, c2 = a.constraint, a.secondary_constraint
        act_rows.append({
            "id": act_ids[a.code], "tenant_id": tenant_id, "project_id": project_id,
            "wbs_id": wbs_ids.get(a.wbs_id) if a.wbs_id else None,
            "calendar_id": cal_ids.get(a.calendar_id) if a.calendar_id else None,
            "code": a.code, "name": a.name[:300], "type": a.type.value, "seq": k,
            "duration_hours": a.duration_hours,
            "constraint_type": c.type.value if c else None, "constraint_date": c.date if c else None,
            "constraint2_type": c2.type.value if c2 else None, "constraint2_date": c2.date if c2 else None,
            "actual_start": a.actual_start, "actual_finish": a.actual_finish,
            "remaining_hours": a.remaining_hours, "percent_complete": a.percent_complete,
            "expected_finish": a.expected_finish, "external_early_start": a.external_early_start,
            "external_late_finish": a.external_late_finish,
            "budget": 0, "critical": False, "version": 1,
            "status": "completed" if a.actual_finish else ("in_progress" if a.actual_start else "not_started"),
            "source_ref": source_refs.get(a.code),
        })
    _bulk(s, Activity, act_rows)
    rel_rows = [{"id": new_id(), "tenant_id": tenant_id, "project_id": project_id,
                 "predecessor_id": act_ids[r.predecessor], "successor_id": act_ids[r.successor],
                 "type": r.type.value, "lag_hours": r.lag_hours} for r in net.relationships]
    _bulk(s, Relationship, rel_rows)
    return NetworkRows(cal_ids, wbs_ids, act_ids)


def _bulk(s: Session, model: Any, rows: list[dict[str, Any]], chunk: int = 2000) -> None:
    """Bulk inserts (rows carry their tenant_id; RLS checks it on PostgreSQL).

    SQLite: one executemany per chunk (in-process, already fast). PostgreSQL: psycopg's executemany
    is one statement per row, so each chunk is a single ``INSERT ... SELECT FROM unnest(%s::type[],
    ...)`` with one array parameter per column (values through each column's bind processor)."""
    if not rows:
        return
    conn = s.connection()
    t = model.__table__
    cols = list(rows[0])
    given = set(cols)
    plain = not any(isinstance(t.c[c].type, JSON) for c in cols) and not any(
        c.name not in given and (c.default is not None or c.onupdate is not None) for c in t.c)
    if conn.dialect.name != "postgresql" or not plain:  # Python-side defaults need SQLAlchemy's insert
        for i in range(0, len(rows), chunk):
            conn.execute(insert(t), rows[i:i + chunk])
        return
    dialect = conn.dialect
    procs = [_float if isinstance(t.c[c].type, Float) else t.c[c].type._cached_bind_processor(dialect)
             for c in cols]  # psycopg wants one Python type per array: 8 and 8.0 -> float
    casts = [t.c[c].type.compile(dialect=dialect) for c in cols]
    target = f'"{t.schema}"."{t.name}"' if t.schema else f'"{t.name}"'
    sql = (f"INSERT INTO {target} ({', '.join(cols)}) SELECT * FROM unnest("
           + ", ".join(f"%s::{c}[]" for c in casts) + ")")
    step = chunk * 5
    with conn.connection.dbapi_connection.cursor() as cur:  # binary arrays: no text quoting per element
        for i in range(0, len(rows), step):
            part = rows[i:i + step]
            cur.execute(sql, [[p(r[c]) for r in part] if p else [r[c] for r in part]
                              for p, c in zip(procs, cols, strict=True)], binary=True)


def _float(v: Any) -> float | None:
    return None if v is None else float(v)


bulk_insert = _bulk
