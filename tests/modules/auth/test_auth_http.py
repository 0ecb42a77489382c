"""Security at the HTTP edge: bad tokens, IDOR across tenants, permissions in REST, GraphQL
and CLI alike, and the browser sign-in with its cookie."""

from __future__ import annotations

import os

import jwt
import pytest
from typer.testing import CliRunner

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import service  # noqa: E402
from vextrus.modules.auth.cli import app as users_cli  # noqa: E402
from vextrus.modules.auth.service import sessions
from vextrus.modules.configuration import service as config  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.modules.organization import service as org_service  # noqa: E402
from vextrus.platform import clock, context  # noqa: E402
from vextrus.platform.ids import new_id  # noqa: E402
from vextrus.platform.tables import Tenant  # noqa: E402

PW = "Rod&Cement-2025"


def _tenant(db, tag: str):
    tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=tid, code=f"{tag}{tid.hex[-10:]}", name=f"{tag} Ltd."))
    with context.acting_as(context.system_context(tid)):
        c = org.create_company(org.CompanyInput(code="MAIN", name=f"{tag} Ltd."))
        service.seed_default_roles(c.id)
        org_service.add_branch(c.id, "HO", "Head office", "head_office")
        users = {}
        for role in ("owner", "viewer"):
            email = f"{role}@{tag}{tid.hex[-10:]}.example.com"
            users[role] = service.create_user(service.UserInput(email=email, name=role.title()), PW, c.id, [role])
        config.set_setting("general.company_display_name", f"{tag} secret name")
    return tid, c, users


@pytest.fixture
def world(db, make_client):
    a = _tenant(db, "a")
    b = _tenant(db, "b")
    return make_client(), a, b


def _addr(email: str) -> str:
    """A direct sign-in's client address of its tenant's own (the per-address limit is global)."""
    return "test-" + email.split("@")[1][:40]


