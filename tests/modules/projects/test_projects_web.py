"""Pages render (TestClient), GraphQL entity resolution and REST, and the demo building project."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.projects import costs, demo, service


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


@pytest.fixture
def demo_project(db, admin, tenant_id):
    t0 = time.perf_counter()
    demo.load(tenant_id)
    return time.perf_counter() - t0


def test_demo_is_a_real_looking_building_loaded_fast(demo_project):
    assert demo_project < 2.0
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
