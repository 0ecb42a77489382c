"""Pages render (TestClient), GraphQL entity resolution and REST, and the demo building project."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.projects import demo, service
from vextrus.modules.projects.service import calendars, costs


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


@pytest.fixture
def demo_project(db, admin, tenant_id):
    demo.load(tenant_id)  # its speed is bench/startup.py's to measure, not a test's


def test_demo_is_a_real_looking_building(demo_project):
    acts = service.list_activities(demo.CODE)
    assert 280 <= len(acts) <= 330
    rels = service.list_relationships(demo.CODE)
    assert {r.type for r in rels} == {"FS", "SS", "FF", "SF"} and any(r.lag_hours for r in rels)
    run = service.last_schedule(demo.CODE)
    assert run.scheduled and not any(i.kind == "loop" for i in run.issues)
    done = [a for a in acts if a.status == "completed"]
    assert 0.25 < len(done) / len(acts) < 0.6
    assert service.list_baselines(demo.CODE)[0].activities == len(acts)
    m = costs.evm(demo.CODE)
    assert m.bac > 10**8 and 0 < m.ev < m.bac and m.ac > m.ev  # a little over budget
    assert 0.2 < float(m.ev / m.bac) < 0.6
    assert costs.boq(demo.CODE).total > 10**8


def test_pages_render(client, demo_project):
    code = demo.CODE
    r = client.get("/projects")
    assert r.status_code == 200 and code in r.text
    r = client.get(f"/projects/{code}")
    assert r.status_code == 200 and "Padma Residency" in r.text
    r = client.get(f"/projects/{code}/activities")
    assert r.status_code == 200 and "F05SC" in r.text and 'hx-post="/projects/PADMA-RES/activities/F05SC"' in r.text
    for zoom in ("day", "week", "month"):
        r = client.get(f"/projects/{code}/gantt?zoom={zoom}")
        assert r.status_code == 200 and "<svg" in r.text and 'class="bar critical"' in r.text
        assert 'class="rel"' in r.text and "<title>" in r.text
    r = client.get(f"/projects/{code}/issues")
    assert r.status_code == 200 and "open_start" in r.text or "open_finish" in r.text or "No network" in r.text
    r = client.get(f"/projects/{code}/evm")
    assert r.status_code == 200 and 'class="s-curve"' in r.text and 'class="pv"' in r.text and "CPI" in r.text
    r = client.get(f"/projects/{code}/boq")
    assert r.status_code == 200 and "Reinforcement 500W" in r.text
    assert client.get(f"/projects/{code}?lang=bn").status_code == 200


def test_inline_activity_edit_and_boq_edit(client, demo_project):
    client.get("/projects")
    token = client.cookies.get("vx_csrf")
    a = next(x for x in service.list_activities(demo.CODE) if x.code == "N09PT")
    r = client.post(f"/projects/{demo.CODE}/activities/N09PT", headers={"X-CSRF-Token": token},
                    data={"version": a.version, "name": "Painting, weather coat", "duration_hours": "72",
                          "percent_complete": "0"})
    assert r.status_code == 200 and "Painting, weather coat" in r.text
    r = client.post(f"/projects/{demo.CODE}/activities/N09PT", headers={"X-CSRF-Token": token},
                    data={"version": a.version, "name": "x", "duration_hours": "72", "percent_complete": "0"})
    assert r.status_code == 422 and 'role="alert"' in r.text  # stale version
    item = costs.boq(demo.CODE).groups[0].items[0]
    r = client.post(f"/projects/{demo.CODE}/boq/{item.item_no}", headers={"X-CSRF-Token": token},
                    data={"version": item.version, "quantity": "10", "rate": "100"})
    assert r.status_code == 200 and "1,000.00" in r.text


def test_xer_upload_in_the_browser(client, db, admin):
    from pathlib import Path

    client.get("/projects")
    token = client.cookies.get("vx_csrf")
    data = (Path(__file__).parent / "data" / "tower_a.xer").read_bytes()
    r = client.post("/projects/import", data={"csrf_token": token}, files={"file": ("t.xer", data)})
    assert r.status_code == 200 and "TOWER-A" in r.text and "UDFVALUE" in r.text
    r = client.post("/projects/import", data={"csrf_token": token}, files={"file": ("b.xer", data[:-5])})
    assert r.status_code == 422 and "truncated" in r.text


def test_graphql_entities_and_connection(client, db, admin):
    _ = service.create_project("G1", "GraphQL house")
    service.add_activity("G1", "A", "Dig", 8)
    service.add_activity("G1", "B", "Pour", 8)
    service.add_relationship("G1", "A", "B")
    p = service.get_project("G1")
    q = """mutation { scheduleProject(project: "G1", dataDate: "2026-01-03T08:00:00", idempotencyKey: "k1")
           { scheduled projectFinish criticalPath } }"""
    r = client.post("/graphql", json={"query": q}).json()
    assert r["data"]["scheduleProject"]["scheduled"] and r["data"]["scheduleProject"]["criticalPath"] == ["A", "B"]
    again = client.post("/graphql", json={"query": q}).json()
    assert again["data"] == r["data"]  # the idempotency key replays the first result
    q = """query($r: [_Any!]!) { _entities(representations: $r) {
             ... on Project { code activities(first: 1) { nodes { code criticalPath: critical } pageInfo { hasNextPage endCursor } } }
             ... on Activity { code earlyStart totalFloatHours } } }"""
    a_id = service.list_activities("G1")[1].id
    r = client.post("/graphql", json={"query": q, "variables": {"r": [
        {"__typename": "Project", "id": str(p.id)}, {"__typename": "Activity", "id": str(a_id)}]}}).json()
    proj, act = r["data"]["_entities"]
    assert proj["code"] == "G1" and proj["activities"]["pageInfo"]["hasNextPage"] is True
    assert act == {"code": "B", "earlyStart": "2026-01-04T08:00:00", "totalFloatHours": 0.0}


def test_rest_project_and_schedule(client, db, admin):
    r = client.post("/api/v1/projects/projects", json={"code": "R1", "name": "REST house", "contract_value": "2500000.00"},
                    headers={"Idempotency-Key": "p1"})
    assert r.status_code == 201 and r.json()["contract_value"] == "2500000.00"
    assert client.post("/api/v1/projects/projects", json={"code": "R1", "name": "REST house",
                                                           "contract_value": "2500000.00"},
                       headers={"Idempotency-Key": "p1"}).json()["id"] == r.json()["id"]
    client.post("/api/v1/projects/projects/R1/activities", json={"code": "A", "duration_hours": 16})
    r = client.post("/api/v1/projects/projects/R1/schedule", json={"data_date": "2026-01-03T08:00:00"})
    assert r.status_code == 200 and r.json()["project_finish"] == "2026-01-04T17:00:00"
    r = client.post("/api/v1/projects/projects/R1/relationships", json={"predecessor": "A", "successor": "Z"})
    assert r.status_code == 404 and r.json()["field"] == "successor"


def test_calendar_page_edits_week_exceptions_moving_eid_and_monsoon(client, db, admin):
    from datetime import date

    r = client.get("/projects/calendars?year=2026")
    assert r.status_code == 200 and 'id="week-SITE"' in r.text and 'class="moving"' in r.text
    assert "ক্যালেন্ডার ও ছুটি" in client.get("/projects/calendars?lang=bn").text
    h = next(x for x in service.list_holidays(2026) if x.moving)
    token = client.cookies.get("vx_csrf")
    hdr = {"X-CSRF-Token": token}
    moved = date.fromordinal(h.day.toordinal() + 1)
    while moved in {x.day for x in service.list_holidays(2026)}:
        moved = date.fromordinal(moved.toordinal() + 1)
    r = client.post(f"/projects/calendars/holidays/{h.day}/move", headers=hdr, data={"new_day": moved.isoformat()})
    assert r.status_code == 200 and f'id="holiday-{moved}"' in r.text  # redirected back to the page
    assert h.day not in {x.day for x in service.list_holidays(2026)}
    r = client.post("/projects/calendars/exceptions/SITE", headers=hdr,
                    data={"day": "2026-01-09", "hours": "08:00-12:00", "name": "Friday catch-up"})
    assert r.status_code == 200 and "Friday catch-up" in r.text
    week = {f"day{d}": "09:00-13:00" for d in range(7)}
    r = client.post("/projects/calendars/week/OFFICE", headers=hdr, data={"name": "Office", **week})
    assert r.status_code == 200 and next(c for c in service.list_calendars() if c.code == "OFFICE").work_week["4"] == \
        "09:00-13:00"
    m = calendars.list_monsoon()[0]
    r = client.post("/projects/calendars/monsoon", headers=hdr,
                    data={"period_id": str(m.id), "name": m.name, "start": "2026-06-01", "finish": "2026-09-30",
                          "hours": ""})
    assert r.status_code == 200 and calendars.list_monsoon()[0].hours == ""
    r = client.post("/projects/calendars/exceptions/SITE", headers=hdr, data={"day": "2026-01-10", "hours": "8-late"})
    assert r.status_code == 422 and 'role="alert"' in r.text


def test_the_site_exception_moves_the_schedule(db, admin):
    from datetime import date, datetime

    service.create_project("X1", "Exception house", data_date=datetime(2026, 1, 8, 8))
    service.add_activity("X1", "A", "Work", 16)
    # Thu 8 Jan + (Fri off) Sat 10 -> Sat 17:00; with Friday 9 a half working day: Thu 8, Fri 9 08-12, Sat 08-12
    assert service.schedule_project("X1").project_finish == datetime(2026, 1, 10, 17)
    calendars.set_exception("SITE", date(2026, 1, 9), "08:00-12:00", "catch-up")
    assert service.schedule_project("X1").project_finish == datetime(2026, 1, 10, 12)


def test_baseline_comparison_page_highlights_slips(client, db, admin):
    from datetime import datetime

    service.create_project("C1", "Compare house", data_date=datetime(2026, 1, 3, 8))
    for code, hours in (("A", 16), ("B", 8)):
        service.add_activity("C1", code, code, hours)
    service.add_relationship("C1", "A", "B")
    assert "No baseline" in client.get("/projects/C1/compare").text
    service.schedule_project("C1")
    service.save_baseline("C1", "Contract")
    service.update_activity("C1", "A", duration_hours=24)
    service.schedule_project("C1")
    r = client.get("/projects/C1/compare")
    assert r.status_code == 200 and 'id="variance"' in r.text
    # A grew by 8 h: A finishes 8 h later and B starts and finishes 8 h later
    assert '<tr data-code="A" class="slip">' in r.text and '<tr data-code="B" class="slip">' in r.text
    assert "+8" in r.text and 'class="slip"' in r.text.split('id="finish-slip"')[1][:30]
    assert "বেসলাইন তুলনা" in client.get("/projects/C1/compare?lang=bn").text