def _bearer(email: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {sessions.login(email, PW, _addr(email)).access_token}"}


def _gql(client, headers, query, **variables):
    return client.post("/graphql", json={"query": query, "variables": variables}, headers=headers).json()


def test_tampered_expired_and_wrong_audience_tokens_are_refused(world):
    client, (ta, ca, ua), _b = world
    good = sessions.login(ua["owner"].email, PW, _addr(ua["owner"].email)).access_token
    assert client.get("/api/v1/organization/companies", headers={"Authorization": f"Bearer {good}"}).status_code == 200
    head, body, sig = good.split(".")
    tampered = ".".join([head, body, sig[:-3] + ("AAA" if sig[-3:] != "AAA" else "BBB")])
    claims = jwt.decode(good, options={"verify_signature": False})
    forged = jwt.encode({**claims, "tid": str(new_id())}, "x" * 48, algorithm="HS256", headers={"typ": "at+jwt"})
    web = sessions.tokens(sessions.WEB_AUDIENCE).issue(user_id=claims["sub"], tenant_id=claims["tid"],
                                                       session_id=claims["sid"]).token
    for bad in (tampered, forged, web, "not-a-jwt"):
        r = client.get("/api/v1/organization/companies", headers={"Authorization": f"Bearer {bad}"})
        assert r.status_code == 401 and r.json()["code"] in ("auth.token_invalid", "unauthenticated"), bad
    frozen = clock.FrozenClock(clock.now())
    clock.set_clock(frozen)
    try:
        frozen.advance(minutes=16)
        r = client.get("/api/v1/organization/companies", headers={"Authorization": f"Bearer {good}"})
        assert r.status_code == 401 and r.json()["code"] == "auth.token_expired"
    finally:
        clock.set_clock(None)
    assert client.get("/api/v1/organization/companies", headers={"X-API-Key": "vx_nope"}).status_code == 401


def test_brute_force_over_rest_is_slowed_down_with_one_generic_error(world, make_client):
    client, (_ta, _ca, ua), _b = world
    email = ua["viewer"].email
    bodies = [client.post("/api/v1/auth/login", json={"email": email, "password": "Wrong-pass-1"}) for _ in range(3)]
    assert {r.status_code for r in bodies} == {401} and len({r.text for r in bodies}) == 1
    r = client.post("/api/v1/auth/login", json={"email": email, "password": PW})
    assert r.status_code == 429 and r.json()["code"] == "auth.throttled" and r.headers["Retry-After"]
    other = make_client()  # the owner elsewhere is not locked out
    assert other.post("/api/v1/auth/login", json={"email": email, "password": PW}).status_code == 200


def test_refresh_reuse_over_rest_revokes_the_family(world):
    client, (_ta, _ca, ua), _b = world
    first = client.post("/api/v1/auth/login", json={"email": ua["owner"].email, "password": PW}).json()
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    reuse = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401 and reuse.json()["code"] == "auth.refresh_reused"
    r = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {second['access_token']}"})
    assert r.status_code == 401


def test_tenant_a_cannot_read_update_or_list_tenant_b(world):
    client, (ta, ca, ua), (tb, cb, ub) = world
    h = _bearer(ua["owner"].email)  # owner of A: every permission, in A only
    b_user = ub["viewer"].id
    for path in (f"/api/v1/organization/companies/{cb.id}", f"/api/v1/organization/companies/{cb.id}/units",
                 f"/api/v1/organization/companies/{cb.id}/members", f"/api/v1/auth/users/{b_user}",
                 f"/api/v1/auth/users/{b_user}/roles"):
        r = client.get(path, headers=h)
        assert r.status_code == 404 or r.json() == [], path
    listed = client.get("/api/v1/organization/companies", headers=h).json()
    assert [c["id"] for c in listed] == [str(ca.id)]
    users = client.get("/api/v1/auth/users", headers=h).json()
    assert {u["email"] for u in users} == {ua["owner"].email, ua["viewer"].email}
    # another tenant's company is not the active one: not found (company scoping), no roles shown
    assert client.get(f"/api/v1/auth/companies/{cb.id}/roles", headers=h).status_code == 404
    setting = client.get("/api/v1/configuration/settings/general.company_display_name", headers=h).json()
    assert setting["value"] == "a secret name"
    body = {"code": "MAIN", "name": "Hijacked"}
    assert client.put(f"/api/v1/organization/companies/{cb.id}", json=body, headers=h).status_code == 404
    assert client.post(f"/api/v1/organization/companies/{cb.id}/units", headers=h,
                       json={"kind": "branch", "code": "X", "name": "X"}).status_code == 404
    assert client.put(f"/api/v1/auth/users/{b_user}", json={"email": "x@x.x", "name": "Hijacked"},
                      headers=h).status_code == 404
    assert client.post("/api/v1/auth/assignments", headers=h, json={
        "user_id": str(b_user), "company_id": str(ca.id), "role_code": "owner"}).status_code == 404
    # GraphQL
    g = _gql(client, h, "query($id: ID!){ company(id: $id){ name } }", id=str(cb.id))
    assert g["data"] is None and g["errors"][0]["extensions"]["code"] == "not_found"
    g = _gql(client, h, "query($id: ID!){ user(id: $id){ email } }", id=str(b_user))
    assert g["errors"][0]["extensions"]["code"] == "not_found"
    g = _gql(client, h, "{ companies { nodes { id } } users { nodes { email } } settings { key value } }")
    assert [c["id"] for c in g["data"]["companies"]["nodes"]] == [str(ca.id)]
    assert all("b secret" not in str(s["value"]) for s in g["data"]["settings"])
    assert all(ub["owner"].email != u["email"] for u in g["data"]["users"]["nodes"])
    g = _gql(client, h, 'mutation($id: ID!){ updateCompany(id: $id, input: {code: "MAIN", name: "Hijacked"}){ name } }',
             id=str(cb.id))
    assert g["errors"][0]["extensions"]["code"] == "not_found"
    g = _gql(client, h, "query($r: [_Any!]!){ _entities(representations: $r){ ... on Company { name } } }",
             r=[{"__typename": "Company", "id": str(cb.id)}])
    assert g.get("errors") and not any(e and e.get("name") for e in (g.get("data") or {}).get("_entities") or [])
    with context.acting_as(context.system_context(tb)):
        assert org.get_company(cb.id).name == "b Ltd."


def test_role_without_permission_is_refused_in_rest_graphql_and_cli(world):
    client, (ta, ca, ua), _b = world
    h = _bearer(ua["viewer"].email)
    assert client.get("/api/v1/organization/companies", headers=h).status_code == 200
    r = client.post("/api/v1/organization/companies", json={"code": "NEW", "name": "New Ltd."}, headers=h)
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    g = _gql(client, h, 'mutation{ createCompany(input: {code: "NEW", name: "New Ltd."}){ id } }')
    assert g["errors"][0]["extensions"]["code"] == "permission_denied"
    runner = CliRunner()
    refused = runner.invoke(users_cli, ["create", "x@y.example.com", "--name", "X", "--as", ua["viewer"].email])
    assert refused.exit_code == 1 and "permission_denied" in refused.output
    allowed = runner.invoke(users_cli, ["list", "--company", "MAIN", "--as", ua["owner"].email])
    assert allowed.exit_code == 0 and ua["viewer"].email in allowed.output


def test_browser_sign_in_sets_an_httponly_cookie_and_pages_render(world):
    client, (_ta, ca, ua), _b = world
    page = client.get("/login")
    assert page.status_code == 200 and 'name="csrf_token"' in page.text
    csrf = client.cookies.get("vx_csrf")
    no_csrf = client.post("/login", data={"email": ua["owner"].email, "password": PW}, follow_redirects=False)
    assert no_csrf.status_code == 403
    # the CSRF token goes in the header: the shell middleware consumes a plain form body when it
    # reads csrf_token from it (platform issue reported), so the endpoint would see an empty form
    r = client.post("/login", data={"email": ua["owner"].email, "password": PW, "csrf_token": csrf},
                    headers={"X-CSRF-Token": csrf}, follow_redirects=False)
    assert r.status_code == 303, r.text[:3000]
    cookie = r.headers["set-cookie"]
    assert "vx_session=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    for path in ("/organization", "/auth/users", "/auth/roles", "/auth/profile"):
        assert client.get(path).status_code == 200, path
    assert "Padma" not in client.get("/auth/roles").text and "organization.company.view" in client.get("/auth/roles").text
    client.post("/logout", headers={"X-CSRF-Token": csrf})
    assert client.get("/api/v1/auth/me").status_code == 401


def test_the_per_address_limit_counts_the_peer_address_not_a_forwarded_header(db, make_client):
    """Production locks a client address for 15 minutes after 50 failed sign-ins within 15
    minutes (any accounts); a header the client writes itself does not buy more, and the
    counters are per peer (which is why every test client here gets an address of its own)."""
    noisy, quiet = make_client(), make_client()
    run = new_id().hex[-10:]

    def attempt(client, n: int) -> int:  # noqa: ANN001
        return client.post("/api/v1/auth/login", json={"email": f"nobody{n}@{run}.example.com", "password": "x"},
                           headers={"X-Forwarded-For": f"203.0.113.{n % 250}"}).status_code

    assert {attempt(noisy, n) for n in range(50)} == {401}  # unknown accounts, refused generically
    r = noisy.post("/api/v1/auth/login", json={"email": f"another@{run}.example.com", "password": "x"},
                   headers={"X-Forwarded-For": "198.51.100.7"})
    assert r.status_code == 429 and r.json()["code"] == "auth.throttled"
    assert r.json()["details"]["scope"] == "address" and r.headers["Retry-After"] == "900"
    assert attempt(quiet, 99) == 401
