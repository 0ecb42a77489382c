"""Wage runs of daily-wage site workers on both databases: a week of hr's muster rolls (recorded and approved
through hr's service) → prepare → approve → post. Each worker's pay is recomputed here from the muster-roll
facts: a day's wage per day present (half for a half day), approved leave and holidays paid (BLA 2006
ss.103, 115–118), absent unpaid; overtime at 2 × daily wage ÷ 8 an hour (BLA s.108: twice the ordinary
rate; s.100: 8 ordinary hours a day); rounded half up to the poisha. The journal equals the sum of the
slips; a draft muster day is listed and left unpaid; a day is paid once."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from payroll_setup import muster

from bangla_text import latin_in_main
from vextrus.modules.finance import service as finance
from vextrus.modules.hr import api as hr_api
from vextrus.modules.hr import service as hr
from vextrus.modules.organization import api as org
from vextrus.modules.payroll import service
from vextrus.modules.payroll.schemas import (
    EmployeeInput,
    OvertimeInput,
    RunInput,
    StructureInput,
    WageDayInput,
    WageRunInput,
    WageRunRequest,
)
from vextrus.modules.projects import service as projects
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.ids import new_id

SAT = date(2025, 10, 4)  # a Saturday: the Bangladesh week runs Saturday to Friday
FRI = SAT + timedelta(days=6)
PAID = {"present": D(1), "half_day": D("0.5"), "absent": D(0), "leave": D(1), "holiday": D(1)}


def setup(code: str = "PBL", wages=(D(650), D(700), D("733.33"))):
    c = org.create_company(org.CompanyInput(code=code, name="Padma Builders Ltd."))
    finance.ensure_book(code, "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year(code, "2025-26")
    service.save_structure(StructureInput(company_id=c.id, grade="W1", basic=D(12_000)))
    site = projects.create_project(f"S-{code}", "Padma Tower", name_bn="পদ্মা টাওয়ার", company_id=c.id).id
    workers = [service.create_employee(EmployeeInput(
        company_id=c.id, code=f"W-{i + 1}", name=f"Worker {i + 1}", name_bn=f"শ্রমিক {'কখগঘঙচ'[i % 6]}", grade="W1",
        workplace="site", employment_type="daily_wage", payment_method="cash", joining_date=date(2024, 1, 1),
        project_id=site, daily_wage=w)) for i, w in enumerate(wages)]
    return c, site, workers


def prepare(request):
    """hr prepares payroll's wage run with its approved muster rolls (hr depends on payroll, not back)."""
    return hr_api.prepare_wage_run(request)


sheet = muster  # one site's muster roll of a day through hr (payroll_setup)


def expected(wage: D, days: list[tuple[str, D]]) -> tuple[D, D, D]:
    """(wages, overtime, gross) of a worker from the muster facts, independently of the module."""
    q = D("0.01")
    wages = (sum(PAID[s] for s, _ in days) * wage).quantize(q, ROUND_HALF_UP)
    ot = (sum(h for _, h in days) * wage * 2 / 8).quantize(q, ROUND_HALF_UP)
    return wages, ot, wages + ot


WEEK = [  # (W-1, W-2, W-3) per day, Saturday to Friday: (status, overtime hours)
    [("present", 2), ("present", 0), ("half_day", 1)],
    [("present", 0), ("absent", 0), ("present", 2)],
    [("present", 1), ("present", 2), ("present", 0)],
    [("half_day", 0), ("present", 0), ("leave", 0)],
    [("present", 2), ("present", 1), ("absent", 0)],
    [("absent", 0), ("present", 2), ("present", 2)],
    [("holiday", 0), ("holiday", 0), ("holiday", 0)],  # Friday, the weekly holiday
]


def record_week(c, site, workers, week=WEEK, draft_days=()):
    for i, row in enumerate(week):
        day = SAT + timedelta(days=i)
        sheet(c, site, day, [(w, s, ot) for w, (s, ot) in zip(workers, row, strict=True)],
              approve=day not in draft_days)


