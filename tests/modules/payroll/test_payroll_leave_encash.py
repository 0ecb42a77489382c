"""Annual leave encashed in a monthly payroll run (Bangladesh Labour Act 2006 s.117; paid at a day's wages, the
final settlement's rule for unavailed leave, s.11), on both databases: the worked example with the figures
derived in comments, the days leaving hr's balance only when the run is posted (and coming back when it is
reversed), the company setting `leave_encash_on_request` (without it only leave above the carry-forward cap),
bad input of every kind refused with code, en/bn message and field (nothing stored), REST and GraphQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from payroll_setup import muster, setup, site, staff
from sqlalchemy import func, select

from vextrus.app import create_app
from vextrus.modules.finance import service as finance
from vextrus.modules.hr import service
from vextrus.modules.hr import settings as hr_settings
from vextrus.modules.payroll import domain as pay
from vextrus.modules.payroll import service as payroll
from vextrus.modules.payroll.schemas import EncashInput, RunInput, SettingsChange
from vextrus.modules.payroll.tables import RunRow
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.uow import unit_of_work

OCT = date(2025, 10, 1)


def _work(c, project, w, start: date, days: int) -> None:
    for i in range(days):
        muster(c, project, start + timedelta(days=i), [(w, "present", 0)])


def setup_site():
    """PBL with a site; L1 (grade G1: basic 20,000 + house rent 50 % 10,000 + medical 1,500 = gross 31,500 a
    month) works on it, L2 (same grade) in the office."""
    c = setup()
    s = site(c)
    return c, s, staff(c, "L1", workplace="site", project_id=s, joining_date=date(2023, 1, 1)), staff(c, "L2")


def _earned(w, year=2025):
    return {b.leave_type: b for b in service.balances(w.id, year)}["earned"]


def _runs() -> int:
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(RunRow))


def _on_request(c, on: bool = True) -> None:
    payroll.change_settings(c.id, SettingsChange(leave_encash_on_request="true" if on else "false"))


def test_worked_example_two_days_encashed_in_october_leave_the_balance_when_posted(db, admin):
    """L1 (grade G1): gross 31,500 a month. 40 days present in August–September 2025 → earned int(40 / 18) = 2
    days of annual leave (BLA s.117(1)), none taken. The company encashes on request; 2 days in October's run:
    31,500 ÷ 30 = 1,050.00 a day × 2 = **2,100.00**, an earning: gross 31,500 + 2,100 = **33,600.00**. The balance keeps its 2 days while the run is a draft or
    approved; posting takes them (encashed 2, left 0); reversing the run gives them back."""
    c, s, w1, w2 = setup_site()
    _work(c, s, w1, date(2025, 8, 10), 40)
    assert _earned(w1).left == D(2)
    _on_request(c)
    run = payroll.prepare_run(RunInput(company_id=c.id, month=OCT, encash=[EncashInput(employee_id=w1.id, days=D(2))]))
    slips = {p.employee_code: p for p in run.payslips}
    assert (slips["L1"].leave_days_encashed, slips["L1"].leave_encashment) == (D(2), D("2100.00"))
    assert slips["L1"].gross == D("33600.00") and slips["L2"].leave_encashment == 0
    # the one rule: the settlement's leave line and the run's encashment are the same function
    assert pay.leave_encashment(D(31_500), D(2)) == D("2100.00")
    assert _earned(w1).left == D(2)  # a draft takes nothing yet
    run = payroll.approve_run(run.id)
    run = payroll.post_run(run.id, run.version)
    e = _earned(w1)
    assert (e.earned, e.encashed, e.left, e.carry_forward) == (D(2), D(2), 0, 0)
    # the journal's salary expense is the payslips' gross, encashment included (to the poisha)
    entry = finance.get_entry("PBL", run.entry_id)
    assert sum(ln.debit for ln in entry.lines) == sum(ln.credit for ln in entry.lines)
    assert run.gross == sum(p.gross for p in run.payslips)
    # nothing left to encash again in November
    with pytest.raises(ValidationFailed) as again:
        payroll.prepare_run(RunInput(company_id=c.id, month=date(2025, 11, 1),
                                     encash=[EncashInput(employee_id=w1.id, days=D(1))]))
    assert (again.value.code, again.value.field) == ("payroll.encash_exceeds_balance", "encash[0].days")
    payroll.reverse_run(run.id, "wrong month")
    assert _earned(w1).left == D(2)  # a reversed run gives the days back


def test_without_the_setting_only_leave_above_the_carry_cap_is_encashed(db, admin, monkeypatch):
    """Default setting (`leave_encash_on_request` false): 2 days left, cap 60 → nothing above the cap → refused.
    With a cap of 0 (the hr setting; a company carrying nothing) both days would lapse: 2 may be encashed."""
    c, s, w1, _ = setup_site()
    _work(c, s, w1, date(2025, 8, 10), 40)
    before = _runs()
    with pytest.raises(ValidationFailed) as within:
        payroll.prepare_run(RunInput(company_id=c.id, month=OCT, encash=[EncashInput(employee_id=w1.id, days=D(1))]))
    assert (within.value.code, within.value.field) == ("payroll.encash_within_carry", "encash[0].days")
    assert within.value.message_bn and _runs() == before
    monkeypatch.setattr(hr_settings, "carry_cap", lambda: D(0))
    assert (_earned(w1).left, _earned(w1).over_cap) == (D(2), D(2))
    run = payroll.prepare_run(RunInput(company_id=c.id, month=OCT, encash=[EncashInput(employee_id=w1.id, days=D(2))]))
    assert {p.employee_code: p for p in run.payslips}["L1"].leave_encashment == D("2100.00")


def _refused(err: DomainError, code: str, field: str) -> None:
    assert (err.code, err.field) == (code, field)
    assert err.message and err.message_bn and err.message != err.message_bn


def test_bad_input_is_refused_by_field_in_both_languages_and_nothing_is_stored(db, admin):
    c, s, w1, w2 = setup_site()
    _work(c, s, w1, date(2025, 8, 10), 40)
    _on_request(c)
    before = _runs()
    cases = [
        ([EncashInput(employee_id=w1.id, days=D(0))], "payroll.encash_days_invalid", "encash[0].days"),
        ([EncashInput(employee_id=w1.id, days=D(-1))], "payroll.encash_days_invalid", "encash[0].days"),
        ([EncashInput(employee_id=w1.id, days=D("0.3"))], "payroll.encash_days_invalid", "encash[0].days"),
        ([EncashInput(employee_id=w1.id, days=D(3))], "payroll.encash_exceeds_balance", "encash[0].days"),
        ([EncashInput(employee_id=w2.id, days=D(1))], "payroll.encash_exceeds_balance", "encash[0].days"),
        ([EncashInput(employee_id=c.id, days=D(1))], "payroll.encash_employee_unknown", "encash[0].employee_id"),
        ([EncashInput(employee_id=w1.id, days=D(1)), EncashInput(employee_id=w1.id, days=D(1))],
         "payroll.encash_employee_twice", "encash[1].employee_id"),
    ]
    for encash, code, field in cases:
        with pytest.raises(ValidationFailed) as bad:
            payroll.prepare_run(RunInput(company_id=c.id, month=OCT, encash=encash))
        _refused(bad.value, code, field)
    with pytest.raises(ValidationFailed) as nan:  # NaN never gets past the schema; the rule refuses it too
        pay.check_encashment(D("NaN"), D(2), D(2), True, "encash[0].days")
    _refused(nan.value, "payroll.encash_days_invalid", "encash[0].days")
    with pytest.raises(ValidationFailed) as setting:
        payroll.change_settings(c.id, SettingsChange(leave_encash_on_request="yes"))
    _refused(setting.value, "payroll.setting_invalid", "leave_encash_on_request")
    assert _runs() == before and _earned(w1).left == D(2)


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def test_rest_and_graphql(client):
    c, s, w1, _ = setup_site()
    _work(c, s, w1, date(2025, 8, 10), 40)
    _on_request(c)
    body = {"company_id": str(c.id), "month": "2025-10-01", "encash": [{"employee_id": str(w1.id), "days": "5"}]}
    r = client.post("/api/v1/payroll/runs", json=body)
    assert r.status_code == 422 and (r.json()["code"], r.json()["field"]) == ("payroll.encash_exceeds_balance",
                                                                             "encash[0].days")
    assert r.json()["message_bn"]
    for days in ("abc", "NaN", "-2"):
        bad = client.post("/api/v1/payroll/runs", json={**body, "encash": [{"employee_id": str(w1.id), "days": days}]})
        # the schema's refusals and the rule's name the field the same way (platform.forms.field_path)
        assert bad.status_code == 422 and bad.json()["field"] == "encash[0].days", bad.text
        assert bad.json()["code"] and bad.json()["message_bn"], bad.text
    body["encash"][0]["days"] = "1.5"  # 31,500 ÷ 30 = 1,050 × 1.5 = 1,575.00
    r = client.post("/api/v1/payroll/runs", json=body)
    assert r.status_code == 201, r.text
    slip = [p for p in r.json()["payslips"] if p["employee_code"] == "L1"][0]
    assert D(slip["leave_encashment"]) == D("1575.00") and D(slip["leave_days_encashed"]) == D("1.5")
    q = ('mutation { preparePayrollRun(data: {companyId: "' + str(c.id) + '", month: "2025-10-01", '
         'encash: [{employeeId: "' + str(w1.id) + '", days: "2"}]}) { payslips { employeeCode leaveEncashment } } }')
    g = client.post("/graphql", json={"query": q}).json()
    assert not g.get("errors"), g
    w = [p for p in g["data"]["preparePayrollRun"]["payslips"] if p["employeeCode"] == "L1"][0]
    assert D(w["leaveEncashment"]) == D("2100.00")
