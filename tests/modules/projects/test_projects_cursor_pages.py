"""Cursor pages on the projects lists (REST convention in docs/modules.md, issue 21 item 8): projects,
activities, relationships and actual costs take `?first&after` and answer `{items, end_cursor,
has_next_page}`; walking the pages gives the same rows as the whole list, which still answers as an array
without `first`/`after` (kept for one release)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from cursor_pages import walk_pages as _walk

API = "/api/v1/projects/projects"


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        yield c




def test_projects_activities_relationships_and_costs_page_by_cursor(client):
    for code in ("CP1", "CP2", "CP3"):
        assert client.post(API, json={"code": code, "name": f"Tower {code}"}).status_code == 201
    for code in ("A", "B", "C", "D", "E"):
        assert client.post(f"{API}/CP1/activities", json={"code": code, "duration_hours": 8}).status_code == 201
    for pred, succ in (("A", "B"), ("B", "C"), ("C", "D")):
        assert client.post(f"{API}/CP1/relationships", json={"predecessor": pred, "successor": succ}).status_code == 201
    for i, act in enumerate(("A", "B", None)):
        body = {"amount": f"{1000 + i}.50", "cost_date": f"2026-01-0{i + 1}", "reference": f"R{i}",
                **({"activity_code": act} if act else {})}
        assert client.post(f"{API}/CP1/costs", json=body).status_code == 201

    for url, key in ((API, "code"), (f"{API}/CP1/activities", "code"), (f"{API}/CP1/relationships", "id"),
                     (f"{API}/CP1/costs", "id")):
        whole = client.get(url).json()
        assert isinstance(whole, list) and len(whole) >= 3  # the old answer, without first/after
        paged = _walk(client, url)
        assert sorted(r[key] for r in paged) == sorted(r[key] for r in whole), url
        assert {r[key]: r for r in paged} == {r[key]: r for r in whole}, url  # the same views, field by field

    assert client.get(API, params={"first": 0}).status_code == 422
    assert client.get(f"{API}/NOPE/costs", params={"first": 2}).status_code == 404


def test_baselines_and_holidays_page_by_cursor(client):
    assert client.post(API, json={"code": "BL1", "name": "Tower BL1"}).status_code == 201
    for code in ("A", "B"):
        assert client.post(f"{API}/BL1/activities", json={"code": code, "duration_hours": 8}).status_code == 201
    assert client.post(f"{API}/BL1/schedule", json={"data_date": "2026-01-04T08:00:00"}).status_code == 200
    for name in ("Contract", "Revision 1", "Revision 2"):
        r = client.post(f"{API}/BL1/baselines", json={"name": name})
        assert r.status_code == 201, r.text
        assert client.get(r.headers["location"]).status_code == 200  # the comparison with it
    holidays = "/api/v1/projects/holidays"
    for day, name in (("2031-02-21", "Language Martyrs' Day"), ("2031-03-26", "Independence Day"),
                      ("2031-12-16", "Victory Day")):
        assert client.put(f"{holidays}/{day}", json={"name": name, "name_bn": name}).status_code == 200

    for url, params, key in ((f"{API}/BL1/baselines", {}, "id"), (holidays, {}, "day"),
                             (holidays, {"year": 2031}, "day")):
        whole = client.get(url, params=params).json()
        assert isinstance(whole, list) and len(whole) >= 3, url  # the old answer, without first/after
        orders = []
        for first in (1, 2, 500):
            paged = _walk_with(client, url, first, params)
            assert len(paged) == len(whole), (url, first)  # every row once
            assert {r[key]: r for r in paged} == {r[key]: r for r in whole}, (url, first)
            orders.append([r[key] for r in paged])
        assert orders[0] == orders[1] == orders[2], url  # a stable order, whatever the page size
    assert [h["day"] for h in _walk_with(client, holidays, 2, {"year": 2031})] == ["2031-02-21", "2031-03-26",
                                                                                  "2031-12-16"]


def _walk_with(client: TestClient, url: str, first: int, params: dict) -> list[dict]:
    seen, after = [], None
    while True:
        r = client.get(url, params={"first": first, **params, **({"after": after} if after else {})})
        assert r.status_code == 200, r.text
        seen += r.json()["items"]
        if not r.json()["has_next_page"]:
            return seen
        after = r.json()["end_cursor"]


def test_every_location_of_a_projects_create_answers_get(client):
    assert client.post(API, json={"code": "LG1", "name": "Tower LG1"}).status_code == 201
    made = [client.post(f"{API}/LG1/activities", json={"code": c, "duration_hours": 8}) for c in ("A", "B")]
    made.append(client.post(f"{API}/LG1/relationships", json={"predecessor": "A", "successor": "B"}))
    made.append(client.post(f"{API}/LG1/boq", json={"item_no": "1.01", "description": "Piling", "unit": "m",
                                                    "quantity": "10", "rate": "1500"}))
    made.append(client.post(f"{API}/LG1/costs", json={"amount": "2500.50", "cost_date": "2026-01-05",
                                                      "activity_code": "A", "reference": "R1"}))
    boq = client.get(made[3].headers["location"]).json()
    assert (boq["item_no"], Decimal(boq["quantity"]), Decimal(boq["amount"])) == ("1.01", 10, 15000)
    for r in made:
        assert r.status_code == 201, r.text
        read = client.get(r.headers["location"])
        assert read.status_code == 200, r.headers["location"]
        assert read.json()["id"] == r.json()["id"], r.headers["location"]  # the thing just made
    for missing in (f"{API}/LG1/activities/NOPE", f"{API}/LG1/boq/9.99",
                    f"{API}/LG1/relationships/0190a5c0-0000-7000-8000-000000000000",
                    f"{API}/LG1/costs/0190a5c0-0000-7000-8000-000000000000"):
        assert client.get(missing).status_code == 404, missing
