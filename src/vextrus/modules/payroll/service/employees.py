"""Employees and salary structures: load → guard → pure rule (domain) → store → emit → view."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..domain.reporting import check_manager
from ..events import EmployeeHired
from ..repository import employee_view, structure_view
from ..schemas import EmployeeChange, EmployeeInput, EmployeePage, EmployeeView, StructureInput, StructureView
from ..tables import EmployeeRow, StructureRow, TransferRow


def check_company(company_id: UUID) -> None:
    """Only the active company's rows (organization's company; NotFound for another's)."""
    from vextrus.modules.organization import api as organization

    context.require_company(company_id, "company", company_id, field="company_id")
    if organization.get_company(company_id) is None:
        raise ValidationFailed("payroll.company_unknown", f"Company {company_id} does not exist",
                               "কোম্পানিটি নেই", field="company_id")


def _check_reporting(uow: UnitOfWork, company_id: UUID, employee_id: UUID | None, manager_id: UUID | None,
                     user_id: UUID | None) -> None:
    """The manager is another employee of the company and no reporting cycle follows; the user account
    exists and is no other employee's."""
    if manager_id is not None:
        managers = dict(uow.session.execute(select(EmployeeRow.id, EmployeeRow.manager_id).where(
            EmployeeRow.company_id == company_id)).tuples().all())
        check_manager(employee_id, manager_id, managers)
    if user_id is None:
        return
    from vextrus.platform import runtime

    if "auth" in runtime.current().registry.names:
        from vextrus.modules.auth import api as auth

        if auth.user(user_id) is None:
            raise ValidationFailed("payroll.user_unknown", f"User {user_id} does not exist",
                                   "ব্যবহারকারীটি নেই", field="user_id")
    other = uow.session.scalar(select(EmployeeRow.code).where(EmployeeRow.user_id == user_id,
                                                              EmployeeRow.id != employee_id) if employee_id else
                               select(EmployeeRow.code).where(EmployeeRow.user_id == user_id))
    if other is not None:
        other_code = other  # the employee's code, as typed
        raise Conflict("payroll.user_taken", f"This user account is already employee {other}'s",
                       f"এই ব্যবহারকারী অ্যাকাউন্ট ইতিমধ্যে কর্মী {other_code}-এর", field="user_id", details={"employee": other})


def user_for_email(email: str) -> UUID | None:
    """The user account with this e-mail (the employee page's field), or None (asked of auth as payroll)."""
    from vextrus.modules.auth import api as auth

    from .. import MODULE

    with context.calling_as(MODULE):
        u = auth.user_by_email(email.strip())
    return None if u is None else u.id


def user_email(user_id: UUID | None) -> str:
    """The e-mail of the employee's user account, for the employee page ('' when none or auth is not running)."""
    from vextrus.platform import runtime

    if user_id is None or "auth" not in runtime.current().registry.names:
        return ""
    from vextrus.modules.auth import api as auth

    u = auth.user(user_id)
    return "" if u is None else u.email


def manager_user_of(user_id: UUID) -> UUID | None:
    """The user account of the manager of the employee who is `user_id` (issue 13: approvals by "the
    submitter's manager"), or None: the user is no active employee, has no manager, or the manager has no
    user account or has left. Read-only: no permission (it names one user id and nothing else). Within a
    company the active company's employee is preferred."""
    from vextrus.platform.uow import unit_of_work

    with unit_of_work() as uow:
        rows = uow.session.execute(select(EmployeeRow.company_id, EmployeeRow.manager_id).where(
            EmployeeRow.user_id == user_id, EmployeeRow.status == "active")).all()
        company = context.current().company_id
        rows.sort(key=lambda r: r[0] != company)
        for _, manager_id in rows:
            if manager_id is None:
                continue
            m = uow.session.get(EmployeeRow, manager_id)
            if m is not None and m.status == "active" and m.user_id is not None:
                return m.user_id
        return None


@command("payroll.employee.manage", scope="payroll.save_structure")
def save_structure(uow: UnitOfWork, data: StructureInput) -> StructureView:
    check_company(data.company_id)
    s = domain.structure(data.grade, data.basic, [c.model_dump() for c in data.components])
    comps = [{"name": c.name, "basis": c.basis, "value": str(c.value)} for c in s.components]
    row = uow.session.scalar(select(StructureRow).where(StructureRow.company_id == data.company_id,
                                                        StructureRow.grade == s.grade))
    if row is None:
        row = StructureRow(tenant_id=context.require_tenant(), company_id=data.company_id, grade=s.grade)
        uow.session.add(row)
    row.basic, row.components = s.basic, comps
    uow.session.flush()
    return structure_view(row)


@query("payroll.employee.view")
def list_structures(uow: UnitOfWork, company_id: UUID) -> list[StructureView]:
    context.require_company(company_id, "company", company_id, field="company_id")
    rows = uow.session.scalars(select(StructureRow).where(StructureRow.company_id == company_id)
                               .order_by(StructureRow.grade))
    return [structure_view(r) for r in rows]


