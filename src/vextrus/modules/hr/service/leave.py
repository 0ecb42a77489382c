"""Leave under the Bangladesh Labour Act 2006: types as data (`domain.LEAVE_TYPES`), balances per employee
and year (entitled − taken − pending; annual leave also carried forward from the years before up to the cap,
less what payroll encashed: `domain.annual_ledger`, BLA s.117), apply → approve | reject; an application beyond
the balance is refused."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select

from vextrus.platform import context
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import approvals, domain, settings
from ..events import LeaveApplied, LeaveDecided
from ..schemas import BalanceView, LeaveInput, LeaveTypeView, LeaveView
from ..tables import AttendanceRow, LeaveRow, MusterRow, OfficeDayRow
from . import people


def leave_types() -> list[LeaveTypeView]:
    return [LeaveTypeView(code=t.code, name=t.name, name_bn=t.name_bn, days=t.days, basis=t.basis,
                          section=t.section, women_only=t.women_only) for t in domain.LEAVE_TYPES.values()]


def _worked_by_year(uow: UnitOfWork, employee_id: UUID, last_year: int) -> dict[int, Decimal]:
    """Days worked in each calendar year up to `last_year`: by approved muster rolls (half a day counts half) and
    by the office's check-in devices (a day with a check-in is a day worked, BLA s.117 "days of work"), a date on
    both counted once, by its muster roll."""
    end = date(last_year, 12, 31)
    yr = func.extract("year", MusterRow.day)
    rows = uow.session.execute(
        select(yr, AttendanceRow.status, func.count()).join(MusterRow, MusterRow.id == AttendanceRow.muster_id)
        .where(AttendanceRow.employee_id == employee_id, MusterRow.status == "approved", MusterRow.day <= end)
        .group_by(yr, AttendanceRow.status)).all()
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for y, st, n in rows:
        out[int(y)] += domain.STATUSES[st][0] * n
    on_muster = (select(MusterRow.id).join(AttendanceRow, AttendanceRow.muster_id == MusterRow.id)
                 .where(AttendanceRow.employee_id == employee_id, MusterRow.status == "approved",
                        MusterRow.day == OfficeDayRow.day).exists())
    oyr = func.extract("year", OfficeDayRow.day)
    for y, n in uow.session.execute(
            select(oyr, func.count()).where(OfficeDayRow.employee_id == employee_id, OfficeDayRow.first_in.is_not(None),
                                            OfficeDayRow.day <= end, ~on_muster).group_by(oyr)):
        out[int(y)] += n
    return out


def _used(uow: UnitOfWork, employee_id: UUID, last_year: int,
          exclude: UUID | None = None) -> dict[tuple[int, str, str], Decimal]:
    """(year, leave type, status) → days applied for or approved, every year up to `last_year`."""
    out: dict[tuple[int, str, str], Decimal] = defaultdict(lambda: ZERO)
    q = select(LeaveRow).where(LeaveRow.employee_id == employee_id, LeaveRow.start <= date(last_year, 12, 31),
                               LeaveRow.status.in_(("applied", "approved")))
    for r in uow.session.scalars(q):
        if r.id != exclude:
            out[(r.start.year, r.leave_type, r.status)] += r.days
    return out


def _encashed(employee_id: UUID) -> dict[int, Decimal]:
    """Days of annual leave encashed by posted payroll runs, per year: payroll answers (hr depends on it)."""
    from vextrus.modules.payroll import api as payroll

    from .. import MODULE

    with context.calling_as(MODULE):
        return payroll.leave_encashed(employee_id)


def _annual(uow: UnitOfWork, employee_id: UUID, year: int, exclude: UUID | None = None
            ) -> tuple[list[domain.AnnualYear], dict[tuple[int, str, str], Decimal], dict[int, Decimal]]:
    worked = _worked_by_year(uow, employee_id, year)
    used = _used(uow, employee_id, year, exclude)
    encashed = _encashed(employee_id)
    years = [y for y in (*worked, *(k[0] for k in used), *encashed) if y <= year]
    taken = {y: d for (y, t, st), d in used.items() if t == "earned" and st == "approved"}
    pending = {y: d for (y, t, st), d in used.items() if t == "earned" and st == "applied"}
    ledger = domain.annual_ledger(min(years, default=year), year, worked, taken, pending, encashed,
                                  settings.carry_cap())
    return ledger, used, worked


def _balances(uow: UnitOfWork, employee_id: UUID, year: int, exclude: UUID | None = None) -> list[BalanceView]:
    """Every leave type's balance in `year`; annual (earned) leave with the days carried forward from the
    years before (BLA s.117), the others (casual, sick, festival, maternity) afresh each year."""
    domain.check_year(year)
    ledger, used, worked = _annual(uow, employee_id, year, exclude)
    a = ledger[-1]
    out = []
    for t in domain.LEAVE_TYPES.values():
        taken, pending = used[(year, t.code, "approved")], used[(year, t.code, "applied")]
        if t.code == "earned":
            out.append(BalanceView(leave_type=t.code, name=t.name, name_bn=t.name_bn, section=t.section,
                                   entitled=a.opening + a.earned, taken=taken, pending=pending, left=a.left,
                                   opening=a.opening, earned=a.earned, encashed=a.encashed,
                                   carry_forward=a.carried, over_cap=a.over_cap))
            continue
        entitled = domain.entitlement(t, worked.get(year, ZERO))
        out.append(BalanceView(leave_type=t.code, name=t.name, name_bn=t.name_bn, section=t.section,
                               entitled=entitled, taken=taken, pending=pending, left=entitled - taken - pending,
                               earned=entitled))
    return out


@query("hr.leave.view")
def balances(uow: UnitOfWork, employee_id: UUID, year: int) -> list[BalanceView]:
    people.employee(employee_id)  # the employee's company is checked by payroll
    return _balances(uow, employee_id, year)


def _view(r: LeaveRow, e: object) -> LeaveView:
    return LeaveView(id=r.id, company_id=r.company_id, employee_id=r.employee_id, employee_code=e.code,
                     employee_name=e.name, employee_name_bn=e.name_bn, leave_type=r.leave_type, start=r.start,
                     end=r.end, days=r.days, reason=r.reason, status=r.status, decided_by=r.decided_by,
                     version=r.version, approval_id=r.approval_id)


@command("hr.leave.apply", scope="hr.apply_leave")
def apply_leave(uow: UnitOfWork, data: LeaveInput) -> LeaveView:
    """Apply for leave: refused (`hr.leave_exceeds_balance`, field `end`) beyond what is left this year
    counting approved and pending applications; maternity only for women with 6 months' service."""
    e = people.employee(data.employee_id)
    t = domain.leave_type(data.leave_type)
    days = domain.leave_days(data.start, data.end)
    left = {b.leave_type: b.left for b in _balances(uow, e.id, data.start.year)}[t.code]
    domain.check_application(t, days, left, is_woman=e.category == "woman",
                             service_days=(data.start - e.joining_date).days)
    row = LeaveRow(tenant_id=context.require_tenant(), company_id=e.company_id, employee_id=e.id,
                   leave_type=t.code, start=data.start, end=data.end, days=days, reason=data.reason.strip())
    uow.session.add(row)
    uow.session.flush()
    uow.emit(LeaveApplied(leave_id=row.id, employee_id=e.id, leave_type=t.code, days=str(days)))
    approvals.submit_if_needed(row, e)
    return _view(row, e)


