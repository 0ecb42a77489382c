"""Cursor pages on a company's roles and the signed-in user's API keys (REST convention in docs/modules.md,
issue 21 item 8): `?first&after` answers `{items, end_cursor, has_next_page}`; walking the pages gives every
row of the whole list exactly once, in the same order whatever the page size; without `first`/`after` the
old array still answers (kept for one release). The `Location` of a role assignment and of an API key
answers a GET (the key without its secret). Both databases."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from cursor_pages import walk_pages as _walk

AUTH = "/api/v1/auth"


@pytest.fixture
def client(db, admin):
    """Signed in as a real user (an API key belongs to its owner) holding every permission."""
    import dataclasses

    from vextrus.app import create_app
    from vextrus.modules.auth import service
    from vextrus.platform import context

    owner = service.create_user(service.UserInput(email="owner@example.com", name="Owner"), "Padma-river-2026!")
    me = dataclasses.replace(admin, user_id=owner.id)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: me])
    with context.acting_as(me):
        yield from _client(app)


def _client(app):
    with TestClient(app) as c:
        c.get("/organization")  # the CSRF cookie
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c




def test_roles_and_api_keys_page_by_cursor_and_locations_answer(client):
    from vextrus.modules.auth import service
    from vextrus.modules.organization import api as org

    company = org.create_company(org.CompanyInput(code="KEYS", name="Keys Ltd."))
    service.seed_default_roles(company.id)
    for i in range(3):
        r = client.post(f"{AUTH}/api-keys", json={"name": f"tally {i}", "scopes": ["finance.*.view"]})
        assert r.status_code == 201, r.text
        read = client.get(r.headers["location"])  # the Location answers a GET: the key, never its secret
        assert read.status_code == 200 and read.json()["id"] == r.json()["id"]
        assert read.json()["prefix"] == r.json()["prefix"] and "secret" not in read.text.lower()
    user = client.post(f"{AUTH}/users", json={"email": f"rahim-{company.id.hex[-8:]}@example.com", "name": "Rahim", "password": "Padma-river-2026!"})
    assert user.status_code == 201, user.text
    r = client.post(f"{AUTH}/assignments", json={"user_id": user.json()["id"], "company_id": str(company.id),
                                                 "role_code": "site_engineer"})
    assert r.status_code == 201, r.text
    read = client.get(r.headers["location"])
    assert read.status_code == 200 and read.json() == r.json()

    for url, key in ((f"{AUTH}/companies/{company.id}/roles", "code"), (f"{AUTH}/api-keys", "id")):
        whole = client.get(url).json()
        assert isinstance(whole, list) and len(whole) >= 3  # the old answer, without first/after
        for first in (1, 2, 500):
            paged = _walk(client, url, first)
            assert len(paged) == len(whole), (url, first)  # every row once
            assert {r[key]: r for r in paged} == {r[key]: r for r in whole}, (url, first)
            assert paged == _walk(client, url, 2), (url, first)  # a stable order
    assert client.get(f"{AUTH}/api-keys/{uuid.uuid4()}").status_code == 404
    assert client.get(f"{AUTH}/assignments/{uuid.uuid4()}").status_code == 404
