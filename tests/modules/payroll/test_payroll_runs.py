"""Payroll runs on both databases: employees, structures, draft → approve → post through finance, the
journal equal to the sum of the payslips, bad input refused with nothing stored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from vextrus.modules.finance import service as finance
from vextrus.modules.organization import api as org
from vextrus.modules.payroll import service
from vextrus.modules.payroll.events import RunPosted
from vextrus.modules.payroll.schemas import (
    ComponentInput,
    EmployeeInput,
    OvertimeInput,
    RunInput,
    SettingsChange,
    StructureInput,
)
from vextrus.modules.payroll.tables import EmployeeRow, PayslipRow
from vextrus.platform.errors import Conflict, PermissionDenied, ValidationFailed
from vextrus.platform.tables import OutboxEvent

STRUCT = [ComponentInput(name="house_rent", basis="basic", value=D("0.5")),
          ComponentInput(name="medical", basis="fixed", value=D(1500)),
          ComponentInput(name="conveyance", basis="fixed", value=D(1000))]


def setup_company(code: str = "PBL"):
    c = org.create_company(org.CompanyInput(code=code, name="Padma Builders Ltd."))
    finance.ensure_book(code, "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year(code, "2025-26")
    service.save_structure(StructureInput(company_id=c.id, grade="G1", basic=D(60_000), components=STRUCT))
    service.save_structure(StructureInput(company_id=c.id, grade="W1", basic=D(12_000), components=STRUCT[:1]))
    return c


def employee(c, code: str, grade: str = "G1", **kw) -> EmployeeInput:
    base = dict(company_id=c.id, code=code, name=f"Employee {code}", name_bn="কর্মী", grade=grade,
                joining_date=date(2020, 1, 1), account_no="0123456789", nid="1234567890", etin="123456789012")
    return EmployeeInput(**{**base, **kw})


def test_a_month_is_prepared_approved_and_posted_as_one_journal(db, admin):
    c = setup_company()
    a = service.create_employee(employee(c, "e-1"))
    service.create_employee(employee(c, "W-1", grade="W1", workplace="site", employment_type="daily_wage",
                                     payment_method="mfs"))
    w2 = service.create_employee(employee(c, "W-2", grade="W1", workplace="site", employment_type="contractual",
                                          category="woman", joining_date=date(2025, 6, 1)))
    run = service.prepare_run(RunInput(company_id=c.id, month=date(2025, 10, 15), festival="Durga Puja",
                                       overtime=[OvertimeInput(employee_id=w2.id, hours=D(10))]))
    assert run.status == "draft" and run.employees == 3 and run.month == date(2025, 10, 1)
    slips = {p.employee_code: p for p in run.payslips}
    e1 = slips["E-1"]
    # basic 60,000 + house rent 30,000 + medical 1,500 + conveyance 1,000 + festival bonus 60,000
    assert (e1.basic, e1.house_rent, e1.gross, e1.bonus) == (D(60_000), D(30_000), D(152_500), D(60_000))
    assert (e1.pf_employee, e1.pf_employer) == (D(6000), D(6000))  # 10 % of basic, permanent staff
    # §86 by hand: the year's salary = 1,52,500 + 92,500 × 8 (Nov–Jun) = 8,92,500; exempt 2,97,500;
    # taxable 5,95,000: 3,75,000 nil + 2,20,000 × 10 % = 22,000; none deducted before: 22,000 ÷ 9 = 2,444
    assert (e1.annual_tax, e1.tax) == (D(22_000), D(2444))
    assert e1.net == e1.gross - e1.tax - e1.pf_employee
    w = slips["W-2"]
    assert w.bonus == 0  # less than a year's service (Bangladesh Labour Rules 2015 r.111(5))
    assert w.overtime == D("1153.85")  # 12,000 ÷ 208 × 2 × 10 h (BLA 2006 s.108)
    assert w.pf_employee == 0
    with pytest.raises(Conflict):
        service.post_run(run.id)  # a draft is approved first
    approved = service.approve_run(run.id, run.version)
    posted = service.post_run(approved.id, approved.version, idempotency_key="post-oct")
    assert posted.status == "posted" and posted.entry_number
    again = service.post_run(approved.id, approved.version, idempotency_key="post-oct")
    assert again.entry_id == posted.entry_id  # the key replays; no second journal
    entry = finance.get_entry("PBL", posted.entry_id)
    by = {}
    for ln in entry.lines:
        by.setdefault(ln.account_code, [D(0), D(0)])
        by[ln.account_code][0] += ln.debit
        by[ln.account_code][1] += ln.credit
    assert by["2160"][1] == sum(p.net for p in run.payslips)
    assert by["2151"][1] == sum(p.tax for p in run.payslips)
    assert by["2170"][1] == sum(p.pf_employee + p.pf_employer for p in run.payslips)
    assert by["5130"][0] == slips["W-1"].gross + w.gross  # site staff to site labour
    assert by["5210"][0] == e1.gross + e1.pf_employer  # office salaries + the employer's PF
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEvent).where(
            OutboxEvent.name == RunPosted.name, OutboxEvent.tenant_id == admin.tenant_id)) == 1
    with pytest.raises(Conflict):
        service.prepare_run(RunInput(company_id=c.id, month=date(2025, 10, 1)))  # posted: no recompute
    # November withholds what is left of the year's tax over 8 months, knowing October's deduction
    nov = service.prepare_run(RunInput(company_id=c.id, month=date(2025, 11, 1)))
    n1 = next(p for p in nov.payslips if p.employee_code == "E-1")
    assert n1.tax == (n1.annual_tax - D(2444)) // 8
    assert a.id == n1.employee_id


def test_bad_input_is_422_with_the_field_and_nothing_stored(db, admin):
    c = setup_company()
    for kw, field in ((dict(nid="12"), "nid"), (dict(etin="x"), "etin"), (dict(grade="ZZ"), "grade"),
                      (dict(employment_type="slave"), "employment_type"), (dict(category="x"), "category"),
                      (dict(account_no=""), "account_no"), (dict(basic=D(-1)), "basic")):
        with pytest.raises(ValidationFailed) as e:
            service.create_employee(employee(c, "X1", **kw))
        assert e.value.field == field and e.value.message_bn and e.value.status == 422
    with pytest.raises(ValidationFailed) as e:
        service.save_structure(StructureInput(company_id=c.id, grade="G9", basic=D(1),
                                              components=[ComponentInput(name="hat", basis="fixed", value=D(1))]))
    assert e.value.field == "components[0].name"
    with pytest.raises(ValidationFailed) as e:
        service.prepare_run(RunInput(company_id=c.id, month=date(2025, 10, 1)))
    assert e.value.code == "payroll.no_employees"
    with pytest.raises(ValidationFailed) as e:
        service.change_settings(c.id, SettingsChange(pf_employee_rate=D(2)))
    assert e.value.field == "pf_employee_rate"
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(EmployeeRow).where(EmployeeRow.company_id == c.id)) == 0


def test_permissions_are_checked_in_the_service(db, admin, tenant_id):
    from vextrus.platform import context
    from vextrus.platform.ids import new_id

    c = setup_company()
    viewer = context.RequestContext(tenant_id=tenant_id, user_id=new_id(),
                                    permissions=frozenset({"payroll.employee.view"}), actor="clerk@test")
    with context.acting_as(viewer):
        assert service.list_employees(c.id).items == []
        with pytest.raises(PermissionDenied):
            service.create_employee(employee(c, "E1"))
        with pytest.raises(PermissionDenied):
            service.prepare_run(RunInput(company_id=c.id, month=date(2025, 10, 1)))


BASICS = st.decimals(min_value=D(8000), max_value=D(900_000), places=2)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(BASICS, st.sampled_from(["office", "site"]), st.sampled_from(["permanent", "daily_wage"]),
                          st.decimals(min_value=D(0), max_value=D(60), places=1)), min_size=1, max_size=6),
       st.integers(1, 12), st.booleans())
def test_property_journal_equals_the_sum_of_payslips_to_the_poisha(db, admin, people, month, festival):
    from vextrus.platform.ids import new_id

    code = f"P{new_id().hex[-6:]}".upper()
    c = setup_company(code)
    service.change_settings(c.id, SettingsChange(pf_employee_rate=D("0.0833"), pf_employer_rate=D("0.0833")))
    ids = []
    for i, (basic, where, kind, _) in enumerate(people):
        ids.append(service.create_employee(employee(c, f"E{i}", basic=basic, workplace=where,
                                                    employment_type=kind)).id)
    day = date(2025 if month >= 7 else 2026, month, 1)
    run = service.prepare_run(RunInput(company_id=c.id, month=day, festival="Eid" if festival else "",
                                       overtime=[OvertimeInput(employee_id=e, hours=p[3])
                                                 for e, p in zip(ids, people, strict=True)]))
    for p in run.payslips:
        assert p.net == p.gross - p.deductions
        assert p.gross == p.basic + p.house_rent + p.medical + p.conveyance + p.other + p.overtime + p.bonus
        assert p.tax == p.tax.to_integral_value() and p.net >= 0
    run = service.post_run(service.approve_run(run.id).id)
    entry = finance.get_entry(code, run.entry_id)
    debit = sum(ln.debit for ln in entry.lines)
    assert debit == sum(ln.credit for ln in entry.lines)
    assert debit == sum(p.gross + p.pf_employer for p in run.payslips)
    with db.session_factory() as s:
        assert s.scalar(select(func.sum(PayslipRow.net)).where(PayslipRow.run_id == run.id)) == run.net


def test_a_stale_approval_is_refused_and_a_draft_is_recomputed(db, admin):
    """Versioned runs: approving from an older version is 409; preparing a draft again replaces its payslips."""
    from vextrus.platform.errors import StaleVersion

    c = setup_company()
    e = service.create_employee(employee(c, "E1", grade="W1", workplace="site"))
    first = service.prepare_run(RunInput(company_id=c.id, month=date(2025, 12, 1)))
    again = service.prepare_run(RunInput(company_id=c.id, month=date(2025, 12, 1),
                                         overtime=[OvertimeInput(employee_id=e.id, hours=D(5))]))
    assert again.id == first.id and again.version > first.version and len(again.payslips) == 1
    assert again.payslips[0].overtime == D("576.92")  # 12,000 ÷ 208 × 2 × 5
    with pytest.raises(StaleVersion):
        service.approve_run(first.id, first.version)
    with pytest.raises(Conflict) as e2:
        service.post_run(again.id)
    assert e2.value.message_bn.startswith("১২/২০২৫") and "খসড়া" in e2.value.message_bn


def test_an_employee_is_promoted_and_separated_with_version_checks(db, admin):
    from vextrus.modules.payroll.schemas import EmployeeChange
    from vextrus.platform.errors import StaleVersion

    c = setup_company()
    e = service.create_employee(employee(c, "E1", grade="W1", workplace="site"))
    up = service.change_employee(e.id, EmployeeChange(grade="G1"), e.version)
    assert up.grade == "G1" and up.version == e.version + 1
    with pytest.raises(StaleVersion):
        service.change_employee(e.id, EmployeeChange(name="Late"), e.version)
    with pytest.raises(ValidationFailed) as bad:
        service.change_employee(e.id, EmployeeChange(grade="NOPE"))
    assert bad.value.field == "grade" and service.get_employee(e.id).grade == "G1"
    service.change_employee(e.id, EmployeeChange(status="separated"))
    service.create_employee(employee(c, "E2"))
    run = service.prepare_run(RunInput(company_id=c.id, month=date(2025, 9, 1)))
    assert [p.employee_code for p in run.payslips] == ["E2"]  # a separated employee is not paid
