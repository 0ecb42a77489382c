"""Employees are payroll's: read them through `payroll.api` (as hr, which declares `payroll.employee.view`)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed


def employees(company_id: UUID) -> dict[UUID, Any]:
    """Every employee of the company (all pages), by id."""
    from vextrus.modules.payroll import api as payroll

    from .. import MODULE

    out: dict[UUID, Any] = {}
    after = None
    with context.calling_as(MODULE):
        while True:
            page = payroll.list_employees(company_id, 500, after)
            out.update((e.id, e) for e in page.items)
            if not page.has_next_page:
                return out
            after = page.end_cursor


def employee_of_user(company_id: UUID, user_id: UUID) -> Any | None:
    """The company's active employee whose user account is `user_id` (payroll's employee ↔ user link), or None."""
    return next((e for e in employees(company_id).values() if e.user_id == user_id and e.status == "active"), None)


def day_off(project_id: UUID, day: date) -> tuple[str, str] | None:
    """(name, Bangla name) when the site's project calendar does not work `day` (a public holiday, the
    weekly holiday, a closure), as projects knows it; None on a working day or without projects."""
    from vextrus.platform import runtime

    if "projects" not in runtime.current().registry.names:
        return None
    from vextrus.modules.projects import api as projects

    from .. import MODULE

    with context.calling_as(MODULE):
        off = projects.days_off(project_id, day, day)
    return (off[0].name, off[0].name_bn) if off else None


def site_workers(company_id: UUID, project_id: UUID, day: date) -> list[Any]:
    """Active site staff of the project (a site is a project) who had joined by `day`, by code."""
    return sorted((e for e in employees(company_id).values()
                   if e.project_id == project_id and e.workplace == "site" and e.status == "active"
                   and e.joining_date <= day), key=lambda e: e.code)


def employee(employee_id: UUID) -> Any:
    from vextrus.modules.payroll import api as payroll

    from .. import MODULE

    with context.calling_as(MODULE):
        try:
            return payroll.get_employee(employee_id)
        except Exception as exc:  # payroll's NotFound: say which field
            if getattr(exc, "status", None) == 404:
                raise ValidationFailed("hr.employee_unknown", f"Employee {employee_id} does not exist",
                                       "কর্মীটি নেই", field="employee_id") from None
            raise
