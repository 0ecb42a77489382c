"""Office attendance from check-in/out devices: a device's CSV export checked (dry run) and imported (all or
nothing, or the valid rows only), each employee's first in and last out a day; the month per employee with
hours, overtime within the Labour Act's limits and lateness; the month's overtime handed to payroll's run with
the muster roll's (`attendance.prepare_payroll`). The pure rules are `domain/office.py`."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import clock, context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits as bn
from vextrus.platform.money import ZERO
from vextrus.platform.row_problems import refused_rows
from vextrus.platform.uow import UnitOfWork, command, query

from .. import settings
from ..domain import office
from ..events import OfficeAttendanceImported
from ..schemas import (
    OfficeDayView,
    OfficeEmployeeMonth,
    OfficeImportInput,
    OfficeImportView,
    OfficeMonthView,
    OfficeProblemView,
)
from ..tables import OfficeDayRow, OfficeImportRow
from . import people

RECORD = "hr.attendance.record"


def _month(day: date) -> tuple[date, date]:
    from .attendance import _month as month

    return month(day)


def _plan(uow: UnitOfWork, data: OfficeImportInput) -> tuple[OfficeImportView, dict, dict]:
    """Read and check the file; the days it would store: (view, new {(employee, day): (in, out)}, changed
    {row: (in, out)})."""
    context.require_company(data.company_id, "company", data.company_id, field="company_id")
    sha = hashlib.sha256(data.content).hexdigest()
    staff = people.employees(data.company_id)
    by_code = {e.code.strip().upper(): e for e in staff.values()}
    parsed = office.read_file(data.content, by_code, clock.today())
    days = office.first_in_last_out(parsed.punches)
    wanted = {(by_code[b].id, d): v for (b, d), v in days.items()}
    existing: dict[tuple[UUID, date], OfficeDayRow] = {}
    if wanted:
        lo, hi = min(d for _, d in wanted), max(d for _, d in wanted)
        for r in uow.session.scalars(select(OfficeDayRow).where(
                OfficeDayRow.company_id == data.company_id, OfficeDayRow.day >= lo, OfficeDayRow.day <= hi,
                OfficeDayRow.employee_id.in_({e for e, _ in wanted}))):
            existing[(r.employee_id, r.day)] = r
    new: dict[tuple[UUID, date], tuple[int | None, int | None]] = {}
    changed: dict[OfficeDayRow, tuple[int | None, int | None]] = {}
    for k, v in wanted.items():
        row = existing.get(k)
        if row is None:
            new[k] = v
            continue
        merged = office.merge((row.first_in, row.last_out), v)
        if merged != (row.first_in, row.last_out):
            changed[row] = merged
    before = uow.session.scalar(select(OfficeImportRow).where(OfficeImportRow.company_id == data.company_id,
                                                               OfficeImportRow.sha256 == sha))
    refused = len(refused_rows(parsed.problems))
    view = OfficeImportView(
        company_id=data.company_id, filename=data.filename, sha256=sha, shape=parsed.shape, columns=parsed.columns,
        rows=parsed.rows, refused_rows=refused, problems=[OfficeProblemView.model_validate(p, from_attributes=True) for p in parsed.problems],
        days=len(wanted), days_new=0 if before else len(new), days_changed=0 if before else len(changed),
        stored=False, dry_run=data.dry_run, duplicate=before is not None, import_id=before.id if before else None)
    return view, ({} if before else new), ({} if before else changed)


@query("hr.attendance.view")
def check_office_file(uow: UnitOfWork, data: OfficeImportInput) -> OfficeImportView:
    """The dry run: what the file holds, its refused rows and what importing it would store; nothing stored."""
    return _plan(uow, data)[0].model_copy(update={"dry_run": True})


@command(RECORD, scope="hr.import_office_attendance")
def import_office_file(uow: UnitOfWork, data: OfficeImportInput) -> OfficeImportView:
    """Store the file's days (first in, last out per employee and day; a day stored before keeps the earlier
    in and the later out). A file with a refused row stores nothing unless `mode` is `valid_only`; the same
    file again stores nothing (`duplicate`)."""
    view, new, changed = _plan(uow, data)
    if view.duplicate:
        return view.model_copy(update={"dry_run": False})
    if view.problems and data.mode != "valid_only":
        first = view.problems[0]
        raise ValidationFailed(
            "hr.office_rows_refused",
            f"{view.refused_rows} of {view.rows} rows refused (first: row {first.row}, {first.message}); nothing "
            "stored: correct the file or import the valid rows only",
            f"{bn(str(view.rows))} সারির {bn(str(view.refused_rows))}টি বাতিল (প্রথমটি: সারি {bn(str(first.row))}, "
            f"{first.message_bn}); কিছুই "
            "সংরক্ষিত হয়নি: ফাইল ঠিক করুন বা শুধু সঠিক সারিগুলো আমদানি করুন", field="file",
            details={"problems": [p.model_dump() for p in view.problems[:200]], "refused_rows": view.refused_rows})
    tenant = context.require_tenant()
    imp = OfficeImportRow(tenant_id=tenant, company_id=data.company_id, sha256=view.sha256,
                          filename=data.filename[:200], shape=view.shape, rows=view.rows,
                          refused_rows=view.refused_rows, days_stored=len(new) + len(changed),
                          imported_by=context.current().actor[:120])
    uow.session.add(imp)
    uow.session.flush()
    uow.session.add_all([OfficeDayRow(tenant_id=tenant, company_id=data.company_id, employee_id=e, day=d,
                                      first_in=v[0], last_out=v[1], import_id=imp.id) for (e, d), v in new.items()])
    for row, (first, last) in changed.items():
        row.first_in, row.last_out, row.import_id = first, last, imp.id
    uow.session.flush()
    uow.emit(OfficeAttendanceImported(import_id=imp.id, company_id=data.company_id, days_new=len(new),
                                      days_changed=len(changed)))
    return view.model_copy(update={"stored": True, "dry_run": False, "import_id": imp.id})


def import_office_attendance(data: OfficeImportInput, idempotency_key: str | None = None) -> OfficeImportView:
    """Dry run (`data.dry_run`, the default) or import."""
    if data.dry_run:
        return check_office_file(data)
    return import_office_file(data, idempotency_key=idempotency_key)


def _days(uow: UnitOfWork, company_id: UUID, first: date, last: date) -> dict[UUID, list[office.OfficeDay]]:
    """Each employee's days of `first`..`last` with the week limit applied (the weeks around are read)."""
    start = office.start_minute(settings.office_start())
    lo, hi = office.weeks_around(first, last)
    raw: dict[UUID, list[office.OfficeDay]] = defaultdict(list)
    for r in uow.session.scalars(select(OfficeDayRow).where(OfficeDayRow.company_id == company_id,
                                                            OfficeDayRow.day >= lo, OfficeDayRow.day <= hi)):
        raw[r.employee_id].append(office.day_figures(r.day, r.first_in, r.last_out, start))
    return {e: [d for d in office.cap_weeks(ds) if first <= d.day <= last] for e, ds in raw.items()}


