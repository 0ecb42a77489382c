"""Site muster rolls: load → guard → pure rule (domain) → store → emit → view; a month's figures and the
payroll run prepared with them."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import delete, select

from vextrus.platform import clock, context
from vextrus.platform.errors import PermissionDenied, ValidationFailed
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..events import MusterApproved, MusterRecorded
from ..schemas import (
    AttendanceView,
    DayLine,
    DayLines,
    FiguresView,
    MonthRow,
    MonthView,
    MusterInput,
    MusterView,
    PayrollFromMusterInput,
)
from ..tables import AttendanceRow, LeaveRow, MusterRow
from . import people


def _month(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def _find(uow: UnitOfWork, company_id: UUID, project_id: UUID, day: date) -> MusterRow | None:
    return uow.session.scalar(select(MusterRow).where(MusterRow.company_id == company_id,
                                                      MusterRow.project_id == project_id, MusterRow.day == day))


def on_leave(uow: UnitOfWork, employee_ids: list[UUID], day: date) -> dict[UUID, str]:
    """{employee: leave type} of those with approved leave covering `day`."""
    if not employee_ids:
        return {}
    return dict(uow.session.execute(select(LeaveRow.employee_id, LeaveRow.leave_type).where(
        LeaveRow.employee_id.in_(employee_ids), LeaveRow.status == "approved", LeaveRow.start <= day,
        LeaveRow.end >= day)).all())


def _view(uow: UnitOfWork, company_id: UUID, project_id: UUID, day: date, row: MusterRow | None,
          workers: list[Any] | None = None) -> MusterView:
    workers = people.site_workers(company_id, project_id, day) if workers is None else workers
    lines: dict[UUID, AttendanceRow] = {}
    if row is not None:
        lines = {a.employee_id: a for a in uow.session.scalars(select(AttendanceRow)
                                                                .where(AttendanceRow.muster_id == row.id))}
    on_site = {w.id for w in workers}
    gone = [k for k in lines if k not in on_site]  # recorded, since moved or separated: still shown
    everyone = people.employees(company_id) if gone else {}
    extra = [everyone[k] for k in gone if k in everyone]
    out = []
    everyone_shown = [*workers, *sorted(extra, key=lambda e: e.code)]
    leave = on_leave(uow, [e.id for e in everyone_shown], day)
    for e in everyone_shown:
        a = lines.get(e.id)
        out.append(AttendanceView(employee_id=e.id, employee_code=e.code, employee_name=e.name,
                                  employee_name_bn=e.name_bn, status=a.status if a else None,
                                  hours=a.hours if a else ZERO, overtime_hours=a.overtime_hours if a else ZERO,
                                  on_leave=leave.get(e.id)))
    off = people.day_off(project_id, day)
    return MusterView(id=row.id if row else None, company_id=company_id, project_id=project_id, day=day,
                      day_off=off[0] if off else None, day_off_bn=off[1] if off else None,
                      status=row.status if row else "draft", approved_by=row.approved_by if row else "",
                      approved_at=row.approved_at if row else None, version=row.version if row else 0,
                      lines=out, present=sum(1 for a in out if a.status in ("present", "half_day")),
                      absent=sum(1 for a in out if a.status == "absent"),
                      overtime_hours=sum((a.overtime_hours for a in out), ZERO))


@query("hr.attendance.view")
def get_muster(uow: UnitOfWork, company_id: UUID, project_id: UUID, day: date) -> MusterView:
    """A site's day: every worker of the site with what is recorded (nothing yet: status None)."""
    context.require_company(company_id, "company", company_id, field="company_id")
    return _view(uow, company_id, project_id, day, _find(uow, company_id, project_id, day))


