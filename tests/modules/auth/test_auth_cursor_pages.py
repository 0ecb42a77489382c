"""Cursor pages on a company's roles and the signed-in user's API keys (REST convention in docs/modules.md,
issue 21 item 8): `?first&after` answers `{items, end_cursor, has_next_page}`; walking the pages gives every
row of the whole list exactly once, in the same order whatever the page size; without `first`/`after` the
old array still answers (kept for one release). The `Location` of a role assignment and of an API key
answers a GET (the key without its secret). Both databases."""

from __future__ import annotations

import uuid
from uuid import UUID

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

    owner = service.create_user(service.UserInput(email=f"owner-{admin.tenant_id.hex[-10:]}@example.com", name="Owner"), "Padma-river-2026!")
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


def test_a_users_role_assignments_page_by_cursor(client, admin):
    """`GET /users/{id}/roles` pages by cursor (in the order the roles were given) and still answers the old
    array without `first`/`after`; a user acting in one company pages only that company's assignments of
    another user, as the whole list does; a bad cursor or page size is refused by name."""
    import dataclasses

    from vextrus.modules.auth import service
    from vextrus.modules.auth.domain.roles import DEFAULT_ROLES
    from vextrus.modules.auth.service import roles as role_service
    from vextrus.modules.organization import api as org
    from vextrus.platform import context

    one = org.create_company(org.CompanyInput(code="RL1", name="Roles One Ltd."))
    two = org.create_company(org.CompanyInput(code="RL2", name="Roles Two Ltd."))
    for c in (one, two):
        service.seed_default_roles(c.id)
    user = client.post(f"{AUTH}/users", json={"email": f"karim-{one.id.hex[-8:]}@example.com", "name": "Karim",
                                              "password": "Padma-river-2026!"}).json()
    codes = [r.code for r in DEFAULT_ROLES if r.code not in ("owner", "customer")][:5]
    given = []
    for company, code in [(one.id, c) for c in codes] + [(two.id, c) for c in codes[:2]]:
        r = client.post(f"{AUTH}/assignments", json={"user_id": user["id"], "company_id": str(company),
                                                     "role_code": code})
        assert r.status_code == 201, r.text
        given.append(r.json())
    url = f"{AUTH}/users/{user['id']}/roles"
    whole = client.get(url).json()
    assert isinstance(whole, list) and sorted(a["id"] for a in whole) == sorted(a["id"] for a in given)
    for first in (1, 2, 3, 500):
        assert _walk(client, url, first) == given, first  # every assignment once, in the order given
    page = client.get(url, params={"first": 3}).json()
    assert len(page["items"]) == 3 and page["has_next_page"] and page["items"] == given[:3]
    for params, code, field in (({"after": "not-a-cursor"}, "cursor_invalid", "after"),
                                ({"first": 0}, "page_size", "first"), ({"first": 501}, "page_size", "first")):
        r = client.get(url, params=params)
        assert r.status_code == 422 and r.json()["code"] == code and r.json()["field"] == field, r.text

    in_two = dataclasses.replace(admin, company_id=two.id)
    with context.acting_as(in_two):
        scoped = role_service.page_assignments(UUID(user["id"]), first=1)
        seen = list(scoped.items)
        while scoped.has_next_page:
            scoped = role_service.page_assignments(UUID(user["id"]), first=1, after=scoped.end_cursor)
            seen += scoped.items
        assert [a.model_dump(mode="json") for a in seen] == given[5:]
        assert seen == service.assignments_of(UUID(user["id"]))
    assert client.get(f"{AUTH}/users/{uuid.uuid4()}/roles", params={"first": 5}).json() == {
        "items": [], "end_cursor": None, "has_next_page": False}
