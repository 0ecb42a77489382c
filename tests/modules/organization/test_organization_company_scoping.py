"""Company scoping of the organization structure (security issue 10, finding 2): inside one tenant,
a user acting in company B — its owner, holding every permission there, `organization.unit.view` and
`organization.member.view` included — neither reads company A's branches, sites, departments, cost
centres and members nor adds units to A. Company A is "not found" (its existence is not revealed);
the company records themselves stay the tenant's; system work still reaches every company."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.auth import service as auth
from vextrus.modules.auth.service import sessions
from vextrus.modules.organization import api, service
from vextrus.modules.organization.service import CompanyInput
from vextrus.platform import context
from vextrus.platform.errors import NotFound, PermissionDenied


@pytest.fixture
def two(admin, tenant_id):
    """Companies A (PBL) and B (PB2), each with a head office, a site, a department, a cost centre
    and a member; the context of B's owner (roles in B only) acting in B."""
    a = service.create_company(CompanyInput(code="PBL", name="Padma Builders Ltd."))
    b = service.create_company(CompanyInput(code="PB2", name="Padma Builders Two Ltd."))
    units = {}
    for c in (a, b):
        ho = service.add_branch(c.id, "HO", f"{c.code} head office", "head_office")
        site = service.add_branch(c.id, "S1", f"{c.code} site one", "site")
        dept = service.add_department(c.id, "ACC", f"{c.code} accounts", branch_id=ho.id)
        cc = service.add_cost_centre(c.id, "CC1", f"{c.code} site works", department_id=dept.id, branch_id=site.id)
        units[c.id] = {ho.id, site.id, dept.id, cc.id}
    auth.seed_default_roles(a.id)
    auth.seed_default_roles(b.id)
    mail = f"@t{tenant_id.hex[-10:]}.example.com"
    owner_a = auth.create_user(auth.UserInput(email="owner-a" + mail, name="Owner A"), "Rod&Cement-2025",
                               a.id, ["owner"])
    owner_b = auth.create_user(auth.UserInput(email="owner-b" + mail, name="Owner B"), "Rod&Cement-2025",
                               b.id, ["owner"])
    ctx = sessions.context_for(owner_b.id, tenant_id, company_id=b.id)
    assert ctx.company_id == b.id and ctx.can("organization.unit.view") and ctx.can("organization.member.view")
    assert not ctx.system
    return a, b, units, owner_a, owner_b, ctx


def test_a_user_of_company_b_reads_only_bs_units_and_members(db, two):
    a, b, units, owner_a, owner_b, ctx = two
    with context.acting_as(ctx):
        assert {u.id for u in service.list_units(b.id)} == units[b.id]
        assert [m.user_id for m in service.members(b.id)] == [owner_b.id]
        for read in (lambda: service.list_units(a.id), lambda: service.members(a.id),
                     lambda: api.list_cost_centres(a.id), lambda: api.list_departments(a.id)):
            with pytest.raises(NotFound) as e:
                read()
            assert e.value.status == 404 and e.value.message_bn and e.value.field == "company_id"
        # no company named: the active company's units only
        assert {u.id for u in api.list_cost_centres()} | {u.id for u in api.list_departments()} <= units[b.id]
        assert len(api.list_cost_centres()) == 1 and len(api.list_departments()) == 1
        # the company records themselves stay the tenant's
        assert {c.code for c in service.list_companies()} == {"PBL", "PB2"}


def test_a_user_of_company_b_cannot_add_units_to_a(db, two):
    a, b, units, *_rest, ctx = two
    with context.acting_as(ctx):
        adds = [lambda: service.add_branch(a.id, "S9", "Sneaky site", "site"),
                lambda: service.add_department(a.id, "D9", "Sneaky department"),
                lambda: service.add_cost_centre(a.id, "C9", "Sneaky cost centre")]
        for add in adds:
            with pytest.raises(NotFound):
                add()
        assert service.add_branch(b.id, "S2", "Site two", "site").company_id == b.id
    assert {u.id for u in service.list_units(a.id)} == units[a.id]  # nothing written into A


def test_system_work_and_a_context_without_a_company_reach_every_company(db, two, tenant_id):
    a, b, units, owner_a, _ob, _ctx = two
    with context.acting_as(context.system_context(tenant_id)):
        assert {u.id for u in service.list_units(a.id)} == units[a.id]
        assert [m.user_id for m in service.members(a.id)] == [owner_a.id]
        assert len(api.list_cost_centres()) == 2
    assert {u.id for u in service.list_units(b.id)} == units[b.id]  # the admin fixture: no active company