@command("hr.attendance.record", scope="hr.record_muster")
def record_muster(uow: UnitOfWork, data: MusterInput) -> MusterView:
    """Record (or correct, while a draft) a site's day for all its workers at once. Every line is checked
    against BLA 2006 hours (8 ordinary, 10 with overtime a day, 60 a week); one bad line refuses the sheet,
    naming `lines[i]`."""
    context.require_company(data.company_id, "company", data.company_id, field="company_id")
    clock.check_date(data.day, "day")
    if data.day > clock.today():
        raise ValidationFailed("hr.day_in_future", "Attendance cannot be recorded for a day still to come",
                               "ভবিষ্যতের দিনের হাজিরা লেখা যায় না", field="day")
    s = uow.session
    row = _find(uow, data.company_id, data.project_id, data.day)
    if row is not None:
        domain.check_muster_open(row.status, data.day)
        check_version(row, data.expected_version, f"muster roll {data.day}")
    workers = people.site_workers(data.company_id, data.project_id, data.day)
    known = {e.id for e in workers}
    seen: set[UUID] = set()
    checked = []
    for i, ln in enumerate(data.lines):
        f = f"lines[{i}]"
        if ln.employee_id not in known:
            raise ValidationFailed("hr.worker_not_on_site", "This employee is not a worker of the site that day",
                                   "এই কর্মী সেদিন এই সাইটের শ্রমিক নন", field=f"{f}.employee_id")
        if ln.employee_id in seen:
            raise ValidationFailed("hr.worker_twice", "A worker appears twice on the sheet",
                                   "একই শ্রমিক তালিকায় দুবার আছেন", field=f"{f}.employee_id")
        seen.add(ln.employee_id)
        hours, ot = domain.check_line(ln.status, ln.hours, ln.overtime_hours, f)
        checked.append((ln.employee_id, ln.status, hours, ot, f))
    leave = on_leave(uow, [c[0] for c in checked if c[1] == "absent"], data.day)
    for e, _, _, _, f in checked:
        if e in leave:  # an approved leave day is paid (BLA ss.115-118): marking it absent would dock pay
            raise ValidationFailed("hr.absent_on_leave", "This worker is on approved leave that day: mark leave",
                                   "এই শ্রমিক সেদিন অনুমোদিত ছুটিতে আছেন: ছুটি চিহ্নিত করুন", field=f"{f}.status",
                                   details={"leave_type": leave[e]})
    _check_weeks(uow, data, row, checked)
    tenant = context.require_tenant()
    if row is None:
        row = MusterRow(tenant_id=tenant, company_id=data.company_id, project_id=data.project_id, day=data.day)
        s.add(row)
        s.flush()
    else:
        row.updated_at = clock.now()  # the version moves on with the sheet's lines
    if seen:
        s.execute(delete(AttendanceRow).where(AttendanceRow.muster_id == row.id,
                                              AttendanceRow.employee_id.in_(seen)))
    s.add_all([AttendanceRow(tenant_id=tenant, muster_id=row.id, employee_id=e, status=st, hours=h,
                             overtime_hours=ot) for e, st, h, ot, _ in checked])
    s.flush()
    uow.emit(MusterRecorded(muster_id=row.id, project_id=row.project_id, day=row.day, lines=len(checked)))
    return _view(uow, data.company_id, data.project_id, data.day, row, workers)


def _check_weeks(uow: UnitOfWork, data: MusterInput, row: MusterRow | None, checked: list) -> None:
    """A worker's hours with overtime over the week (Saturday–Friday, all sites): at most 60 (BLA s.102)."""
    if not checked:
        return
    start, end = domain.week_of(data.day)
    q = (select(AttendanceRow.employee_id, AttendanceRow.hours, AttendanceRow.overtime_hours)
         .join(MusterRow, MusterRow.id == AttendanceRow.muster_id)
         .where(MusterRow.company_id == data.company_id, MusterRow.day >= start, MusterRow.day <= end,
                AttendanceRow.employee_id.in_([c[0] for c in checked])))
    if row is not None:
        q = q.where(AttendanceRow.muster_id != row.id)
    week: dict[UUID, Decimal] = defaultdict(lambda: ZERO)
    for e, h, ot in uow.session.execute(q):
        week[e] += h + ot
    for e, _, h, ot, f in checked:
        domain.check_week(week[e] + h + ot, f"{f}.overtime_hours")