def test_a_week_is_prepared_approved_and_posted_as_one_journal_per_site(db, admin):
    c, site, workers = setup()
    record_week(c, site, workers)
    run = prepare(WageRunRequest(company_id=c.id, period_start=SAT, period_end=FRI, project_id=site))
    assert (run.status, run.workers, run.warnings) == ("draft", 3, [])
    slips = {s.employee_code: s for s in run.slips}
    for i, w in enumerate(workers):
        facts = [(row[i][0], D(row[i][1])) for row in WEEK]
        wages, ot, gross = expected(w.daily_wage, facts)
        s = slips[w.code]
        assert (s.wages, s.overtime, s.gross, s.net) == (wages, ot, gross, gross), w.code
        assert s.overtime_hours == sum(h for _, h in facts)
        assert s.days_paid == sum(PAID[st_] for st_, _ in facts)
    # W-1 by hand: 4 present + half + holiday = 5.5 days × 650 = 3,575; 5 h × 650 × 2 ÷ 8 = 812.50
    assert (slips["W-1"].present_days, slips["W-1"].half_days, slips["W-1"].holidays) == (4, 1, 1)
    assert (slips["W-1"].wages, slips["W-1"].overtime) == (D("3575.00"), D("812.50"))
    # W-3 at 733.33 a day: 5 days paid (half, present ×3 … leave, holiday) and 5 h: 5.5 × 733.33; 5 × 183.3325
    assert slips["W-3"].overtime == D("916.66")  # 916.6625 → half up to the poisha
    run = service.post_wage_run(service.approve_wage_run(run.id).id)
    assert run.status == "posted" and run.entry_number
    entry = finance.get_entry(c.id, run.entry_id)
    debits = [ln for ln in entry.lines if ln.debit]
    assert [(ln.account_code, ln.project_id) for ln in debits] == [("5130", site)]
    assert sum(ln.debit for ln in entry.lines) == sum(ln.credit for ln in entry.lines) == \
        sum(s.net + s.deductions for s in run.slips) == run.gross
    assert [ln.account_code for ln in entry.lines if ln.credit] == ["2160"]
    assert entry.entry_date == FRI
    with pytest.raises(Conflict) as again:
        service.post_wage_run(run.id)
    assert again.value.field == "status"


def test_a_draft_muster_day_is_listed_and_left_unpaid_then_paid_once_by_a_later_run(db, admin):
    c, site, workers = setup()
    wed = SAT + timedelta(days=4)
    record_week(c, site, workers, draft_days=(wed,))
    run = prepare(WageRunRequest(company_id=c.id, period_start=SAT, period_end=FRI))
    assert [(w.project_id, w.day) for w in run.warnings] == [(site, wed)]
    facts = [(row[0][0], D(row[0][1])) for i, row in enumerate(WEEK) if i != 4]
    assert {s.employee_code: s.gross for s in run.slips}["W-1"] == expected(workers[0].daily_wage, facts)[2]
    # approve the day in hr, then a run of that day alone pays it; a run over the whole week is refused
    hr.approve_muster(hr.get_muster(c.id, site, wed).id)
    late = prepare(WageRunRequest(company_id=c.id, period_start=wed, period_end=wed))
    assert late.warnings == [] and {s.employee_code: s.days_paid for s in late.slips} == {
        "W-1": 1, "W-2": 1, "W-3": 0}
    with pytest.raises(Conflict) as twice:
        prepare(WageRunRequest(company_id=c.id, period_start=SAT, period_end=FRI + timedelta(days=1)))
    e = twice.value
    assert (e.code, e.field, e.details["employee_code"], e.details["day"]) == (
        "payroll.day_already_paid", "period_start", "W-1", str(SAT))
    assert "একবারই" in e.message_bn


def test_bad_periods_and_wages_are_refused_naming_the_field(db, admin):
    c, site, workers = setup()
    for start, end, field in ((FRI, SAT, "period_end"), (SAT, SAT + timedelta(days=31), "period_end")):
        with pytest.raises(ValidationFailed) as bad:
            prepare(WageRunRequest(company_id=c.id, period_start=start, period_end=end))
        assert bad.value.field == field
    with pytest.raises(ValidationFailed) as none:
        prepare(WageRunRequest(company_id=c.id, period_start=SAT, period_end=FRI))
    assert none.value.code == "payroll.no_wage_days"
    typed = WageRunInput(company_id=c.id, period_start=SAT, period_end=SAT, days=[WageDayInput(
        employee_id=workers[0].id, project_id=site, day=SAT, status="present")])
    with pytest.raises(ValidationFailed) as direct:  # days typed in, not from hr's approved muster rolls
        service.prepare_wage_run(typed)
    assert (direct.value.code, direct.value.field) == ("payroll.wage_days_not_from_hr", "days")
    base = dict(company_id=c.id, name="X", grade="W1", workplace="site", joining_date=date(2024, 1, 1),
                payment_method="cash")
    with pytest.raises(ValidationFailed) as zero:
        service.create_employee(EmployeeInput(code="Z1", employment_type="daily_wage", daily_wage=D(0), **base))
    assert zero.value.field == "daily_wage"
    with pytest.raises(ValidationFailed) as monthly:
        service.create_employee(EmployeeInput(code="Z2", employment_type="permanent", daily_wage=D(500), **base))
    assert monthly.value.field == "daily_wage"