@query("hr.attendance.view")
def office_month(uow: UnitOfWork, company_id: UUID, month: date) -> OfficeMonthView:
    """The month's office attendance per employee and day."""
    context.require_company(company_id, "company", company_id, field="company_id")
    first, last = _month(month)
    by = _days(uow, company_id, first, last)
    staff = people.employees(company_id) if by else {}
    out = []
    for e_id, ds in by.items():
        if not ds or e_id not in staff:
            continue
        e = staff[e_id]
        views = [OfficeDayView(employee_id=e_id, employee_code=e.code, day=d.day, first_in=office.clock(d.first_in),
                               last_out=office.clock(d.last_out), hours=d.hours, ordinary_hours=d.ordinary,
                               overtime_hours=d.overtime, excess_hours=d.excess, late_minutes=d.late_minutes,
                               complete=d.complete) for d in sorted(ds, key=lambda x: x.day)]
        out.append(OfficeEmployeeMonth(
            employee_id=e_id, employee_code=e.code, employee_name=e.name, employee_name_bn=e.name_bn or e.name,
            days=views, days_present=len(views), hours=sum((v.hours for v in views), ZERO),
            overtime_hours=sum((v.overtime_hours for v in views), ZERO),
            excess_hours=sum((v.excess_hours for v in views), ZERO),
            late_days=sum(1 for v in views if v.late_minutes > 0), incomplete_days=sum(1 for v in views if not v.complete)))
    out.sort(key=lambda m: m.employee_code)
    return OfficeMonthView(company_id=company_id, month=first, office_start=office.clock(office.start_minute(
        settings.office_start())), employees=out)


@query("hr.attendance.view")
def office_overtime(uow: UnitOfWork, company_id: UUID, month: date) -> dict[UUID, Decimal]:
    """Each employee's paid overtime hours of the month from the devices (within 10 a day, 60 a week)."""
    context.require_company(company_id, "company", company_id, field="company_id")
    first, last = _month(month)
    out = {e: sum((d.overtime for d in ds), ZERO) for e, ds in _days(uow, company_id, first, last).items()}
    return {e: h for e, h in out.items() if h}