@command("hr.attendance.approve", scope="hr.approve_muster")
def approve_muster(uow: UnitOfWork, muster_id: UUID, expected_version: int | None = None) -> MusterView:
    """Approve a site's day: it is locked from then on, and counts in payroll."""
    row = uow.session.get(MusterRow, muster_id)
    if row is None:
        raise domain.NotFoundInHr("muster roll", "হাজিরা খাতা", muster_id)
    context.require_company(row.company_id, "muster roll", muster_id)
    domain.check_muster_open(row.status, row.day)
    check_version(row, expected_version, f"muster roll {row.day}")
    row.status, row.approved_by, row.approved_at = "approved", context.current().actor[:120], clock.now()
    uow.session.flush()
    uow.emit(MusterApproved(muster_id=row.id, project_id=row.project_id, day=row.day))
    return _view(uow, row.company_id, row.project_id, row.day, row)


@query("hr.attendance.view")
def month_view(uow: UnitOfWork, company_id: UUID, project_id: UUID, month: date) -> MonthView:
    """The monthly muster roll of a site: each worker's status on each day and the month's figures."""
    context.require_company(company_id, "company", company_id, field="company_id")
    first, last = _month(month)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    musters = {m.id: m for m in uow.session.scalars(select(MusterRow).where(
        MusterRow.company_id == company_id, MusterRow.project_id == project_id, MusterRow.day >= first,
        MusterRow.day <= last))}
    grid: dict[UUID, dict[date, tuple[str, Decimal]]] = defaultdict(dict)
    if musters:
        for a in uow.session.scalars(select(AttendanceRow).where(AttendanceRow.muster_id.in_(musters))):
            grid[a.employee_id][musters[a.muster_id].day] = (a.status, a.overtime_hours)
    everyone = people.employees(company_id)
    workers = {e.id: e for e in people.site_workers(company_id, project_id, last)}
    workers.update({k: everyone[k] for k in grid if k in everyone})
    rows = []
    for e in sorted(workers.values(), key=lambda e: e.code):
        g = grid.get(e.id, {})
        f = domain.month_figures(list(g.values()))
        rows.append(MonthRow(employee_id=e.id, employee_code=e.code, employee_name=e.name, employee_name_bn=e.name_bn,
                             days=[g[d][0] if d in g else None for d in days], days_worked=f.days_worked,
                             absent_days=f.absent_days, leave_days=f.leave_days, holidays=f.holidays,
                             overtime_hours=f.overtime_hours))
    return MonthView(company_id=company_id, project_id=project_id, month=first, days=days,
                     approved_days=sorted(m.day for m in musters.values() if m.status == "approved"), rows=rows)


@query("hr.attendance.view")
def month_figures(uow: UnitOfWork, company_id: UUID, month: date) -> list[FiguresView]:
    """Each employee's month from the company's APPROVED muster rolls (all sites): what payroll is fed."""
    context.require_company(company_id, "company", company_id, field="company_id")
    first, last = _month(month)
    lines: dict[UUID, list[tuple[str, Decimal]]] = defaultdict(list)
    for e, st, ot in uow.session.execute(
            select(AttendanceRow.employee_id, AttendanceRow.status, AttendanceRow.overtime_hours)
            .join(MusterRow, MusterRow.id == AttendanceRow.muster_id)
            .where(MusterRow.company_id == company_id, MusterRow.status == "approved", MusterRow.day >= first,
                   MusterRow.day <= last)):
        lines[e].append((st, ot))
    out = []
    for e, ls in sorted(lines.items(), key=lambda kv: str(kv[0])):
        f = domain.month_figures(ls)
        out.append(FiguresView(employee_id=e, days_worked=f.days_worked, absent_days=f.absent_days,
                               leave_days=f.leave_days, holidays=f.holidays, overtime_hours=f.overtime_hours))
    return out


