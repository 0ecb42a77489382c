"""hr over HTTP on both databases, on the demo company: the demo site's muster rolls of this month, REST
(422 with code, en/bn message and field path; nothing stored), payroll prepared from the muster rolls, the
payslip PDF in English and Bangla, and the pages in English and Bangla."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.finance import demo as finance_demo
from vextrus.modules.hr import demo as hr_demo
from vextrus.modules.hr import service
from vextrus.modules.hr.schemas import LeaveInput
from vextrus.modules.organization import api as org
from vextrus.modules.payroll import demo as payroll_demo
from vextrus.modules.projects import api as projects
from vextrus.modules.projects import demo as projects_demo
from vextrus.platform import clock


@pytest.fixture
def client(db, admin, tenant_id):
    # February 2026: a month of the 2025-26 income year, whose tax rules payroll has (January is the
    # payroll demo's posted run)
    clock.set_clock(lambda: datetime(2026, 2, 19, 6, 0, tzinfo=UTC))
    org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
    finance_demo.load(tenant_id)
    projects_demo.load(tenant_id)
    payroll_demo.load(tenant_id)
    hr_demo.load(tenant_id)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    try:
        with TestClient(app) as c:
            yield c
    finally:
        clock.set_clock(None)


def _ids():
    cid = sorted(org.list_companies(), key=lambda c: c.code)[0].id
    return cid, projects.project_by_code("PADMA-RES").id


def test_the_demo_site_has_this_months_muster_rolls_and_rest_refuses_bad_lines(client):
    cid, site = _ids()
    today = clock.today()
    month = service.month_view(cid, site, today)
    assert len(month.approved_days) == today.day - 1 and len(month.rows) >= 10
    day = today  # today's sheet is still open
    sheet = client.get(f"/api/v1/hr/muster?company_id={cid}&project_id={site}&day={day}").json()
    assert sheet["id"] is None and sheet["lines"]
    worker = sheet["lines"][0]["employee_id"]
    body = {"company_id": str(cid), "project_id": str(site), "day": str(day),
            "lines": [{"employee_id": worker, "status": "present", "overtime_hours": "2"},
                      {"employee_id": sheet["lines"][1]["employee_id"], "status": "present", "overtime_hours": "5"}]}
    r = client.put("/api/v1/hr/muster", json=body)
    assert r.status_code == 422
    j = r.json()
    assert (j["code"], j["field"]) == ("hr.overtime_over_limit", "lines[1].overtime_hours") and j["message_bn"]
    assert client.get(f"/api/v1/hr/muster?company_id={cid}&project_id={site}&day={day}").json()["id"] is None
    body["lines"] = body["lines"][:1]
    saved = client.put("/api/v1/hr/muster", json=body).json()
    assert saved["status"] == "draft" and saved["lines"][0]["status"] == "present"
    ok = client.post(f"/api/v1/hr/muster/{saved['id']}/approve", json={"expected_version": saved["version"]})
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert client.put("/api/v1/hr/muster", json=body).json()["code"] == "hr.muster_locked"


def test_leave_over_rest_and_the_payroll_run_with_a_payslip_pdf(client):
    cid, site = _ids()
    worker = service.get_muster(cid, site, clock.today()).lines[2].employee_id
    y = clock.today().year
    r = client.post("/api/v1/hr/leave", json={"employee_id": str(worker), "leave_type": "sick",
                                              "start": f"{y}-02-01", "end": f"{y}-02-15"})
    assert r.status_code == 422 and (r.json()["code"], r.json()["field"]) == ("hr.leave_exceeds_balance", "end")
    assert "১৫" in r.json()["message_bn"] and "15" in r.json()["message"]
    r = client.post("/api/v1/hr/leave", json={"employee_id": str(worker), "leave_type": "sick",
                                              "start": f"{y}-02-01", "end": f"{y}-02-03"})
    assert r.status_code == 201
    assert client.post(f"/api/v1/hr/leave/{r.json()['id']}/approve").json()["status"] == "approved"
    bal = {b["leave_type"]: b for b in client.get(f"/api/v1/hr/leave/balances?employee_id={worker}&year={y}").json()}
    assert bal["sick"]["left"] == "11.00" or float(bal["sick"]["left"]) == 11
    month = clock.today().replace(day=1)
    r = client.post("/api/v1/hr/payroll", json={"company_id": str(cid), "month": str(month)})
    assert r.status_code == 201, r.text
    run = r.json()
    figures = {f["employee_id"]: f for f in client.get(f"/api/v1/hr/attendance/figures?company_id={cid}&month={month}").json()}
    slips = [p for p in run["payslips"] if p["employee_id"] in figures]
    assert slips and any(float(p["absence"]) > 0 for p in slips) and any(float(p["overtime"]) > 0 for p in slips)
    for p in slips:
        assert float(p["absent_days"]) == float(figures[p["employee_id"]]["absent_days"])
    slip = slips[0]
    for lang in ("en", "bn"):
        pdf = client.get(f"/api/v1/payroll/payslips/{slip['id']}/pdf?lang={lang}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    again = client.get(f"/payroll/payslips/{slip['id']}/pdf?lang=bn")
    assert again.status_code == 200 and again.content.startswith(b"%PDF")
    assert client.get(f"/api/v1/payroll/payslips/{slip['id']}/pdf?lang=fr").json()["field"] == "lang"
    page = client.get(f"/payroll/runs/{run['id']}?lang=bn")
    assert f"/payroll/payslips/{slip['id']}/pdf" in page.text and "পিডিএফ" in page.text


@pytest.mark.parametrize("lang,words,foreign", [
    ("en", ["Attendance and leave", "Monthly muster roll", "Present", "Casual leave", "Approved and locked"],
     ["হাজিরা"]),
    ("bn", ["হাজিরা ও ছুটি", "মাসিক হাজিরা খাতা", "উপস্থিত", "নৈমিত্তিক ছুটি", "অনুমোদিত ও বন্ধ", "মোঃ রুবেল"],
     ["Present", "Absent", "Leave type", "Approved", "Casual"]),
])
def test_pages_in_english_and_bangla(client, lang, words, foreign):
    cid, site = _ids()
    yesterday = clock.today() - timedelta(days=1)
    first = clock.today().replace(day=1)
    urls = [f"/hr?lang={lang}", f"/hr/muster?company={cid}&project={site}&day={yesterday}&lang={lang}",
            f"/hr/muster/month?company={cid}&project={site}&month={first:%Y-%m}&lang={lang}",
            f"/hr/leave?company={cid}&lang={lang}"]
    pages = [client.get(u) for u in urls]
    assert [p.status_code for p in pages] == [200, 200, 200, 200], [p.text[:300] for p in pages if p.status_code != 200]
    text = "".join(p.text for p in pages)
    for w in words:
        assert w in text, w
    main = "".join(p.text.split("<main", 1)[-1] for p in pages)
    for w in foreign:
        assert w not in main, w
    assert date(2000, 1, 1) < yesterday


def test_the_day_sheet_form_saves_refuses_and_approves(client):
    cid, site = _ids()
    day = clock.today()
    url = f"/hr/muster?company={cid}&project={site}&day={day}&lang=bn"
    page = client.get(url)
    csrf = client.cookies.get("vx_csrf")
    m = service.get_muster(cid, site, day)
    a, b = m.lines[0].employee_id, m.lines[1].employee_id
    form = {"csrf_token": csrf, "company_id": str(cid), "project_id": str(site), "day": str(day), "version": "0",
            f"status_{a}": "present", f"ot_{a}": "4", f"status_{b}": "absent"}
    bad = client.post("/hr/muster?lang=bn", data=form)
    assert bad.status_code == 422 and "অধিকালসহ কর্মঘণ্টা দিনে সর্বোচ্চ ১০" in bad.text
    assert service.get_muster(cid, site, day).id is None
    form[f"ot_{a}"] = "2"
    ok = client.post("/hr/muster", data=form, follow_redirects=False)
    assert ok.status_code == 303 and page.status_code == 200
    saved = service.get_muster(cid, site, day)
    assert [saved.lines[0].status, saved.lines[1].status, saved.lines[0].overtime_hours] == ["present", "absent", 2]
    r = client.post(f"/hr/muster/{saved.id}/approve", data={"csrf_token": csrf, "version": str(saved.version)},
                    follow_redirects=False)
    assert r.status_code == 303 and service.get_muster(cid, site, day).status == "approved"
    assert 'id="approve"' not in client.get(url).text and "অনুমোদিত ও বন্ধ" in client.get(url).text


def test_graphql_reads_a_days_sheet_and_balances(client):
    cid, site = _ids()
    day = clock.today() - timedelta(days=1)
    q = f'{{ hrMuster(companyId: "{cid}", projectId: "{site}", day: "{day}") {{ status lines {{ employeeCode status }} }} }}'
    data = client.post("/graphql", json={"query": q}).json()["data"]["hrMuster"]
    assert data["status"] == "approved" and data["lines"] and all(ln["status"] for ln in data["lines"])
    worker = service.get_muster(cid, site, day).lines[0].employee_id
    q = f'{{ hrLeaveBalances(employeeId: "{worker}", year: {day.year}) {{ leaveType entitled left }} }}'
    bal = {b["leaveType"]: b for b in client.post("/graphql", json={"query": q}).json()["data"]["hrLeaveBalances"]}
    assert float(bal["casual"]["entitled"]) == 10 and float(bal["sick"]["left"]) == 14


def test_the_day_sheet_proposes_leave_for_a_worker_on_approved_leave(client):
    cid, site = _ids()
    day = clock.today()
    worker = service.get_muster(cid, site, day).lines[3].employee_id
    leave = service.apply_leave(LeaveInput(employee_id=worker, leave_type="casual", start=day, end=day))
    service.approve_leave(leave.id)
    page = client.get(f"/hr/muster?company={cid}&project={site}&day={day}&lang=bn").text
    select = re.search(rf'<select name="status_{worker}".*?</select>', page, re.S).group(0)
    assert re.search(r'<option value="leave" selected>', select)
    assert f'data-on-leave="{worker}">অনুমোদিত ছুটিতে<' in page
    q = f'{{ hrMuster(companyId: "{cid}", projectId: "{site}", day: "{day}") {{ lines {{ employeeId onLeave }} }} }}'
    lines = client.post("/graphql", json={"query": q}).json()["data"]["hrMuster"]["lines"]
    assert {ln["employeeId"]: ln["onLeave"] for ln in lines}[str(worker)] == "casual"


def test_the_day_sheet_of_a_day_off_on_the_site_calendar_proposes_holiday(client):
    """PADMA-RES works the SITE calendar (Saturday to Thursday, Bangladesh public holidays): on a Friday and on
    Victory Day (16 December, seeded by projects) the sheet says the site does not work and proposes
    "holiday" for everyone; a working day proposes nothing."""
    cid, site = _ids()
    friday, victory, tuesday = date(2026, 2, 13), date(2025, 12, 16), date(2026, 2, 17)
    assert friday.weekday() == 4 and tuesday.weekday() == 1
    assert service.get_muster(cid, site, friday).day_off == "Weekly holiday"
    victory_day = service.get_muster(cid, site, victory)
    assert victory_day.day_off and victory_day.day_off_bn and victory_day.day_off_bn != victory_day.day_off
    assert service.get_muster(cid, site, tuesday).day_off is None
    page = client.get(f"/hr/muster?company={cid}&project={site}&day={victory}&lang=bn").text
    assert f'id="day-off">সাইটে ছুটির দিন: {victory_day.day_off_bn}<' in page
    blank = [a for a in service.get_muster(cid, site, victory).lines if a.status is None]
    assert blank
    for a in blank:
        select = re.search(rf'<select name="status_{a.employee_id}".*?</select>', page, re.S).group(0)
        assert '<option value="holiday" selected>' in select
    working = client.get(f"/hr/muster?company={cid}&project={site}&day={tuesday}&lang=en").text
    assert 'id="day-off"' not in working


def test_with_the_leave_workflow_an_application_waits_in_its_approval_on_the_page(client, db, tenant_id):
    from vextrus.modules.workflow import service as workflow
    from vextrus.platform import context

    with context.acting_as(context.system_context(tenant_id)):
        workflow.seed_defaults()  # leave request: an HR officer decides
    cid, site = _ids()
    worker = service.get_muster(cid, site, clock.today()).lines[3].employee_id
    y = clock.today().year
    r = client.post("/api/v1/hr/leave", json={"employee_id": str(worker), "leave_type": "casual",
                                              "start": f"{y}-03-02", "end": f"{y}-03-03"})
    assert r.status_code == 201 and r.json()["approval_id"]
    refused = client.post(f"/api/v1/hr/leave/{r.json()['id']}/approve")
    assert refused.status_code == 409 and refused.json()["code"] == "hr.leave_in_approval"
    link = f'/workflow/instances/{r.json()["approval_id"]}'
    for lang, words in (("en", "Waiting in its approval"), ("bn", "অনুমোদনের অপেক্ষায়")):
        page = client.get(f"/hr/leave?company={cid}&lang={lang}").text
        assert link in page and words in page
        row = page.split(link, 1)[1].split("</tr>", 1)[0]
        assert f'/hr/leave/{r.json()["id"]}/approve' not in row  # no button that would be refused
