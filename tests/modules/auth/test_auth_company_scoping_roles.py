"""Company scoping of role administration (security issue 10, finding 2): inside one tenant, a user
acting in company B — its owner, holding every permission there, `auth.role.view` and
`auth.user.view` included — neither reads company A's roles, the role assignments other users hold
in A, nor A's role holders, and cannot change A's roles, MFA policy or assignments. Company A is
"not found" (its existence is not revealed); system work still reaches every company. Users
themselves are the tenant's."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.app import create_app  # noqa: E402
from vextrus.modules.auth import service  # noqa: E402
from vextrus.modules.auth.service import (
    GrantView,  # noqa: E402
    sessions,
)
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import context  # noqa: E402
from vextrus.platform.errors import NotFound, PermissionDenied  # noqa: E402

PW = "Rod&Cement-2025"


@pytest.fixture
def two(admin, tenant_id):
    """Companies A (PBL: its owner, an accountant who is also viewer in B) and B (PB2: its owner);
    the context of B's owner (roles in B only) acting in B."""
    a = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    b = org.create_company(org.CompanyInput(code="PB2", name="Padma Builders Two Ltd."))
    for c in (a, b):
        service.seed_default_roles(c.id)
    mail = f"@t{tenant_id.hex[-10:]}.example.com"
    owner_a = service.create_user(service.UserInput(email="owner-a" + mail, name="Owner A"), PW, a.id, ["owner"])
    both = service.create_user(service.UserInput(email="rahim" + mail, name="Rahim"), PW, a.id, ["accountant"])
    service.assign_role(both.id, b.id, "viewer")
    owner_b = service.create_user(service.UserInput(email="owner-b" + mail, name="Owner B"), PW, b.id, ["owner"])
    ctx = sessions.context_for(owner_b.id, tenant_id, company_id=b.id)
    assert ctx.company_id == b.id and ctx.can("auth.role.view") and ctx.can("auth.user.view") and not ctx.system
    return a, b, owner_a, both, owner_b, ctx


def test_a_user_of_company_b_reads_only_bs_roles_and_assignments(db, two):
    a, b, owner_a, both, owner_b, ctx = two
    with context.acting_as(ctx):
        assert {r.company_id for r in service.list_roles(b.id)} == {b.id}
        for read in (lambda: service.list_roles(a.id), lambda: service.permission_matrix(a.id),
                     lambda: service.list_users(a.id), lambda: service.users_page(a.id)):
            with pytest.raises(NotFound) as e:
                read()
            assert e.value.status == 404 and e.value.message_bn and e.value.field == "company_id"
        # another user's assignments: those in B only; A's owner holds none there
        assert [(x.company_id, x.role_code) for x in service.assignments_of(both.id)] == [(b.id, "viewer")]
        assert service.assignments_of(owner_a.id) == []
        # one's own: every company (the company switcher)
        assert [x.company_id for x in service.assignments_of(owner_b.id)] == [b.id]
        assert {u.id for u in service.list_users(b.id)} == {both.id, owner_b.id}
    # unchanged for the admin fixture (no active company) and system work
    assert {x.company_id for x in service.assignments_of(both.id)} == {a.id, b.id}
    with context.acting_as(context.system_context(context.current().tenant_id)):
        assert {r.company_id for r in service.list_roles(a.id)} == {a.id}
        assert {u.id for u in service.list_users(a.id)} == {owner_a.id, both.id}


def test_a_user_of_company_b_cannot_change_as_roles_policy_or_assignments(db, two):
    a, b, owner_a, both, _ob, ctx = two
    with context.acting_as(context.system_context(context.current().tenant_id)):
        [asg_a] = [x for x in service.assignments_of(both.id) if x.company_id == a.id]
        before = {(r.code, tuple(g.pattern for g in r.grants)) for r in service.list_roles(a.id)}
    with context.acting_as(ctx):
        for write in (lambda: service.save_role(a.id, "accountant", "Accountant", "হিসাবরক্ষক", [GrantView(pattern="*")]),
                      lambda: service.set_mfa_required(a.id, "accountant", True),
                      lambda: service.unassign_role(asg_a.id)):
            with pytest.raises(NotFound):
                write()
        # B's own are changed as before
        assert service.set_mfa_required(b.id, "viewer", True) is True
    with context.acting_as(context.system_context(context.current().tenant_id)):
        assert {(r.code, tuple(g.pattern for g in r.grants)) for r in service.list_roles(a.id)} == before
        assert not any(r.mfa_required for r in service.list_roles(a.id))
        assert asg_a.id in {x.id for x in service.assignments_of(both.id)}