def prepare_payroll(data: PayrollFromMusterInput, idempotency_key: str | None = None) -> Any:
    """Prepare payroll's run for the month with hr's figures: each worker's overtime hours (paid at twice the
    hourly basic, BLA s.108) and absent days (basic ÷ 30 withheld per day) from the approved muster rolls, and
    office staff's overtime from the check-in/out devices (`office.office_overtime`). The user needs
    `payroll.run.prepare` themself: hr does not lend it."""
    from vextrus.modules.payroll import api as payroll

    from .. import MODULE

    if not context.current().can("payroll.run.prepare"):
        raise PermissionDenied("payroll.run.prepare")
    figures = month_figures(data.company_id, data.month)
    from .office import office_overtime

    office_hours = office_overtime(data.company_id, data.month)  # office staff's overtime from the devices
    lines = [payroll.OvertimeInput(employee_id=f.employee_id, hours=f.overtime_hours + office_hours.pop(f.employee_id, ZERO),
                                   absent_days=f.absent_days)
             for f in figures if f.overtime_hours or f.absent_days or f.employee_id in office_hours]
    lines += [payroll.OvertimeInput(employee_id=e, hours=h) for e, h in sorted(office_hours.items(), key=lambda kv: str(kv[0]))]
    with context.calling_as(MODULE):
        return payroll.prepare_run(payroll.RunInput(company_id=data.company_id, month=data.month,
                                                    festival=data.festival, overtime=lines),
                                   idempotency_key=idempotency_key)


@query("hr.attendance.view")
def day_lines(uow: UnitOfWork, company_id: UUID, start: date, end: date,
              project_id: UUID | None = None) -> DayLines:
    """The company's muster-roll lines from `start` to `end` (one site when `project_id` is given): approved
    days' lines, and the days whose roll is still a draft (not counted, listed)."""
    context.require_company(company_id, "company", company_id, field="company_id")
    where = [MusterRow.company_id == company_id, MusterRow.day >= start, MusterRow.day <= end]
    if project_id is not None:
        where.append(MusterRow.project_id == project_id)
    musters = {m.id: m for m in uow.session.scalars(select(MusterRow).where(*where))}
    approved = [k for k, m in musters.items() if m.status == "approved"]
    lines = []
    if approved:  # columns, not ORM objects, and DTOs built without validating what the database holds: a
        # month of 500 workers is 15,500 lines (bench/payroll.py)
        for e, mid, st, ot in uow.session.execute(
                select(AttendanceRow.employee_id, AttendanceRow.muster_id, AttendanceRow.status,
                       AttendanceRow.overtime_hours).where(AttendanceRow.muster_id.in_(approved))):
            m = musters[mid]
            lines.append(DayLine.model_construct(employee_id=e, project_id=m.project_id, day=m.day, status=st,
                                                 overtime_hours=ot))
    draft = sorted(((m.project_id, m.day) for m in musters.values() if m.status != "approved"),
                   key=lambda x: (x[1], str(x[0])))
    return DayLines(lines=sorted(lines, key=lambda ln: (ln.day, str(ln.employee_id))), unapproved=draft)


def prepare_wage_run(data: Any, idempotency_key: str | None = None) -> Any:
    """Prepare payroll's wage run (`payroll.api.WageRunRequest`: company, period ≤ 31 days, site or all) with
    the APPROVED muster rolls' days; days still in draft go along as warnings. hr depends on payroll (never the
    other way), so hr hands payroll the facts, as for the monthly run. The user needs `payroll.run.prepare`
    themself: hr does not lend it."""
    from vextrus.modules.payroll import api as payroll

    from .. import MODULE

    if not context.current().can("payroll.run.prepare"):
        raise PermissionDenied("payroll.run.prepare")
    got = day_lines(data.company_id, data.period_start, data.period_end, data.project_id)
    facts = payroll.WageRunInput(
        company_id=data.company_id, period_start=data.period_start, period_end=data.period_end,
        project_id=data.project_id,
        days=[payroll.WageDayInput.model_construct(employee_id=ln.employee_id, project_id=ln.project_id, day=ln.day,
                                                   status=ln.status, overtime_hours=ln.overtime_hours)
              for ln in got.lines],  # hr's own approved lines, already checked when recorded
        unapproved=[payroll.WageWarning(project_id=p, day=d) for p, d in got.unapproved])
    with context.calling_as(MODULE):
        return payroll.prepare_wage_run(facts, idempotency_key=idempotency_key)