def test_a_daily_wage_worker_is_not_also_paid_by_the_monthly_run(db, admin):
    c, site, workers = setup()
    record_week(c, site, workers)
    office = service.create_employee(EmployeeInput(company_id=c.id, code="E1", name="Office", grade="W1",
                                                   joining_date=date(2024, 1, 1), account_no="1"))
    run = service.prepare_run(RunInput(company_id=c.id, month=SAT, overtime=[
        OvertimeInput(employee_id=workers[0].id, hours=D(5))]))  # hr feeds every worker's figures: ignored
    assert [p.employee_id for p in run.payslips] == [office.id]


STATUSES = st.sampled_from(["present", "present", "present", "half_day", "absent", "leave"])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.decimals(min_value=D(400), max_value=D(2000), places=2),
                          st.lists(st.tuples(STATUSES, st.integers(0, 2)), min_size=6, max_size=6)),
                min_size=1, max_size=4),
       st.integers(0, 30))
def test_property_the_journal_equals_the_slips_to_the_poisha_over_random_weeks(db, admin, people, shift):
    code = f"P{new_id().hex[-6:]}".upper()
    c, site, workers = setup(code, [w for w, _ in people])
    start = SAT + timedelta(weeks=shift % 20)
    facts = {w.id: [] for w in workers}
    for d in range(7):
        lines = []
        for w, (_, days) in zip(workers, people, strict=True):
            s, ot = days[d] if d < 6 else ("holiday", 0)
            if s not in ("present", "half_day"):
                ot = 0
            lines.append((w, s, ot))
            facts[w.id].append((s, D(ot)))
        sheet(c, site, start + timedelta(days=d), lines)
    run = prepare(WageRunRequest(company_id=c.id, period_start=start, period_end=start + timedelta(days=6)))
    for s in run.slips:
        w = next(x for x in workers if x.id == s.employee_id)
        assert s.gross == expected(w.daily_wage, facts[w.id])[2] and s.net == s.gross - s.deductions
    run = service.post_wage_run(service.approve_wage_run(run.id).id)
    entry = finance.get_entry(code, run.entry_id)
    total = sum(s.net + s.deductions for s in run.slips)
    assert sum(ln.debit for ln in entry.lines) == sum(ln.credit for ln in entry.lines) == total == run.gross


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as cl:
        yield cl


