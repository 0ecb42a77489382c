"""A user acts within one company at a time: permissions and roles are those of the active
company only, carried in the token (`cid`) and the session, and switchable to a company
where the user holds a role."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import api, service  # noqa: E402
from vextrus.modules.auth.service import sessions
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import context  # noqa: E402
from vextrus.platform.errors import NotFound  # noqa: E402

PW = "Rod&Cement-2025"


def _addr() -> str:
    """A client address of this test's own (the per-address sign-in rate limit is global)."""
    return f"test-{context.current().tenant_id.hex[-12:]}"


def mail(local: str) -> str:
    return f"{local}@t{context.current().tenant_id.hex[-10:]}.example.com"


@pytest.fixture
def two(admin):
    """Padma (accountant) first, Meghna (viewer) second, for one user."""
    a = org.create_company(org.CompanyInput(code="PAD", name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স"))
    b = org.create_company(org.CompanyInput(code="MEG", name="Meghna Homes Ltd."))
    for c in (a, b):
        service.seed_default_roles(c.id)
    u = service.create_user(service.UserInput(email=mail("rahim"), name="Rahim"), PW, a.id, ["accountant"])
    service.assign_role(u.id, b.id, "viewer")
    return a, b, u


def _as(token: str) -> context.RequestContext:
    return sessions.context_from_token(token)


def test_sign_in_acts_in_the_first_company_with_only_its_roles(two):
    a, _b, u = two
    ctx = _as(sessions.login(mail("rahim"), PW, _addr()).access_token)
    assert ctx.company_id == a.id and ctx.roles == {"accountant"} and ctx.can("finance.journal.post")
    with context.acting_as(ctx):
        assert api.current_company_id() == a.id


def test_switching_company_changes_permissions_and_survives_refresh(two):
    _a, b, u = two
    res = sessions.login(mail("rahim"), PW, _addr())
    with context.acting_as(_as(res.access_token)):
        switched = sessions.switch_company(res.session_id, b.id)
    ctx = _as(switched.access_token)
    assert ctx.company_id == b.id and ctx.roles == {"viewer"} and not ctx.can("finance.journal.post")
    refreshed = sessions.refresh(res.refresh_token)
    assert _as(refreshed.access_token).company_id == b.id  # the session remembers the choice


def test_cannot_switch_to_a_company_without_a_role(two, admin):
    _a, _b, u = two
    other = org.create_company(org.CompanyInput(code="JMN", name="Jamuna Ltd."))
    res = sessions.login(mail("rahim"), PW, _addr())
    with context.acting_as(_as(res.access_token)), pytest.raises(NotFound):
        sessions.switch_company(res.session_id, other.id)


def test_losing_the_roles_of_the_active_company_leaves_no_permissions_not_another_companys(two):
    a, b, u = two
    res = sessions.login(mail("rahim"), PW, _addr())
    assert _as(res.access_token).can("finance.journal.post")
    for asg in service.assignments_of(u.id):
        if asg.company_id == a.id:
            service.unassign_role(asg.id)
    ctx = _as(res.access_token)  # the token still names Padma
    assert ctx.company_id == a.id and ctx.permissions == frozenset() and ctx.roles == frozenset()


def test_an_api_key_acts_in_the_company_it_was_made_in(two):
    _a, b, u = two
    res = sessions.login(mail("rahim"), PW, _addr())
    with context.acting_as(_as(res.access_token)):
        switched = sessions.switch_company(res.session_id, b.id)
    me = _as(switched.access_token)
    with context.acting_as(context.RequestContext(tenant_id=me.tenant_id, user_id=me.user_id, actor=me.actor,
                                                  permissions=me.permissions | {"auth.api_key.manage"},
                                                  company_id=me.company_id)):
        key = sessions.create_api_key("reports", ["finance.*", "organization.*"])
    ctx = sessions.context_from_api_key(key.key)
    assert ctx.company_id == b.id and not ctx.can("finance.journal.post")


def test_switch_over_rest_and_in_the_browser(two, make_client):
    a, b, _u = two
    client = make_client()
    login = client.post("/api/v1/auth/login", json={"email": mail("rahim"), "password": PW}).json()
    h = {"Authorization": f"Bearer {login['access_token']}"}
    me = client.get("/api/v1/auth/me", headers=h).json()
    assert me["company_id"] == str(a.id) and set(me["companies"]) == {str(a.id), str(b.id)}
    switched = client.post("/api/v1/auth/switch-company", json={"company_id": str(b.id)}, headers=h)
    assert switched.status_code == 200
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {switched.json()['access_token']}"}).json()
    assert me["company_id"] == str(b.id) and me["roles"] == ["viewer"]

    page = client.get("/login")
    csrf = page.cookies.get("vx_csrf") or client.cookies.get("vx_csrf")
    r = client.post("/login", data={"email": mail("rahim"), "password": PW, "next": "/", "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303
    assert 'hx-get="/auth/company-switch"' in client.get("/auth/profile").text
    menu = client.get("/auth/company-switch").text
    assert "Padma Builders" in menu and "Meghna Homes" in menu and f'value="{a.id}" selected' in menu
    r = client.post("/auth/company", data={"company_id": str(b.id), "csrf_token": csrf, "next": "/auth/profile"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/auth/profile"
    assert f'value="{b.id}" selected' in client.get("/auth/company-switch").text


def test_mfa_required_for_a_role_is_judged_in_the_active_company_only(two):
    """Meghna requires two-step verification of viewers: Rahim (viewer there, not enrolled)
    keeps his Padma permissions, and gets none while acting in Meghna."""
    a, b, _u = two
    service.set_mfa_required(b.id, "viewer", True)
    res = sessions.login(mail("rahim"), PW, _addr())
    in_padma = _as(res.access_token)
    assert in_padma.company_id == a.id and in_padma.can("finance.journal.post")
    with context.acting_as(in_padma):
        switched = sessions.switch_company(res.session_id, b.id)
    in_meghna = _as(switched.access_token)
    assert in_meghna.company_id == b.id and in_meghna.permissions == frozenset()
    # and a policy of the active company still applies: Padma now requires it of accountants
    service.set_mfa_required(a.id, "accountant", True)
    assert _as(res.access_token).permissions == frozenset()
    service.set_mfa_required(b.id, "viewer", False)
    assert _as(switched.access_token).can("organization.company.view")
