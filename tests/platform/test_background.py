"""Background runs (platform.background): queued on the real huey queue, run by a real consumer thread
as the user who submitted them (rebuilt by auth, permissions checked again), visible to that user,
to holders of the run's supervising permission, and to nobody in another tenant."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

import pytest
from sqlalchemy import select

from vextrus.platform import background, context
from vextrus.platform.errors import Conflict, NotFound
from vextrus.platform.ids import new_id
from vextrus.platform.tables import Tenant

_seen: list[tuple[UUID | None, UUID | None, bool, bool]] = []
PASSWORD = "a long enough password 1"


def record_who(payload: dict, progress) -> dict:  # noqa: ANN001  (work run by the consumer)
    ctx = context.current()
    _seen.append((ctx.user_id, ctx.company_id, ctx.system, ctx.can("master_data.party.import")))
    for i in range(1, payload["n"] + 1):
        progress("count", i, payload["n"])
    return {"counted": payload["n"]}


def _user(tenant_id: UUID, email: str, role: str = "owner") -> context.RequestContext:
    from vextrus.modules.auth import service as auth
    from vextrus.modules.auth.service import sessions
    from vextrus.modules.organization import api as org

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="B", name="Bench Ltd."))
        auth.seed_default_roles(c.id)
        u = auth.create_user(auth.UserInput(email=email, name="Importer"), PASSWORD, c.id, [role])
    return sessions.context_for(u.id, tenant_id, company_id=c.id)


@pytest.fixture
def user(db, tenant_id) -> context.RequestContext:
    return _user(tenant_id, f"u{tenant_id.hex[-12:]}@bg.example")


@pytest.fixture
def consumer(db, monkeypatch):
    monkeypatch.setattr(background, "PROGRESS_INTERVAL", 0)  # every call writes: the test sees each one
    db.jobs.start_consumer(workers=1, periodic=False)
    yield db.jobs
    db.jobs.stop_consumer()


def test_a_run_executes_as_its_submitter_with_progress_and_result(user, consumer):
    _seen.clear()
    with context.acting_as(user):
        run = background.submit("test.count", f"{__name__}:record_who", {"n": 3}, view_permission="test.supervise")
        assert run.status == "queued" and run.submitted_by == user.user_id
        assert background.wait(run.id, timeout=120) == "done"
        done = background.get_run(run.id)
    assert _seen == [(user.user_id, user.company_id, False, True)]  # the user, in their company, not the system
    assert (done.status, done.phase, done.done, done.total, done.result) == ("done", "count", 3, 3, {"counted": 3})
    assert done.error is None and done.started_at is not None and done.finished_at >= done.started_at


def test_a_submitter_unknown_to_auth_gets_a_failed_run_never_a_system_one(db, tenant_id, consumer):
    _seen.clear()
    ghost = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), permissions=frozenset({"*"}), actor="x")
    with context.acting_as(ghost):
        run = background.submit("test.count", f"{__name__}:record_who", {"n": 1}, view_permission="test.supervise")
        assert background.wait(run.id, timeout=120) == "failed"
        failed = background.get_run(run.id)
    assert _seen == []  # the work never ran
    assert failed.error.code == "unauthenticated" and failed.error.message_bn


def test_system_and_anonymous_contexts_cannot_submit(db, tenant_id):
    for ctx in (context.system_context(tenant_id), context.ANONYMOUS):
        with context.acting_as(ctx), pytest.raises(Exception) as err:
            background.submit("test.count", f"{__name__}:record_who", {"n": 1}, view_permission="x.y")
        assert getattr(err.value, "code", None) == "unauthenticated"


def test_idempotency_key_returns_the_first_run_and_refuses_another_request(db, tenant_id):
    me = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), permissions=frozenset({"*"}), actor="me")
    with context.acting_as(me):
        first = background.submit("test.count", f"{__name__}:record_who", {"n": 2}, view_permission="x.y",
                                  idempotency_key="k-1")
        again = background.submit("test.count", f"{__name__}:record_who", {"n": 2}, view_permission="x.y",
                                  idempotency_key="k-1")
        assert again.id == first.id
        with pytest.raises(Conflict) as err:
            background.submit("test.count", f"{__name__}:record_who", {"n": 5}, view_permission="x.y",
                              idempotency_key="k-1")
        assert err.value.code == "idempotency_key_reused"
        other = background.submit("test.count", f"{__name__}:record_who", {"n": 2}, view_permission="x.y")
        assert other.id != first.id


def test_runs_are_read_by_their_submitter_a_supervisor_and_nobody_in_another_tenant(db, tenant_id):
    company, elsewhere = new_id(), new_id()
    me = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), permissions=frozenset({"a.b"}), actor="me",
                                company_id=company)
    with context.acting_as(me):
        run = background.submit("test.count", f"{__name__}:record_who", {"n": 1}, view_permission="test.supervise")
        assert background.get_run(run.id).id == run.id
    with context.acting_as(replace(me, company_id=elsewhere)):
        assert background.get_run(run.id).id == run.id  # one's own run, whichever company one acts in
    colleague = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), permissions=frozenset({"a.*"}),
                                       company_id=company)
    supervisor = context.RequestContext(tenant_id=tenant_id, user_id=new_id(),
                                        permissions=frozenset({"test.supervise"}), company_id=company)
    other_company = context.RequestContext(tenant_id=tenant_id, user_id=new_id(),
                                           permissions=frozenset({"test.supervise"}), company_id=elsewhere)
    with context.acting_as(other_company), pytest.raises(NotFound):
        background.get_run(run.id)  # a supervisor of another company of the tenant
    other_tid = new_id()
    with context.acting_as(context.system_context()), db.session_factory.begin() as s:
        s.add(Tenant(id=other_tid, code=f"t{other_tid.hex[-12:]}", name="Other Ltd.", is_demo=False))
    outsider = context.RequestContext(tenant_id=other_tid, user_id=me.user_id, permissions=frozenset({"*"}))
    with context.acting_as(colleague), pytest.raises(NotFound):
        background.get_run(run.id)
    with context.acting_as(supervisor):
        assert background.get_run(run.id).submitted_by == me.user_id
    with context.acting_as(outsider):
        with pytest.raises(NotFound):
            background.get_run(run.id)
        with db.session_factory() as s:  # not even a query without the tenant filter of get_run finds it
            assert s.execute(select(background.BackgroundRun.id)).scalars().all() == []


def test_progress_writes_at_most_once_per_interval_and_always_on_a_new_phase(db, tenant_id, monkeypatch):
    me = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), permissions=frozenset({"*"}), actor="me")
    with context.acting_as(me):
        run = background.submit("test.count", f"{__name__}:record_who", {"n": 1}, view_permission="x.y")
        writes: list[dict] = []
        real = background._write
        monkeypatch.setattr(background, "_write", lambda rid, values: (writes.append(values), real(rid, values)))
        monkeypatch.setattr(background, "PROGRESS_INTERVAL", 3600)  # nothing is written twice in one phase
        p = background.Progress(run.id)
        for i in range(1, 101):
            p("check", i, 100)
        p("write", 0, 100)
        p("write", 100, 100)
        assert writes == [{"phase": "check", "done": 1, "total": 100}, {"phase": "write", "done": 0, "total": 100}]
        assert p.last == ("write", 100, 100)  # kept: written when the run ends
        now = background.get_run(run.id)
    assert (now.phase, now.done, now.total) == ("write", 0, 100)


@pytest.fixture
def client(db, user):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: user])) as c:
        yield c


JOURNAL = ("2024-01-01 Opening\n    assets:bank:city    ৳1,00,000.00\n    equity:share capital\n\n"
           "2024-01-05 Cement\n    expenses:site:materials    ৳2,500.50\n    assets:bank:city\n")


def test_finance_and_projects_imports_run_in_the_background_on_request(client, user, consumer):
    """`background=true` on the hledger and XER imports: 202 and a Location; the run's result is the
    answer the synchronous call gives (compared on a second book / the same file), a refusal its error."""
    from pathlib import Path

    inline = client.post("/api/v1/finance/import", params={"company": "INL"}, content=JOURNAL.encode())
    assert inline.status_code == 200, inline.text
    r = client.post("/api/v1/finance/import", params={"company": "BGR", "background": "true"},
                    content=JOURNAL.encode())
    assert r.status_code == 202 and r.headers["location"] == f"/api/v1/jobs/{r.json()['id']}"
    with context.acting_as(user):
        assert background.wait(UUID(r.json()["id"]), timeout=300) == "done"
    got = client.get(r.headers["location"]).json()
    assert got["result"] == {**inline.json(), "book": "BGR"} and got["result"]["entries"] == 2
    bad = client.post("/api/v1/finance/import", params={"company": "BAD", "background": "true"},
                      content=b"include /etc/passwd\n")
    with context.acting_as(user):
        assert background.wait(UUID(bad.json()["id"]), timeout=300) == "failed"
    refused = client.get(bad.headers["location"]).json()["error"]
    assert refused["code"] == "plaintext_include_refused" and "root:" not in str(refused)

    xer = (Path(__file__).parents[1] / "modules" / "projects" / "data" / "tower_a.xer").read_bytes()
    p = client.post("/api/v1/projects/import", params={"background": "true", "code": "TWA"},
                    files={"file": ("tower_a.xer", xer)})
    assert p.status_code == 202, p.text
    with context.acting_as(user):
        assert background.wait(UUID(p.json()["id"]), timeout=300) == "done"
    run = client.get(p.headers["location"]).json()
    assert run["result"]["format"] == "xer" and run["result"]["projects"] == ["TWA"]
    assert run["result"]["activities"] > 0 and (run["phase"], run["done"], run["total"]) == ("running", 1, 1)
