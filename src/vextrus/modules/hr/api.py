"""What other modules may call (with `events`): plain functions; callers declare the permissions
in their manifest's `uses=` and call within `context.calling_as(THEIR_MODULE)`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import PermissionDenied
from vextrus.platform.uow import UnitOfWork, query

from .schemas import BalanceView, FiguresView
from .service import balances, month_figures
from .tables import AttendanceRow, MusterRow


class DayLine(BaseModel):
    """One worker's line on an APPROVED site muster roll (payroll's wage runs are fed these)."""

    employee_id: UUID
    project_id: UUID
    day: date
    status: str  # present | half_day | absent | leave | holiday
    overtime_hours: Decimal


class DayLines(BaseModel):
    lines: list[DayLine]
    unapproved: list[tuple[UUID, date]]  # (project, day) of muster rolls in the range still in draft


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
    if approved:
        for a in uow.session.scalars(select(AttendanceRow).where(AttendanceRow.muster_id.in_(approved))):
            m = musters[a.muster_id]
            lines.append(DayLine(employee_id=a.employee_id, project_id=m.project_id, day=m.day, status=a.status,
                                 overtime_hours=a.overtime_hours))
    draft = sorted(((m.project_id, m.day) for m in musters.values() if m.status != "approved"),
                   key=lambda x: (x[1], str(x[0])))
    return DayLines(lines=sorted(lines, key=lambda ln: (ln.day, str(ln.employee_id))), unapproved=draft)


def prepare_wage_run(data: Any, idempotency_key: str | None = None) -> Any:
    """Prepare payroll's wage run (`payroll.api.WageRunRequest`: company, period ≤ 31 days, site or all) with
    the APPROVED muster rolls' days; days still in draft go along as warnings. hr depends on payroll (never the
    other way), so hr hands payroll the facts, as for the monthly run. The user needs `payroll.run.prepare`
    themself: hr does not lend it."""
    from vextrus.modules.payroll import api as payroll

    from . import MODULE

    if not context.current().can("payroll.run.prepare"):
        raise PermissionDenied("payroll.run.prepare")
    got = day_lines(data.company_id, data.period_start, data.period_end, data.project_id)
    facts = payroll.WageRunInput(
        company_id=data.company_id, period_start=data.period_start, period_end=data.period_end,
        project_id=data.project_id,
        days=[payroll.WageDayInput(**ln.model_dump()) for ln in got.lines],
        unapproved=[payroll.WageWarning(project_id=p, day=d) for p, d in got.unapproved])
    with context.calling_as(MODULE):
        return payroll.prepare_wage_run(facts, idempotency_key=idempotency_key)


__all__ = ["BalanceView", "DayLine", "DayLines", "FiguresView", "balances", "day_lines", "month_figures",
           "prepare_wage_run"]