def test_rest_graphql_and_the_page_show_b_only(db, two):
    a, b, units, owner_a, _ob, ctx = two
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _r: ctx])
    a_ids = {str(i) for i in units[a.id]} | {str(owner_a.id)}
    with TestClient(app) as client:
        for path in (f"/api/v1/organization/companies/{a.id}/units", f"/api/v1/organization/companies/{a.id}/members"):
            r = client.get(path)
            assert r.status_code == 404 and not a_ids & set(r.text.split('"')), path
        r = client.get(f"/api/v1/organization/companies/{b.id}/units")
        assert r.status_code == 200 and {u["id"] for u in r.json()} == {str(i) for i in units[b.id]}
        r = client.post("/graphql", json={"query": "{ companies { nodes { code units { id code } memberUserIds } } }"})
        body = r.json()
        assert not body.get("errors"), body
        by_code = {c["code"]: c for c in body["data"]["companies"]["nodes"]}
        assert by_code["PBL"]["units"] == [] and by_code["PBL"]["memberUserIds"] == []
        assert {u["id"] for u in by_code["PB2"]["units"]} == {str(i) for i in units[b.id]}
        page = client.get("/organization")  # the active company is selected, not the first by code
        assert page.status_code == 200 and "PB2 site one" in page.text and "PBL site one" not in page.text
        assert client.get(f"/organization?company={a.id}").status_code == 404
        r = client.post(f"/api/v1/organization/companies/{a.id}/units",
                        json={"code": "S9", "name": "Sneaky", "kind": "site"})
        assert r.status_code == 404, r.text


def test_a_user_of_company_b_cannot_change_company_as_legal_details(db, two, tenant_id):
    a, b, _units, _oa, _ob, ctx = two
    with context.acting_as(ctx):
        with pytest.raises(NotFound) as e:
            service.update_company(a.id, CompanyInput(code="PBL", name="Hijacked Ltd.", tin="123456789012"))
        assert e.value.status == 404 and e.value.field == "company_id"
        assert service.update_company(b.id, CompanyInput(code="PB2", name="Padma Two Ltd.")).name == "Padma Two Ltd."
    assert service.get_company(a.id).name == "Padma Builders Ltd." and service.get_company(a.id).version == 1
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _r: ctx])
    with TestClient(app) as client:
        r = client.put(f"/api/v1/organization/companies/{a.id}", json={"code": "PBL", "name": "Hijacked Ltd."})
        assert r.status_code == 404, r.text
    assert service.get_company(a.id).name == "Padma Builders Ltd."
    with context.acting_as(context.system_context(tenant_id)):  # system work still changes any company
        assert service.update_company(a.id, CompanyInput(code="PBL", name="Padma Builders PLC")).version == 2


def test_a_user_of_company_b_cannot_change_company_as_members(db, two, tenant_id):
    a, b, _units, owner_a, owner_b, ctx = two
    with context.acting_as(ctx):
        for write in (lambda: service.add_member(a.id, owner_b.id), lambda: api.add_member(a.id, owner_b.id),
                      lambda: service.remove_member(a.id, owner_a.id)):
            with pytest.raises(NotFound) as e:
                write()
            assert e.value.status == 404 and e.value.field == "company_id"
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _r: ctx])
    with TestClient(app) as client:
        r = client.post(f"/api/v1/organization/companies/{a.id}/members", json={"user_id": str(owner_b.id)})
        assert r.status_code == 404, r.text
    assert [m.user_id for m in service.members(a.id)] == [owner_a.id]  # nothing written into A
    with context.acting_as(ctx):  # B's own membership stays B's owner's to change
        assert service.add_member(b.id, owner_a.id).company_id == b.id
        assert service.remove_member(b.id, owner_a.id) is True
    with context.acting_as(context.system_context(tenant_id)):
        assert service.add_member(a.id, owner_b.id).company_id == a.id
        assert service.remove_member(a.id, owner_b.id) is True


def test_auth_adds_the_member_for_a_user_permitted_in_the_target_company(db, two, tenant_id):
    """Cross-company role assignment keeps working: owner A, also an owner of B and acting in B,
    assigns a role in A; auth writes the membership through organization on their behalf. B's owner
    (no role in A) is refused by auth, and neither of them may write A's members directly."""
    a, b, _units, owner_a, owner_b, ctx_b = two
    auth.assign_role(owner_a.id, b.id, "owner")
    mail = f"@t{tenant_id.hex[-10:]}.example.com"
    clerk = auth.create_user(auth.UserInput(email="clerk" + mail, name="Clerk"), "Rod&Cement-2025", b.id, ["viewer"])
    ctx_ab = sessions.context_for(owner_a.id, tenant_id, company_id=b.id)
    assert ctx_ab.company_id == b.id and not ctx_ab.system
    with context.acting_as(ctx_ab):
        with pytest.raises(NotFound):
            service.add_member(a.id, clerk.id)  # organization directly: the active company only
        auth.assign_role(clerk.id, a.id, "viewer")
    assert {m.user_id for m in service.members(a.id)} == {owner_a.id, clerk.id}
    other = auth.create_user(auth.UserInput(email="other" + mail, name="Other"), "Rod&Cement-2025", b.id, ["viewer"])
    with context.acting_as(ctx_b), pytest.raises((NotFound, PermissionDenied)):
        auth.assign_role(other.id, a.id, "viewer")
    assert other.id not in {m.user_id for m in service.members(a.id)}