def test_an_owner_of_both_companies_still_administers_the_other_one(db, two):
    """Cross-company administration stays for whoever holds the grants there (as assign_role)."""
    a, b, owner_a, _both, _ob, _ctx = two
    service.assign_role(owner_a.id, b.id, "owner")
    ctx = sessions.context_for(owner_a.id, context.current().tenant_id, company_id=a.id)
    with context.acting_as(ctx):
        assert service.set_mfa_required(b.id, "viewer", True) is True


def test_rest_and_graphql_do_not_show_as_roles(db, two):
    a, b, owner_a, both, _ob, ctx = two
    with context.acting_as(context.system_context(context.current().tenant_id)):
        a_ids = {str(r.id) for r in service.list_roles(a.id)}
        a_ids |= {str(x.id) for x in service.assignments_of(both.id) if x.company_id == a.id}
        a_ids |= {str(x.id) for x in service.assignments_of(owner_a.id)}
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _r: ctx])
    with TestClient(app) as client:
        for path in (f"/api/v1/auth/companies/{a.id}/roles", f"/api/v1/auth/users?company_id={a.id}",
                     f"/api/v1/auth/users/{both.id}/limit?permission=finance.journal.post&company_id={a.id}",
                     f"/auth/roles?company={a.id}", f"/auth/roles/options?company_id={a.id}"):
            r = client.get(path)
            assert r.status_code == 404, (path, r.status_code)
        for path in (f"/api/v1/auth/users/{both.id}/roles", f"/api/v1/auth/users/{owner_a.id}/roles",
                     f"/auth/users/{both.id}", "/auth/roles", f"/api/v1/auth/companies/{b.id}/roles"):
            r = client.get(path)
            assert r.status_code == 200 and not {i for i in a_ids if i in r.text}, path
        g = client.post("/graphql", json={"query": f'{{ roles(companyId: "{a.id}") {{ id code }} }}'}).json()
        assert g.get("errors") and not g["data"]
        g = client.post("/graphql", json={"query": f'{{ user(id: "{both.id}") {{ roles {{ id companyId }} }} }}'})
        assert {x["companyId"] for x in g.json()["data"]["user"]["roles"]} == {str(b.id)}


def test_a_new_user_gets_no_role_its_creator_could_not_hand_out(db, two, tenant_id):
    """Found after the scoping work: `create_user(..., company, roles)` assigned the roles without the
    checks of `assign_role`, so a user of B able to create users could make an owner of A (or of B)."""
    a, b, _owner_a, _both, _owner_b, owner_ctx = two
    mail = f"@t{tenant_id.hex[-10:]}.example.com"
    with context.acting_as(owner_ctx):
        with pytest.raises((NotFound, PermissionDenied)):
            service.create_user(service.UserInput(email="mole" + mail, name="Mole"), PW, a.id, ["owner"])
        hr = service.create_user(service.UserInput(email="hr" + mail, name="MD"), PW, b.id, ["managing_director"])
    hr_ctx = sessions.context_for(hr.id, tenant_id, company_id=b.id)
    assert hr_ctx.can("auth.user.create") and hr_ctx.can("auth.role.assign")  # but not "*", which owner grants
    with context.acting_as(hr_ctx), pytest.raises(PermissionDenied):
        service.create_user(service.UserInput(email="boss" + mail, name="Boss"), PW, b.id, ["owner"])
    with context.acting_as(context.system_context(tenant_id)):
        emails = {u.email for u in service.list_users(a.id)} | {u.email for u in service.list_users(b.id)}
    assert not {"mole" + mail, "boss" + mail} & emails
