"""The hr subgraph: a site's muster roll for a day and an employee's leave balances."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from vextrus.platform.graphql import Subgraph
from vextrus.platform.ids import parse_id

from . import service


@strawberry.type(name="HrAttendance")
class Attendance:
    employee_id: strawberry.ID
    employee_code: str
    employee_name: str
    status: str | None
    hours: Decimal
    overtime_hours: Decimal
    on_leave: str | None = None


@strawberry.type(name="HrMuster")
class Muster:
    id: strawberry.ID | None
    day: date
    status: str
    version: int
    lines: list[Attendance]
    day_off: str | None = None
    day_off_bn: str | None = None


@strawberry.type(name="HrLeaveBalance")
class Balance:
    leave_type: str
    name: str
    name_bn: str
    section: str
    entitled: Decimal
    taken: Decimal
    pending: Decimal
    left: Decimal


@strawberry.type
class HrQuery:
    @strawberry.field
    def hr_muster(self, company_id: strawberry.ID, project_id: strawberry.ID, day: date) -> Muster:
        m = service.get_muster(parse_id(company_id, "company_id"), parse_id(project_id, "project_id"), day)
        return Muster(id=strawberry.ID(str(m.id)) if m.id else None, day=m.day, status=m.status, version=m.version,
                      day_off=m.day_off, day_off_bn=m.day_off_bn,
                      lines=[Attendance(employee_id=strawberry.ID(str(a.employee_id)), employee_code=a.employee_code,
                                        employee_name=a.employee_name, status=a.status, hours=a.hours,
                                        overtime_hours=a.overtime_hours, on_leave=a.on_leave) for a in m.lines])

    @strawberry.field
    def hr_leave_balances(self, employee_id: strawberry.ID, year: int) -> list[Balance]:
        return [Balance(**b.model_dump()) for b in service.balances(parse_id(employee_id, "employee_id"), year)]


SUBGRAPH = Subgraph(query=HrQuery)
