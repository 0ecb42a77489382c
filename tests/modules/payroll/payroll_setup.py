"""Shared set-up of payroll tests: a company with its book and income year 2025-26, salary structures, a site,
staff and daily workers, a week of approved muster rolls recorded through hr (the way wage runs get their days),
runs prepared, approved and posted."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from vextrus.modules.finance import service as finance
from vextrus.modules.hr import service as hr
from vextrus.modules.hr.schemas import AttendanceInput, MusterInput
from vextrus.modules.organization import api as org
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import (
    AdvanceInput,
    ComponentInput,
    EmployeeInput,
    RunInput,
    StructureInput,
)

STRUCT = [ComponentInput(name="house_rent", basis="basic", value=D("0.5")),
          ComponentInput(name="medical", basis="fixed", value=D(1500))]
SAT = date(2025, 10, 4)  # a Saturday: the Bangladesh week runs Saturday to Friday


def setup(code: str = "PBL"):
    """A company with its book, the income year 2025-26 open, grades G1 (20,000 basic + house rent + medical)
    and W1 (12,000)."""
    c = org.create_company(org.CompanyInput(code=code, name="Padma Builders Ltd."))
    finance.ensure_book(code, "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year(code, "2025-26")
    service.save_structure(StructureInput(company_id=c.id, grade="G1", basic=D(20_000), components=STRUCT))
    service.save_structure(StructureInput(company_id=c.id, grade="W1", basic=D(12_000)))
    return c


def site(c, code: str = "S-PBL"):
    from vextrus.modules.projects import service as projects

    return projects.create_project(code, "Padma Tower", name_bn="পদ্মা টাওয়ার", company_id=c.id).id


def staff(c, code: str = "E1", **kw):
    base = dict(company_id=c.id, code=code, name=f"Employee {code}", name_bn="কর্মী ক", grade="G1",
                joining_date=date(2020, 1, 1), account_no="0123456789", employment_type="permanent")
    return service.create_employee(EmployeeInput(**{**base, **kw}))


def worker(c, project, code: str = "W-1", wage: D = D(500), **kw):
    base = dict(company_id=c.id, code=code, name=f"Worker {code}", name_bn="শ্রমিক ক", grade="W1", workplace="site",
                employment_type="daily_wage", payment_method="cash", joining_date=date(2024, 1, 1),
                project_id=project, daily_wage=wage)
    return service.create_employee(EmployeeInput(**{**base, **kw}))


def give(c, e, amount, start, **kw):
    return service.give_advance(AdvanceInput(company_id=c.id, employee_id=e.id, given_on=kw.pop("given_on", start),
                                             amount=D(amount), start_month=start, **kw))


def month_run(c, month: date, **kw):
    return service.prepare_run(RunInput(company_id=c.id, month=month, **kw))


def post(run):
    return service.post_run(service.approve_run(run.id).id)


def muster(c, project, day, lines, approve: bool = True):
    """One site's muster roll of a day through hr: `lines` of (employee, status, overtime hours); approved
    (what a wage run pays) unless `approve` is False."""
    m = hr.record_muster(MusterInput(company_id=c.id, project_id=project, day=day, lines=[
        AttendanceInput(employee_id=e.id, status=s, overtime_hours=D(ot)) for e, s, ot in lines]))
    return hr.approve_muster(m.id) if approve else m


def week(c, project, people, start, present: dict):
    """A Saturday–Friday of approved muster rolls: each worker present the first n days, absent after."""
    for d in range(7):
        muster(c, project, start + timedelta(days=d),
               [(w, "present" if d < present[w.id] else "absent", 0) for w in people])