def test_rest_graphql_and_pages_in_english_and_bangla(client):
    c, site, workers = setup()
    record_week(c, site, workers, draft_days=(FRI,))
    body = {"company_id": str(c.id), "period_start": str(SAT), "period_end": str(FRI), "project_id": str(site)}
    r1 = client.post("/api/v1/hr/wage-runs", json=body, headers={"Idempotency-Key": "wr-1"})
    r2 = client.post("/api/v1/hr/wage-runs", json=body, headers={"Idempotency-Key": "wr-1"})
    assert r1.status_code == 201 and r1.json()["id"] == r2.json()["id"] and r1.json()["version"] == r2.json()["version"]
    rid = r1.json()["id"]
    assert client.get(r1.headers["location"]).json()["workers"] == 3
    bad = client.post("/api/v1/hr/wage-runs", json={**body, "period_end": str(SAT - timedelta(days=1))})
    assert bad.status_code == 422 and bad.json()["field"] == "period_end" and bad.json()["message_bn"]
    g = ('mutation { hrPrepareWageRun(companyId: "' + str(c.id) + '", periodStart: "' + str(SAT) + '", periodEnd: "'
         + str(FRI) + '", projectId: "' + str(site) + '", idempotencyKey: "wr-g") { id status workers unapprovedDays } }')
    prepared = client.post("/graphql", json={"query": g}).json()["data"]["hrPrepareWageRun"]
    assert prepared == {"id": rid, "status": "draft", "workers": 3, "unapprovedDays": [str(FRI)]}  # same draft, again
    assert client.post(f"/api/v1/payroll/wage-runs/{rid}/approve", headers={"Idempotency-Key": "wa-1"}).status_code == 200
    q = '{ payrollWageRuns(companyId: "' + str(c.id) + '") { nodes { id status gross net workers } } }'
    nodes = client.post("/graphql", json={"query": q}).json()["data"]["payrollWageRuns"]["nodes"]
    assert [n["status"] for n in nodes] == ["approved"]
    m = ('mutation { postPayrollWageRun(id: "' + rid + '", idempotencyKey: "wp-1") { status entryNumber '
         'slips { employeeCode daysPaid overtimeHours gross net } warnings { day } } }')
    posted = client.post("/graphql", json={"query": m}).json()["data"]["postPayrollWageRun"]
    assert posted["status"] == "posted" and posted["warnings"] == [{"day": str(FRI)}]
    assert [s["employeeCode"] for s in posted["slips"]] == ["W-1", "W-2", "W-3"]
    en = client.get(f"/payroll/wage-runs/{rid}?lang=en")
    bn = client.get(f"/payroll/wage-runs/{rid}?lang=bn")
    assert en.status_code == bn.status_code == 200
    assert "Wage run" in en.text and "Overtime hours" in en.text and "Posted" in en.text
    assert "মজুরি চালনা" in bn.text and "অধিকাল ঘণ্টা" in bn.text and "শ্রমিক ক" in bn.text
    assert "৳২,৯২৫.০০" in bn.text or "২,৯২৫.০০" in bn.text  # W-1: 4.5 days (Friday a draft) × 650
    assert latin_in_main(bn.text) == []
    index = client.get(f"/payroll?company={c.id}&lang=bn")
    assert index.status_code == 200 and f"/payroll/wage-runs/{rid}" in index.text
    assert client.get(f"/payroll/wage-runs/{new_id()}?lang=bn").status_code == 404
    assert client.get("/payroll/wage-runs/not-an-id?lang=bn").status_code in (404, 422)


def test_the_site_office_prepares_approves_and_posts_a_week_from_the_pages(client):
    """hr's page prepares the wage run of a site's week; the run's page approves it and posts it (the form carries
    the version seen, so a stale click is refused, not acted on twice); Bangla pages and refusals in Bangla."""
    c, site, workers = setup()
    record_week(c, site, workers)
    client.get("/hr")
    client.headers["X-CSRF-Token"] = client.cookies.get("vx_csrf") or ""
    hr_page = client.get(f"/hr?company={c.id}&lang=bn")
    assert 'id="wage-run-from-muster"' in hr_page.text and "মজুরি চালনা প্রস্তুত" in hr_page.text
    assert latin_in_main(hr_page.text) == []
    form = {"company_id": str(c.id), "project_id": str(site), "period_start": str(SAT), "period_end": str(FRI)}
    bad = client.post("/hr/wage-runs?lang=bn", data={**form, "period_end": "৩১ ফেব্রুয়ারি"}, follow_redirects=False)
    assert bad.status_code == 422 and 'role="alert"' in bad.text and service.list_wage_runs(c.id).items == []
    made = client.post("/hr/wage-runs", data=form, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].startswith("/payroll/wage-runs/")
    page = client.get(made.headers["location"] + "?lang=bn")
    run = service.list_wage_runs(c.id).items[0]
    assert run.status == "draft" and 'id="run-approve"' in page.text and "চালনা অনুমোদন" in page.text
    url = f"/payroll/wage-runs/{run.id}"
    stale = client.post(f"{url}/approve", data={"expected_version": str(run.version + 1)}, follow_redirects=False)
    assert stale.status_code == 409 and service.get_wage_run(run.id).status == "draft"
    assert client.post(f"{url}/approve", data={"expected_version": str(run.version)},
                       follow_redirects=False).status_code == 303
    approved = service.get_wage_run(run.id)
    assert approved.status == "approved" and 'id="run-post"' in client.get(url).text
    assert client.post(f"{url}/post", data={"expected_version": str(approved.version)},
                       follow_redirects=False).status_code == 303
    posted = service.get_wage_run(run.id)
    assert posted.status == "posted" and posted.entry_number
    done = client.get(url + "?lang=bn").text
    assert 'id="run-post"' not in done and 'id="run-approve"' not in done and latin_in_main(done) == []
    again = client.post(f"{url}/post", data={"expected_version": str(posted.version)}, follow_redirects=False)
    assert again.status_code in (409, 422) and service.get_wage_run(run.id).entry_number == posted.entry_number
