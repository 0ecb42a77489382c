"""Cursor pages on a company's units and members (REST convention in docs/modules.md, issue 21 item 8):
`?first&after` answers `{items, end_cursor, has_next_page}`; walking the pages gives every row of the whole
list exactly once (units across their three kinds: branches and sites, departments, cost centres), in the
same order whatever the page size; without `first`/`after` the old array still answers (kept for one
release). The `Location` of a new unit or member answers a GET. Both databases."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from cursor_pages import walk_pages as _walk

ORG = "/api/v1/organization/companies"


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/organization")  # the CSRF cookie
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c




def test_units_and_members_page_by_cursor_and_their_locations_answer(client):
    company = client.post(ORG, json={"code": "PAGE", "name": "Paging Builders"}).json()["id"]
    units = [("branch", "DHK", "Dhaka"), ("site", "S1", "Purbachal site"), ("branch", "CTG", "Chattogram"),
             ("department", "ACC", "Accounts"), ("department", "ENG", "Engineering"),
             ("cost_centre", "CC1", "Piling"), ("cost_centre", "CC2", "Finishing")]
    for kind, code, name in units:
        r = client.post(f"{ORG}/{company}/units", json={"kind": kind, "code": code, "name": name})
        assert r.status_code == 201, r.text
        read = client.get(r.headers["location"])  # the Location answers a GET with the unit just made
        assert read.status_code == 200 and read.json() == r.json()
    for i in range(4):
        r = client.post(f"{ORG}/{company}/members", json={"user_id": str(uuid.uuid4()), "title": f"Engineer {i}"})
        assert r.status_code == 201, r.text
        read = client.get(r.headers["location"])
        assert read.status_code == 200 and read.json() == r.json()

    for url, key in ((f"{ORG}/{company}/units", "id"), (f"{ORG}/{company}/members", "user_id")):
        whole = client.get(url).json()
        assert isinstance(whole, list) and len(whole) >= 4  # the old answer, without first/after
        for first in (1, 2, 3, 100):
            paged = _walk(client, url, first)
            assert len(paged) == len(whole), (url, first)  # every row once
            assert {r[key]: r for r in paged} == {r[key]: r for r in whole}, (url, first)
            assert paged == _walk(client, url, 2), (url, first)  # a stable order, whatever the page size
    kinds = [u["kind"] for u in _walk(client, f"{ORG}/{company}/units", 2)]
    assert kinds == sorted(kinds, key=lambda k: 0 if k in ("branch", "site") else 1 if k == "department" else 2)

    assert client.get(f"{ORG}/{company}/units", params={"first": 2, "after": "bad"}).status_code == 422
    missing = client.get(f"{ORG}/{company}/units/{uuid.uuid4()}")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get(f"{ORG}/{company}/members/{uuid.uuid4()}").status_code == 404