def check_still_within_balance(uow: UnitOfWork, row: LeaveRow, e: object | None = None) -> None:
    """The balance may have moved since the application: refuse approving beyond it."""
    e = e or people.employee(row.employee_id)
    left = {b.leave_type: b.left for b in _balances(uow, e.id, row.start.year, exclude=row.id)}[row.leave_type]
    domain.check_application(domain.leave_type(row.leave_type), row.days, left,
                             is_woman=e.category == "woman", service_days=(row.start - e.joining_date).days)


def _decide(uow: UnitOfWork, leave_id: UUID, action: str, expected_version: int | None) -> LeaveView:
    row = uow.session.get(LeaveRow, leave_id)
    if row is None:
        raise domain.NotFoundInHr("leave application", "ছুটির আবেদন", leave_id)
    context.require_company(row.company_id, "leave application", leave_id)
    check_version(row, expected_version, "leave application")
    status = domain.check_decision(row.status, action)
    approvals.check_decided_here(row)
    e = people.employee(row.employee_id)
    if status == "approved":
        check_still_within_balance(uow, row, e)
    row.status, row.decided_by = status, context.current().actor[:120]
    uow.session.flush()
    uow.emit(LeaveDecided(leave_id=row.id, employee_id=row.employee_id, status=status))
    return _view(row, e)


@command("hr.leave.approve", scope="hr.approve_leave")
def approve_leave(uow: UnitOfWork, leave_id: UUID, expected_version: int | None = None) -> LeaveView:
    return _decide(uow, leave_id, "approve", expected_version)


@command("hr.leave.approve", scope="hr.reject_leave")
def reject_leave(uow: UnitOfWork, leave_id: UUID, expected_version: int | None = None) -> LeaveView:
    return _decide(uow, leave_id, "reject", expected_version)


@query("hr.leave.view")
def list_leave(uow: UnitOfWork, company_id: UUID, status: str | None = None, limit: int = 200) -> list[LeaveView]:
    context.require_company(company_id, "company", company_id, field="company_id")
    q = select(LeaveRow).where(LeaveRow.company_id == company_id)
    if status:
        q = q.where(LeaveRow.status == status)
    rows = list(uow.session.scalars(q.order_by(LeaveRow.start.desc()).limit(min(limit, 500))))
    everyone = people.employees(company_id) if rows else {}
    return [_view(r, everyone[r.employee_id]) for r in rows if r.employee_id in everyone]


def annual_leave_left(employee_id: UUID, on: date) -> Decimal:
    """Payroll's port for the final settlement (payroll.api.provide_leave_balance): the days of annual (earned,
    BLA s.117) leave of `on`'s calendar year not taken or applied for. Asked by payroll within its own command
    (payroll has checked its permission; hr reads its own rows)."""
    from vextrus.platform.uow import unit_of_work

    with unit_of_work() as uow:
        for b in _balances(uow, employee_id, on.year):
            if b.leave_type == "earned":
                return max(b.left, ZERO)
    return ZERO


def annual_leave_encashable(employee_id: UUID, on: date) -> tuple[Decimal, Decimal]:
    """Payroll's port for a monthly run's leave encashment (payroll.api.provide_leave_encashable): (days of
    annual leave left in `on`'s year, of them the days above the carry-forward cap, which would lapse)."""
    from vextrus.platform.uow import unit_of_work

    with unit_of_work() as uow:
        a = _annual(uow, employee_id, on.year)[0][-1]
    return max(a.left, ZERO), a.over_cap
