"""Transfers between sites (issue 18): load → guard → pure transition (domain/transfer.py) → store → emit → view."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import clock, context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import domain
from ..events import EmployeeTransferred
from ..repository import postings, transfer_view
from ..schemas import TransferView
from ..tables import TransferRow
from .employees import load_employee


def check_project(project_id: UUID | None) -> None:
    """The project exists and is the active company's (asked of projects' api as payroll); None is head office."""
    if project_id is None:
        return
    from vextrus.platform import runtime

    known = None
    if "projects" in runtime.current().registry.names:
        from vextrus.modules.projects import api as projects

        from .. import MODULE

        with context.calling_as(MODULE):
            known = projects.get_project(project_id)
    if known is None:
        raise ValidationFailed("payroll.project_unknown", f"Project {project_id} does not exist",
                               "প্রকল্পটি নেই", field="project_id")


@command("payroll.employee.manage", scope="payroll.transfer_employee")
def transfer_employee(uow: UnitOfWork, employee_id: UUID, project_id: UUID | None, effective_on: date, reason: str,
                      expected_version: int | None = None) -> TransferView:
    """Transfer to `project_id` (None: head office) from `effective_on`, not in the future (so the employee's
    current project is always the latest transfer's, in effect). A history row is stored; earlier months keep
    their project."""
    row = load_employee(uow, employee_id)
    check_version(row, expected_version, f"employee {row.code}")
    if effective_on > clock.today():
        raise ValidationFailed("payroll.transfer_in_future", "A transfer is recorded on or after the day it takes "
                               "effect", "বদলি কার্যকর হওয়ার দিন বা পরে লিপিবদ্ধ করা হয়", field="effective_on")
    check_project(project_id)
    history = postings(uow.session, [row.id]).get(row.id, [])
    before = domain.transfer.in_effect(history, effective_on, row.project_id)
    new = domain.transfer.transfer(history, status=row.status, joining_date=row.joining_date,
                                   current=row.project_id, project_id=project_id,
                                   effective_on=effective_on, reason=reason)
    t = TransferRow(tenant_id=row.tenant_id, company_id=row.company_id, employee_id=row.id,
                    project_id=new.project_id, from_project_id=before, effective_on=new.effective_on,
                    reason=reason.strip())
    uow.session.add(t)
    row.project_id = new.project_id  # the latest transfer, in effect (no future dates)
    touch(row)
    uow.session.flush()
    uow.emit(EmployeeTransferred(transfer_id=t.id, company_id=row.company_id, employee_id=row.id,
                                 from_project_id=before, project_id=new.project_id, effective_on=new.effective_on))
    return transfer_view(t)


@query("payroll.employee.view")
def list_transfers(uow: UnitOfWork, employee_id: UUID) -> list[TransferView]:
    row = load_employee(uow, employee_id)
    return [transfer_view(t) for t in uow.session.scalars(
        select(TransferRow).where(TransferRow.employee_id == row.id).order_by(TransferRow.effective_on))]



def projects_by_id(active_only: bool = False) -> dict:
    """The company's projects (code, names) for the employee page, asked of projects' api as payroll; {} when
    projects is not running."""
    from vextrus.platform import runtime

    if "projects" not in runtime.current().registry.names:
        return {}
    from vextrus.modules.projects import api as projects

    from .. import MODULE

    with context.calling_as(MODULE):
        return {p.id: p for p in projects.list_projects(active_only=active_only)}
