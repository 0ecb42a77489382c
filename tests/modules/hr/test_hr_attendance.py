"""hr on both databases: site muster rolls (BLA 2006 hours), locking, the month's figures fed into payroll's
run (overtime at 2 × basic ÷ 208 per hour, BLA s.108; basic ÷ 30 withheld per absent day) to the poisha,
leave balances and refusals under BLA ss.46, 115–118. Source of the norms: ../shared/domain/bangladesh.md,
"Payroll and labour law"."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.finance import service as finance
from vextrus.modules.hr import domain, service
from vextrus.modules.hr.schemas import AttendanceInput, LeaveInput, MusterInput, PayrollFromMusterInput
from vextrus.modules.organization import api as org
from vextrus.modules.payroll import domain as pay
from vextrus.modules.payroll import service as payroll
from vextrus.modules.payroll.schemas import ComponentInput, EmployeeInput, StructureInput
from vextrus.platform import context
from vextrus.platform.errors import Conflict, PermissionDenied, ValidationFailed
from vextrus.platform.ids import new_id

SITE = new_id()  # a project (site): hr keys muster rolls by project id


def setup_site():
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    payroll.save_structure(StructureInput(company_id=c.id, grade="W1", basic=D(12_000), components=[
        ComponentInput(name="house_rent", basis="basic", value=D("0.5"))]))
    payroll.save_structure(StructureInput(company_id=c.id, grade="W2", basic=D(13_000), components=[]))
    ws = []
    for code, grade, cat in (("W1", "W1", "general"), ("W2", "W2", "general"), ("W3", "W1", "woman")):
        ws.append(payroll.create_employee(EmployeeInput(
            company_id=c.id, code=code, name=f"Worker {code}", name_bn="শ্রমিক", grade=grade, workplace="site",
            employment_type="contractual", payment_method="cash", joining_date=date(2024, 1, 1), category=cat,
            project_id=SITE)))
    payroll.create_employee(EmployeeInput(company_id=c.id, code="E1", name="Office", grade="W1",
                                          joining_date=date(2024, 1, 1), account_no="1"))  # not a site worker
    return c, ws


def day_sheet(c, day, lines, **kw):
    return service.record_muster(MusterInput(company_id=c.id, project_id=SITE, day=day, lines=[
        AttendanceInput(employee_id=e.id, status=s, overtime_hours=D(ot)) for e, s, ot in lines], **kw))


def test_a_month_of_muster_rolls_feeds_overtime_and_absence_into_the_run_to_the_poisha(db, admin):
    c, (w1, w2, w3) = setup_site()
    oct1 = date(2025, 10, 1)
    sheet = day_sheet(c, oct1, [(w1, "present", 2), (w2, "absent", 0), (w3, "present", 0)])
    assert [a.employee_code for a in sheet.lines] == ["W1", "W2", "W3"]  # the office employee is not listed
    assert (sheet.present, sheet.absent, sheet.overtime_hours, sheet.status) == (2, 1, D(2), "draft")
    assert sheet.lines[0].hours == D(8)  # blank hours of a present worker: the ordinary 8
    service.approve_muster(sheet.id)
    for i, (s1, ot1, s2) in enumerate([("present", 2, "half_day"), ("present", 2, "absent"),
                                       ("present", 2, "present"), ("absent", 0, "present")]):
        m = day_sheet(c, oct1 + timedelta(days=i + 1), [(w1, s1, ot1), (w2, s2, 0)])
        service.approve_muster(m.id)
    day_sheet(c, date(2025, 10, 20), [(w1, "absent", 0), (w2, "absent", 0)])  # a draft: not counted
    figures = {f.employee_id: f for f in service.month_figures(c.id, oct1)}
    assert (figures[w1.id].overtime_hours, figures[w1.id].absent_days, figures[w1.id].days_worked) == (D(8), D(1), D(4))
    assert (figures[w2.id].absent_days, figures[w2.id].days_worked) == (D("2.5"), D("2.5"))
    run = service.prepare_payroll(PayrollFromMusterInput(company_id=c.id, month=oct1))
    slips = {p.employee_code: p for p in run.payslips}
    # W1: basic 12,000; overtime 12,000 ÷ 208 × 2 × 8 h = 923.0769… → 923.08; absent 1 day: 12,000 ÷ 30 = 400.00
    assert (slips["W1"].overtime, slips["W1"].absence, slips["W1"].absent_days) == (D("923.08"), D("400.00"), D(1))
    assert slips["W1"].gross == D(12_000) + D(6_000) + D("923.08") - D("400.00")
    # W2: basic 13,000, 2.5 days absent: 13,000 × 2.5 ÷ 30 = 1,083.333… → 1,083.33
    assert (slips["W2"].absence, slips["W2"].gross) == (D("1083.33"), D("11916.67"))
    assert slips["W3"].absence == 0 and slips["W3"].overtime == 0 and slips["E1"].absence == 0
    assert all(p.net == p.gross - p.deductions for p in run.payslips)
    assert run.gross == sum(p.gross for p in run.payslips)


def test_a_day_sheet_is_refused_beyond_the_labour_act_and_names_the_line(db, admin):
    c, (w1, w2, _) = setup_site()
    day = date(2025, 10, 4)
    cases = [
        (AttendanceInput(employee_id=w1.id, status="present", hours=D(9)), "hr.hours_over_normal", "lines[0].hours"),
        (AttendanceInput(employee_id=w1.id, status="present", overtime_hours=D(3)), "hr.overtime_over_limit",
         "lines[0].overtime_hours"),
        (AttendanceInput(employee_id=w1.id, status="absent", hours=D(4)), "hr.hours_when_not_working", "lines[0].hours"),
        (AttendanceInput(employee_id=w1.id, status="sleeping"), "hr.status_invalid", "lines[0].status"),
        (AttendanceInput(employee_id=new_id(), status="present"), "hr.worker_not_on_site", "lines[0].employee_id"),
    ]
    for line, code, field in cases:
        with pytest.raises(ValidationFailed) as bad:
            service.record_muster(MusterInput(company_id=c.id, project_id=SITE, day=day, lines=[line]))
        assert (bad.value.code, bad.value.field) == (code, field) and bad.value.message_bn != bad.value.message
    assert service.get_muster(c.id, SITE, day).id is None  # nothing stored
    with pytest.raises(ValidationFailed) as future:
        day_sheet(c, date.today() + timedelta(days=2), [(w1, "present", 0)])
    assert future.value.field == "day"


def test_the_week_is_at_most_60_hours_with_overtime(db, admin):
    c, (w1, _, _) = setup_site()
    sat = date(2025, 10, 4)  # a Saturday: the week runs to Friday 10 October
    assert domain.week_of(sat) == (sat, date(2025, 10, 10)) and domain.week_of(date(2025, 10, 10))[0] == sat
    for i in range(6):  # 6 × 10 = 60 hours
        day_sheet(c, sat + timedelta(days=i), [(w1, "present", 2)])
    with pytest.raises(ValidationFailed) as bad:
        day_sheet(c, sat + timedelta(days=6), [(w1, "present", 0)])
    assert (bad.value.code, bad.value.field) == ("hr.week_over_limit", "lines[0].overtime_hours")
    day_sheet(c, sat + timedelta(days=6), [(w1, "holiday", 0)])  # a holiday is fine
    day_sheet(c, sat + timedelta(days=5), [(w1, "present", 0)])  # correcting a draft day counts it once


def test_an_approved_day_is_locked_and_a_stale_sheet_is_refused(db, admin):
    c, (w1, w2, _) = setup_site()
    day = date(2025, 10, 6)
    m = day_sheet(c, day, [(w1, "present", 0)])
    m2 = day_sheet(c, day, [(w2, "half_day", 0)], expected_version=m.version)  # a second pass adds a line
    assert [a.status for a in m2.lines[:2]] == ["present", "half_day"] and m2.version > m.version
    with pytest.raises(Conflict):
        day_sheet(c, day, [(w1, "absent", 0)], expected_version=m.version)
    service.approve_muster(m2.id)
    with pytest.raises(Conflict) as locked:
        day_sheet(c, day, [(w1, "absent", 0)])
    assert locked.value.code == "hr.muster_locked" and locked.value.message_bn
    with pytest.raises(Conflict):
        service.approve_muster(m2.id)
    month = service.month_view(c.id, SITE, day)
    row = {r.employee_code: r for r in month.rows}["W1"]
    assert len(month.days) == 31 and row.days[5] == "present" and month.approved_days == [day]


def test_leave_balances_accrual_and_refusals(db, admin):
    c, (w1, w2, w3) = setup_site()
    y = date.today().year
    apply = lambda e, t, s, n: service.apply_leave(LeaveInput(employee_id=e.id, leave_type=t, start=s,  # noqa: E731
                                                              end=s + timedelta(days=n - 1)))
    first = apply(w1, "casual", date(y, 3, 1), 6)
    assert (first.days, first.status) == (D(6), "applied")
    with pytest.raises(ValidationFailed) as over:  # 6 pending + 5 > 10 (BLA s.115)
        apply(w1, "casual", date(y, 4, 1), 5)
    assert (over.value.code, over.value.field) == ("hr.leave_exceeds_balance", "end")
    assert "৪" not in over.value.message and "বাকি" in over.value.message_bn
    service.approve_leave(first.id)
    bal = {b.leave_type: b for b in service.balances(w1.id, y)}
    assert (bal["casual"].entitled, bal["casual"].taken, bal["casual"].left) == (D(10), D(6), D(4))
    assert (bal["sick"].left, bal["festival"].left, bal["earned"].entitled) == (D(14), D(11), D(0))
    second = apply(w1, "casual", date(y, 5, 1), 4)
    service.reject_leave(second.id)
    with pytest.raises(Conflict):
        service.approve_leave(second.id)
    assert {b.leave_type: b for b in service.balances(w1.id, y)}["casual"].left == D(4)
    with pytest.raises(ValidationFailed) as men:  # maternity (BLA s.46) is for women
        apply(w1, "maternity", date(y, 6, 1), 112)
    assert (men.value.code, men.value.field) == ("hr.leave_not_eligible", "leave_type")
    assert apply(w3, "maternity", date(y, 6, 1), 112).days == D(112)
    with pytest.raises(ValidationFailed) as earned:  # no approved days worked yet: no earned leave (s.117)
        apply(w2, "earned", date(y, 7, 1), 1)
    assert earned.value.code == "hr.leave_exceeds_balance"
    with pytest.raises(ValidationFailed) as bad_type:
        apply(w2, "holiday", date(y, 7, 1), 1)
    assert bad_type.value.field == "leave_type"


def test_earned_leave_accrues_one_day_per_18_days_worked(db, admin):
    c, (w1, _, _) = setup_site()
    start = date(2025, 9, 1)
    for i in range(37):  # 36 days present and one half day: 36.5 days worked → 2 days earned
        m = day_sheet(c, start + timedelta(days=i), [(w1, "present" if i < 36 else "half_day", 0)])
        service.approve_muster(m.id)
    assert {b.leave_type: b for b in service.balances(w1.id, 2025)}["earned"].entitled == D(2)
    assert domain.entitlement(domain.LEAVE_TYPES["earned"], D(53)) == D(2)
    assert domain.entitlement(domain.LEAVE_TYPES["earned"], D(54)) == D(3)


def test_permissions(db, admin, tenant_id):
    c, (w1, _, _) = setup_site()
    viewer = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="engineer@test",
                                    permissions=frozenset({"hr.attendance.view", "hr.attendance.record"}))
    with context.acting_as(viewer):
        m = day_sheet(c, date(2025, 10, 7), [(w1, "present", 1)])
        assert m.lines[0].status == "present"
        with pytest.raises(PermissionDenied):
            service.approve_muster(m.id)
        with pytest.raises(PermissionDenied):
            service.prepare_payroll(PayrollFromMusterInput(company_id=c.id, month=date(2025, 10, 1)))


STATUSES = st.sampled_from(list(domain.STATUSES))


@settings(max_examples=200, deadline=None)
@given(days=st.lists(st.tuples(STATUSES, st.integers(0, 2)), min_size=0, max_size=31),
       basic=st.integers(8_000, 200_000), employment=st.sampled_from(["permanent", "contractual"]))
def test_net_is_gross_less_deductions_and_never_negative_for_any_attendance(days, basic, employment):
    """Any month of attendance (BLA-valid lines) → payroll's payslip: net = gross − deductions ≥ 0, the
    absence deduction is basic ÷ 30 per absent day to the poisha (at most the basic)."""
    lines = [(s, D(ot) if s in ("present", "half_day") else D(0)) for s, ot in days]
    f = domain.month_figures(lines)
    structure = pay.structure("G", D(basic), [{"name": "house_rent", "basis": "basic", "value": D("0.5")}])
    c = pay.compute_payslip(date(2025, 10, 1), pay.EmployeeFacts(date(2020, 1, 1), employment, "general",
                                                                 "dhaka_chattogram_city", D(0)),
                            structure, pay.settings({}), overtime_hours=f.overtime_hours, absent_days=f.absent_days)
    slip = c.payslip
    assert slip.net == slip.gross - slip.deductions and slip.net >= 0
    assert slip.absence == min((D(basic) * f.absent_days / 30).quantize(D("0.01")), D(basic))
    assert f.days_worked + f.absent_days + f.leave_days + f.holidays == len(days)


def test_approved_leave_is_proposed_on_the_day_sheet_and_never_docked_as_absence(db, admin):
    """An approved leave day is paid (BLA ss.115–118): the day sheet proposes "leave" for the worker, marking
    them absent is refused naming the line, and the month's figures count no absence for it."""
    c, (w1, w2, _w3) = setup_site()
    day = date(2025, 10, 7)
    leave = service.apply_leave(LeaveInput(employee_id=w1.id, leave_type="sick", start=day - timedelta(days=1), end=day))
    pending = {a.employee_code: a for a in service.get_muster(c.id, SITE, day).lines}
    assert pending["W1"].on_leave is None  # applied, not approved: nothing proposed
    service.approve_leave(leave.id)
    lines = {a.employee_code: a for a in service.get_muster(c.id, SITE, day).lines}
    assert (lines["W1"].on_leave, lines["W1"].status, lines["W2"].on_leave) == ("sick", None, None)
    with pytest.raises(ValidationFailed) as refused:
        day_sheet(c, day, [(w2, "present", 0), (w1, "absent", 0)])
    assert (refused.value.code, refused.value.field) == ("hr.absent_on_leave", "lines[1].status")
    assert "ছুটি" in refused.value.message_bn and service.get_muster(c.id, SITE, day).id is None
    sheet = day_sheet(c, day, [(w2, "present", 0), (w1, "leave", 0)])
    service.approve_muster(sheet.id)
    figures = {f.employee_id: f for f in service.month_figures(c.id, day)}
    assert (figures[w1.id].absent_days, figures[w1.id].days_worked) == (D(0), D(0))
    assert day_sheet(c, day + timedelta(days=1), [(w1, "present", 0)]).lines[0].status == "present"  # back at work
