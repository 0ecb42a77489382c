"""A company never loses its last active owner (a user holding, unscoped, a role that grants
everything): not by deactivation, role removal, a change of role, nor by editing the owner
role's grants; refused in the service, with a bilingual error, from every edge."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import service  # noqa: E402
from vextrus.modules.auth.service import GrantView, roles  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import context  # noqa: E402
from vextrus.platform.errors import DomainError  # noqa: E402
from vextrus.platform.ids import new_id  # noqa: E402

PW = "Rod&Cement-2025"


def mail(local: str) -> str:
    return f"{local}@t{context.current().tenant_id.hex[-10:]}.example.com"


@pytest.fixture
def company(admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    service.seed_default_roles(c.id)
    return c


def _user(company, local: str, role: str = "owner"):
    return service.create_user(service.UserInput(email=mail(local), name=local.title()), PW, company.id, [role])


def _as(user) -> context.RequestContext:  # noqa: ANN001
    from vextrus.modules.auth.service import sessions

    return sessions.context_for(user.id, context.current().tenant_id)


def _refused(fn, *args, **kwargs) -> DomainError:  # noqa: ANN001
    with pytest.raises(DomainError) as err:
        fn(*args, **kwargs)
    e = err.value
    assert e.code == "auth.last_owner" and e.status == 409
    assert e.message and e.message_bn and e.message != e.message_bn and e.field
    return e


def test_the_only_owner_cannot_deactivate_themselves(company):
    owner = _user(company, "owner")
    with context.acting_as(_as(owner)):
        e = _refused(service.set_active, owner.id, False)
    assert e.field == "user_id" and e.details["user_id"] == str(owner.id)
    assert service.get_user(owner.id).active


def test_another_admin_cannot_deactivate_the_only_owner(company):
    owner = _user(company, "owner")
    md = _user(company, "md", "managing_director")  # holds auth.user.* but not everything
    with context.acting_as(_as(md)):
        _refused(service.set_active, owner.id, False)
    assert service.get_user(owner.id).active


def test_with_a_second_owner_one_may_go(company):
    first, second = _user(company, "first"), _user(company, "second")
    with context.acting_as(_as(first)):
        assert not service.set_active(first.id, False).active
        _refused(service.set_active, second.id, False)  # now the last one
    assert service.get_user(second.id).active


def test_an_inactive_owner_does_not_count(company):
    first, second = _user(company, "first"), _user(company, "second")
    service.set_active(second.id, False)
    _refused(service.set_active, first.id, False)
    service.set_active(second.id, True)  # reactivating is always allowed
    assert not service.set_active(first.id, False).active


def test_the_owner_role_cannot_be_removed_from_the_only_owner(company):
    owner = _user(company, "owner")
    [asg] = service.assignments_of(owner.id)
    e = _refused(service.unassign_role, asg.id)
    assert e.details["role"] == "owner" and e.details["user_id"] == str(owner.id)
    assert [a.role_code for a in service.assignments_of(owner.id)] == ["owner"]


def test_a_role_change_keeps_an_owner(company):
    """Demoting = assigning another role and removing owner: the removal is refused."""
    owner = _user(company, "owner")
    [asg] = service.assignments_of(owner.id)
    service.assign_role(owner.id, company.id, "viewer")
    _refused(service.unassign_role, asg.id)
    # with another owner first, the change goes through
    _user(company, "heir")
    assert service.unassign_role(asg.id)
    assert [a.role_code for a in service.assignments_of(owner.id)] == ["viewer"]


def test_a_scoped_owner_assignment_is_not_an_owner(company):
    owner = _user(company, "owner")
    other = _user(company, "pm", "project_manager")
    service.assign_role(other.id, company.id, "owner", "project", new_id())
    [asg] = service.assignments_of(owner.id)
    _refused(service.unassign_role, asg.id)


def test_the_owner_roles_grants_cannot_be_narrowed_away(company):
    _user(company, "owner")
    e = _refused(service.save_role, company.id, "owner", "Owner", "মালিক", [GrantView(pattern="*.*.view")])
    assert e.field == "grants" and e.details["role"] == "owner"
    assert [g.pattern for g in next(r for r in service.list_roles(company.id) if r.code == "owner").grants] == ["*"]
    # another role that grants everything may carry the company instead
    service.save_role(company.id, "admin", "Administrator", "প্রশাসক", [GrantView(pattern="*")])
    heir = _user(company, "heir", "admin")
    assert heir and service.save_role(company.id, "owner", "Owner", "মালিক", [GrantView(pattern="*.*.view")])


def test_a_company_without_owners_can_still_be_managed(company):
    """The rule keeps an owner; it does not demand one where there never was."""
    pm = _user(company, "pm", "project_manager")
    [asg] = service.assignments_of(pm.id)
    assert service.unassign_role(asg.id)
    assert not service.set_active(pm.id, False).active


def test_each_company_keeps_its_own_owner(company):
    other = org.create_company(org.CompanyInput(code="JMN", name="Jamuna Ltd."))
    service.seed_default_roles(other.id)
    both = _user(company, "both")
    service.assign_role(both.id, other.id, "owner")
    _user(company, "second")  # a second owner in PBL only
    jmn = next(a for a in service.assignments_of(both.id) if a.company_id == other.id)
    e = _refused(service.unassign_role, jmn.id)
    assert e.details["company_id"] == str(other.id)
    _refused(service.set_active, both.id, False)  # still the only owner of Jamuna


def test_refused_over_rest_graphql_and_the_users_page(company, make_client):
    owner = _user(company, "owner")
    from vextrus.modules.auth.service import sessions

    client = make_client()
    token = sessions.login(owner.email, PW, "test-last-owner-" + owner.email).access_token
    h = {"Authorization": f"Bearer {token}"}
    r = client.put(f"/api/v1/auth/users/{owner.id}", headers=h,
                   json={"email": owner.email, "name": "Owner", "active": False})
    assert r.status_code == 409 and r.json()["code"] == "auth.last_owner" and r.json()["message_bn"]
    [asg] = service.assignments_of(owner.id)
    r = client.delete(f"/api/v1/auth/assignments/{asg.id}", headers=h)
    assert r.status_code == 409 and r.json()["code"] == "auth.last_owner"
    r = client.post("/graphql", headers=h, json={
        "query": "mutation($id: ID!) { setUserActive(id: $id, active: false) { active } }",
        "variables": {"id": str(owner.id)}})
    assert r.json()["errors"][0]["extensions"]["code"] == "auth.last_owner"
    # the page: the browser session of the owner, the row shows the refusal in Bangla
    client.get("/login")
    csrf = client.cookies.get("vx_csrf")
    client.post("/login", data={"email": owner.email, "password": PW, "csrf_token": csrf}, follow_redirects=False)
    client.cookies.set("vx_lang", "bn")
    r = client.post(f"/auth/users/{owner.id}/active", data={"active": "false", "csrf_token": csrf})
    assert r.status_code == 422 and "মালিক" in r.text
    assert service.get_user(owner.id).active


def test_two_owners_removing_each_other_at_once_leave_one(company, monkeypatch):
    """Write skew: each sees the other still active. The company's all-granting roles are locked
    before counting, so the second waits for the first and then sees it was the last."""
    import threading

    first, second = _user(company, "first"), _user(company, "second")
    tid = context.current().tenant_id
    inside, counted = threading.Event(), threading.Event()
    real = roles._owners
    calls: dict[str, int] = {}

    def owners(uow, company_id):  # noqa: ANN001, ANN202
        name = threading.current_thread().name
        calls[name] = calls.get(name, 0) + 1
        if name == "t2":
            counted.set()
        if name == "t1" and calls[name] == 2:  # changed, not committed: let t2 run now
            inside.set()
            counted.wait(0.5)  # without the lock t2 counts at once; with it, it waits for t1
        return real(uow, company_id)

    monkeypatch.setattr(roles, "_owners", owners)
    outcome: dict[str, str] = {}

    as_first, as_second = sessions_ctx(first, tid), sessions_ctx(second, tid)

    def run(name: str, actor, target) -> None:  # noqa: ANN001
        try:
            with context.acting_as(actor):
                service.set_active(target.id, False)
            outcome[name] = "done"
        except DomainError as exc:
            outcome[name] = exc.code

    t1 = threading.Thread(target=run, args=("t1", as_first, second), name="t1")
    t2 = threading.Thread(target=run, args=("t2", as_second, first), name="t2")
    t1.start()
    assert inside.wait(10)
    t2.start()
    t1.join()
    t2.join()
    assert outcome == {"t1": "done", "t2": "auth.last_owner"}
    assert service.get_user(first.id).active and not service.get_user(second.id).active


def sessions_ctx(user, tenant_id):  # noqa: ANN001, ANN201
    from vextrus.modules.auth.service import sessions

    return sessions.context_for(user.id, tenant_id)
