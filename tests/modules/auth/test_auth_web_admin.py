"""The administration pages do what they say, through the same service checks: invite,
deactivate, assign a role with a scope, create a role with Bangla name and amount limits
(Bangla digits accepted), API keys shown once and revocable; Bangla labels."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from sqlalchemy import select

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import service  # noqa: E402
from vextrus.modules.auth.service import sessions
from vextrus.modules.auth.web_admin import parse_grants  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import context  # noqa: E402
from vextrus.platform.errors import ValidationFailed  # noqa: E402
from vextrus.platform.tables import OutboxEvent  # noqa: E402

PW = "Rod&Cement-2025"


def mail(local: str) -> str:
    return f"{local}@t{context.current().tenant_id.hex[-10:]}.example.com"


@pytest.fixture
def site(admin, make_client):
    c = org.create_company(org.CompanyInput(code="PAD", name="Padma Builders Ltd."))
    service.seed_default_roles(c.id)
    owner = service.create_user(service.UserInput(email=mail("owner"), name="Owner"), PW, c.id, ["owner"])
    client = make_client()
    client.get("/login")
    csrf = client.cookies.get("vx_csrf")
    r = client.post("/login", data={"email": mail("owner"), "password": PW, "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303
    return client, csrf, c, owner


def test_invite_creates_a_user_with_a_role_and_a_link_in_the_outbox(site, db):
    client, csrf, c, _owner = site
    r = client.post("/auth/users/invite", data={"csrf_token": csrf, "email": mail("Salma"), "name": "Salma",
                                                "name_bn": "সালমা", "mobile": "01712345678", "language": "bn",
                                                "company_id": str(c.id), "role": "accountant"},
                    follow_redirects=False)
    assert r.status_code == 303
    u = service.user_by_email(mail("salma"))
    assert u.name_bn == "সালমা" and u.mobile == "+8801712345678"
    assert [a.role_code for a in service.assignments_of(u.id)] == ["accountant"]
    with context.acting_as(context.system_context(context.current().tenant_id)), db.session_factory() as s:
        emails = [p["email"] for p in s.execute(select(OutboxEvent.payload).where(
            OutboxEvent.name == "auth.password_reset.requested")).scalars()]
    assert mail("salma") in emails
    bad = client.post("/auth/users/invite", data={"csrf_token": csrf, "email": mail("salma"), "name": "Again"})
    assert bad.status_code == 409 and 'role="alert"' in bad.text


def test_deactivate_and_activate_from_the_list(site):
    client, csrf, c, _owner = site
    u = service.create_user(service.UserInput(email=mail("kamal"), name="Kamal"), PW, c.id, ["viewer"])
    row = client.post(f"/auth/users/{u.id}/active", data={"active": "false"}, headers={"X-CSRF-Token": csrf})
    assert row.status_code == 200 and "Activate" in row.text and not service.get_user(u.id).active
    client.post(f"/auth/users/{u.id}/active", data={"active": "true"}, headers={"X-CSRF-Token": csrf})
    assert service.get_user(u.id).active


def test_assign_a_project_scoped_role_and_remove_it(site):
    client, csrf, c, _owner = site
    u = service.create_user(service.UserInput(email=mail("se"), name="Site"), PW, c.id, [])
    project = "01a20000-0000-7000-8000-000000000001"
    r = client.post(f"/auth/users/{u.id}/assignments", data={"csrf_token": csrf, "company_id": str(c.id),
                                                              "role": "site_engineer", "scope_kind": "project",
                                                              "scope_id": project}, follow_redirects=False)
    assert r.status_code == 303
    (a,) = service.assignments_of(u.id)
    assert (a.role_code, a.scope_kind, str(a.scope_id)) == ("site_engineer", "project", project)
    page = client.get(f"/auth/users/{u.id}").text
    assert project in page and "Site engineer" in page
    bad = client.post(f"/auth/users/{u.id}/assignments", data={"csrf_token": csrf, "company_id": str(c.id),
                                                                "role": "viewer", "scope_kind": "project",
                                                                "scope_id": "not-an-id"})
    assert "Not a valid id" in bad.text
    client.post(f"/auth/assignments/{a.id}/remove", data={"csrf_token": csrf, "user_id": str(u.id)})
    assert service.assignments_of(u.id) == []


def test_create_a_role_with_bangla_name_and_a_limit_in_bangla_digits(site):
    client, csrf, c, _owner = site
    r = client.post(f"/auth/roles/{c.id}/save", data={
        "csrf_token": csrf, "code": "qs", "name": "Quantity surveyor", "name_bn": "পরিমাণ জরিপকারী",
        "perm": ["auth.user.view", "auth.role.view"], "limit:auth.user.view": "২,৫০,০০০",
        "patterns": "organization.*.view"}, follow_redirects=False)
    assert r.status_code == 303
    (role,) = [x for x in service.list_roles(c.id) if x.code == "qs"]
    grants = {g.pattern: g.amount_limit for g in role.grants}
    assert role.name_bn == "পরিমাণ জরিপকারী"
    assert grants == {"auth.user.view": Decimal("250000"), "auth.role.view": None, "organization.*.view": None}
    editor = client.get(f"/auth/roles/{c.id}/edit", params={"code": "qs"}).text
    assert "organization.*.view" in editor and 'value="250000' in editor
    bad = client.post(f"/auth/roles/{c.id}/save", data={"csrf_token": csrf, "code": "qs", "name": "QS",
                                                        "name_bn": "কিউএস", "perm": ["auth.user.view"],
                                                        "limit:auth.user.view": "lots"})
    assert bad.status_code == 422 and "must be an amount" in bad.text
    assert {g.pattern for g in [x for x in service.list_roles(c.id) if x.code == "qs"][0].grants} == set(grants)


def test_editing_a_role_keeps_its_wildcard_patterns(site):
    client, _csrf, c, _owner = site
    editor = client.get(f"/auth/roles/{c.id}/edit", params={"code": "accountant"}).text
    assert "finance.*.view" in editor  # stays a pattern, not today's list of finance permissions


def test_parse_grants_refuses_negative_limits_and_bad_lines():
    with pytest.raises(ValidationFailed):
        parse_grants({"perm": ["a.b.c"], "limit:a.b.c": "-5"}, ["a.b.c"])
    with pytest.raises(ValidationFailed):
        parse_grants({"patterns": "a.* 1 2"}, [])
    assert parse_grants({"perm": ["x.y.z", "a.b.c"]}, ["a.b.c"])[0].pattern == "a.b.c"  # unknown codes ignored


def test_api_key_is_shown_once_then_revoked(site):
    client, csrf, _c, _owner = site
    made = client.post("/auth/api-keys", data={"csrf_token": csrf, "name": "tally", "scopes": "finance.*.view"})
    assert made.status_code == 201 and 'id="new-key"' in made.text
    key = made.text.split('id="new-key"')[1].split("<code>")[1].split("</code>")[0]
    assert sessions.context_from_api_key(key).user_id is not None
    listing = client.get("/auth/api-keys").text
    assert key not in listing and "tally" in listing
    key_id = listing.split('id="key-')[1].split('"')[0]
    row = client.post(f"/auth/api-keys/{key_id}/revoke", headers={"X-CSRF-Token": csrf})
    assert row.status_code == 200 and "Revoked" in row.text


def test_pages_speak_bangla(site):
    client, _csrf, _c, _owner = site
    assert "ব্যবহারকারী আমন্ত্রণ" in client.get("/auth/users?lang=bn").text
    assert "নতুন এপিআই কি" in client.get("/auth/api-keys?lang=bn").text
