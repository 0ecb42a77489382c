"""Cursor pages on the projects lists (REST convention in docs/modules.md, issue 21 item 8): projects,
activities, relationships and actual costs take `?first&after` and answer `{items, end_cursor,
has_next_page}`; walking the pages gives the same rows as the whole list, which still answers as an array
without `first`/`after` (kept for one release)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

API = "/api/v1/projects/projects"


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        yield c


def _walk(client: TestClient, url: str, first: int = 2) -> list[dict]:
    seen, after = [], None
    while True:
        r = client.get(url, params={"first": first, **({"after": after} if after else {})})
        assert r.status_code == 200, r.text
        page = r.json()
        assert set(page) == {"items", "end_cursor", "has_next_page"} and len(page["items"]) <= first
        seen += page["items"]
        if not page["has_next_page"]:
            return seen
        after = page["end_cursor"]


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