@command("payroll.employee.manage", scope="payroll.create_employee")
def create_employee(uow: UnitOfWork, data: EmployeeInput) -> EmployeeView:
    check_company(data.company_id)
    code = data.code.strip().upper()
    domain.check_employee(code=code, name=data.name, nid=data.nid.strip(), etin=data.etin.strip(),
                          workplace=data.workplace, employment_type=data.employment_type,
                          payment_method=data.payment_method, account_no=data.account_no,
                          category=data.category, area=data.area, basic=data.basic, investment=data.investment)
    domain.wages.check_daily_wage(data.employment_type, data.daily_wage)
    domain.check_payment_details(data.routing_no.strip(), data.mfs_provider.strip())
    if uow.session.scalar(select(StructureRow.id).where(StructureRow.company_id == data.company_id,
                                                        StructureRow.grade == data.grade.strip())) is None:
        grade_code = data.grade  # the grade's code, as typed
        raise ValidationFailed("payroll.grade_unknown", f"Grade {data.grade} has no salary structure",
                               f"গ্রেড {grade_code} এর বেতন কাঠামো নেই", field="grade")
    if uow.session.scalar(select(EmployeeRow.id).where(EmployeeRow.company_id == data.company_id,
                                                       EmployeeRow.code == code)) is not None:
        raise Conflict("payroll.employee_exists", f"Employee {code} already exists", f"কর্মী {code} আগে থেকেই আছে",
                       field="code")
    _check_reporting(uow, data.company_id, None, data.manager_id, data.user_id)
    row = EmployeeRow(tenant_id=context.require_tenant(), company_id=data.company_id, code=code,
                      name=data.name.strip(), name_bn=data.name_bn.strip(), nid=data.nid.strip(),
                      etin=data.etin.strip(), grade=data.grade.strip(), site_id=data.site_id,
                      project_id=data.project_id, workplace=data.workplace, employment_type=data.employment_type,
                      payment_method=data.payment_method, account_no=data.account_no.strip(),
                      bank_name=data.bank_name.strip(), bank_branch=data.bank_branch.strip(),
                      routing_no=data.routing_no.strip(), mfs_provider=data.mfs_provider.strip(),
                      joining_date=data.joining_date, category=data.category, area=data.area, basic=data.basic,
                      investment=data.investment, daily_wage=data.daily_wage, manager_id=data.manager_id,
                      user_id=data.user_id)
    uow.session.add(row)
    uow.session.flush()
    record_joining(uow, row)
    uow.emit(EmployeeHired(employee_id=row.id, company_id=row.company_id, code=code))
    return employee_view(row)


@command("payroll.employee.manage", scope="payroll.change_employee")
def change_employee(uow: UnitOfWork, employee_id: UUID, data: EmployeeChange,
                    expected_version: int | None = None) -> EmployeeView:
    """Change the fields given (a promotion is a new grade; a separation the status `separated`)."""
    row = load_employee(uow, employee_id)
    check_version(row, expected_version, f"employee {row.code}")
    new = {**{k: getattr(row, k) for k in EmployeeChange.model_fields}, **data.model_dump(exclude_unset=True)}
    if new["status"] not in ("active", "separated"):
        raise ValidationFailed("payroll.status_invalid", "Status is active or separated",
                               "অবস্থা সক্রিয় বা অব্যাহতিপ্রাপ্ত", field="status")
    domain.check_employee(code=row.code, name=new["name"] or "", nid=row.nid, etin=row.etin,
                          workplace=new["workplace"], employment_type=new["employment_type"],
                          payment_method=new["payment_method"], account_no=new["account_no"] or "",
                          category=row.category, area=row.area, basic=new["basic"],
                          investment=new["investment"] if new["investment"] is not None else row.investment)
    domain.wages.check_daily_wage(new["employment_type"], new["daily_wage"])
    domain.check_payment_details((new["routing_no"] or "").strip(), (new["mfs_provider"] or "").strip())
    if new["grade"] != row.grade and uow.session.scalar(select(StructureRow.id).where(
            StructureRow.company_id == row.company_id, StructureRow.grade == new["grade"])) is None:
        grade_code = new["grade"]  # the grade's code, as typed
        raise ValidationFailed("payroll.grade_unknown", f"Grade {new['grade']} has no salary structure",
                               f"গ্রেড {grade_code} এর বেতন কাঠামো নেই", field="grade")
    _check_reporting(uow, row.company_id, row.id, new["manager_id"], new["user_id"])
    for k, v in data.model_dump(exclude_unset=True).items():
        setattr(row, k, v.strip() if isinstance(v, str) else v)
    uow.session.flush()
    return employee_view(row)


def record_joining(uow: UnitOfWork, row: EmployeeRow) -> None:
    """The first posting of a new employee: from the joining date, the project given (None: head office)."""
    uow.session.add(TransferRow(tenant_id=row.tenant_id, company_id=row.company_id, employee_id=row.id,
                                project_id=row.project_id, from_project_id=None, effective_on=row.joining_date,
                                reason="joining"))


@query("payroll.employee.view")
def list_employees(uow: UnitOfWork, company_id: UUID, first: int = 50, after: str | None = None) -> EmployeePage:
    context.require_company(company_id, "company", company_id, field="company_id")
    page = paginate(uow.session, select(EmployeeRow).where(EmployeeRow.company_id == company_id),
                    EmployeeRow.code, first=first, after=after)
    return EmployeePage(items=[employee_view(r) for r in page.items], end_cursor=page.end_cursor,
                        has_next_page=page.has_next_page)


@query("payroll.employee.view")
def get_employee(uow: UnitOfWork, employee_id: UUID) -> EmployeeView:
    return employee_view(load_employee(uow, employee_id))


def load_employee(uow: UnitOfWork, employee_id: UUID) -> EmployeeRow:
    row = uow.session.get(EmployeeRow, employee_id)
    if row is None:
        raise domain.NotFoundInPayroll("employee", "কর্মী", employee_id)
    context.require_company(row.company_id, "employee", employee_id)
    return row
