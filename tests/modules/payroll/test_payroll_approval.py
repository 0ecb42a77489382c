"""Payroll runs approved through the workflow module (issues 13 and 18), with the seeded `payroll_run`
definition (the accountant reviews every run; above 10,00,000 net the managing director decides within
`payroll.run.approve`) and real users holding the default roles, on both databases: the plain approve refused,
the draft submitted (idempotent), approved by payroll for the submitter once, a rejection keeping the draft to
be prepared and submitted again; monthly and wage runs; unchanged without a workflow and for system work."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest
from payroll_setup import SAT, month_run, setup, site, staff, week, worker
from sqlalchemy import select

from approval_people import People, approvers
from vextrus.modules.hr import api as hr_api
from vextrus.modules.payroll import approvals, handlers, service
from vextrus.modules.payroll.schemas import OvertimeInput, StructureInput, WageRunRequest
from vextrus.modules.workflow import service as workflow
from vextrus.modules.workflow.domain import DecisionRefused
from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.events import Envelope
from vextrus.platform.ids import new_id
from vextrus.platform.relay import make_dispatch
from vextrus.platform.tables import OutboxEvent

ROLES = {"hr": ["hr_officer"], "acct": ["accountant"], "md": ["managing_director"]}
JAN = date(2026, 1, 1)


@pytest.fixture
def co(db, admin):  # noqa: ANN001, ANN201
    return setup()


@pytest.fixture
def people(db, tenant_id, co) -> People:  # noqa: ANN001
    people = approvers(tenant_id, co.id, ROLES, "pay")
    with context.acting_as(context.system_context(tenant_id)):
        assert "payroll_run" in workflow.seed_defaults()  # among the defaults
    return people


def refused(code: str, fn, *args, **kw) -> DomainError:  # noqa: ANN001
    with pytest.raises(DomainError) as e:
        fn(*args, **kw)
    assert e.value.code == code, (e.value.code, e.value.message)
    return e.value


def outbox(db, tenant_id: UUID, name: str) -> list[OutboxEvent]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return list(s.execute(select(OutboxEvent).where(OutboxEvent.name == name)
                              .order_by(OutboxEvent.occurred_at, OutboxEvent.id)).scalars())


def test_a_monthly_run_is_reviewed_by_the_accountant_and_approved_for_the_submitter(db, co, people):
    staff(co)
    with people.acting("hr"):
        run = month_run(co, JAN)
    assert D(0) < run.net < D(1_000_000)
    with people.acting("md"):  # the managing director's unlimited payroll.run.approve is no way round it
        e = refused("payroll.approval_required", service.approve_run, run.id)
    assert e.field == "status" and e.details == {"status": "", "instance_id": ""}
    assert "অনুমোদনের জন্য জমা দিন" in e.message_bn and "submit it for approval" in e.message
    with people.acting("hr"):
        inst = approvals.submit_run("monthly", run.id, idempotency_key="pay-submit-1")
        assert approvals.submit_run("monthly", run.id, idempotency_key="pay-submit-1").id == inst.id  # a retry
        assert (inst.definition_code, inst.amount) == ("payroll_run", run.net)
        assert [t.step_key for t in inst.tasks] == ["accountant_review"]  # below 10,00,000 net: no director
        with pytest.raises(DecisionRefused) as d:
            workflow.decide(inst.id, "approve")  # nobody approves what they submitted
        assert d.value.code == "self_approval"
        e = refused("payroll.approval_pending", month_run, co, JAN)  # the figures the approval decides stay
        assert e.details == {"status": "pending", "instance_id": str(inst.id)}
    with people.acting("md"):
        e = refused("payroll.approval_required", service.approve_run, run.id)
        assert e.details == {"status": "pending", "instance_id": str(inst.id)} and "অপেক্ষমাণ" in e.message_bn
        with pytest.raises(DecisionRefused) as d:
            workflow.decide(inst.id, "approve")  # the review step is the accountant's
        assert d.value.code == "approver_role"
    assert service.get_run(run.id).status == "draft"
    with people.acting("acct"):
        assert workflow.decide(inst.id, "approve", "checked against the muster").status == "approved"
        approved = service.get_run(run.id)
        assert approved.status == "approved" and approved.version == run.version + 1
        posted = service.post_run(run.id)  # the accountant posts the approved run (payroll.run.post)
    assert posted.status == "posted"
    [ev] = [e for e in outbox(db, people.tenant_id, "payroll.run.approved") if e.payload["run_id"] == str(run.id)]
    assert ev.actor.startswith("hr.") and ev.actor.endswith(" via payroll")  # for the submitter, by payroll


def test_above_ten_lakh_net_the_managing_director_decides_after_the_accountant(db, co, people):
    service.save_structure(StructureInput(company_id=co.id, grade="D1", basic=D(2_500_000)))
    staff(co, "E1")
    staff(co, "D1", grade="D1")
    with people.acting("hr"):
        run = month_run(co, JAN)
        assert run.net > D(1_000_000)
        inst = approvals.submit_run("monthly", run.id)
    assert [t.step_key for t in inst.tasks] == ["accountant_review", "director"]
    with people.acting("acct"):
        assert workflow.decide(inst.id, "approve").status == "pending"
    assert service.get_run(run.id).status == "draft"  # not before the director
    with people.acting("md"):
        assert workflow.decide(inst.id, "approve").status == "approved"
    assert service.get_run(run.id).status == "approved"


def test_a_rejected_run_stays_a_draft_and_is_prepared_and_submitted_again(db, co, people):
    staff(co)
    with people.acting("hr"):
        run = month_run(co, JAN)
        first = approvals.submit_run("monthly", run.id)
    with people.acting("acct"):
        assert workflow.decide(first.id, "reject", "overtime of E1 is wrong").status == "rejected"
    assert service.get_run(run.id).status == "draft"
    with people.acting("hr"):
        needs, latest = approvals.approval_state("monthly", run.id)
        assert needs and latest.status == "rejected"
        assert latest.history[-1].comment == "overtime of E1 is wrong"
        again = month_run(co, JAN)  # a rejected draft may be computed again
        assert again.id == run.id
        second = approvals.submit_run("monthly", run.id)
    assert second.id != first.id and second.status == "pending"
    with people.acting("acct"):
        workflow.decide(second.id, "approve")
    assert service.get_run(run.id).status == "approved"
    with people.acting("hr"):
        refused("payroll.run_not_draft", approvals.submit_run, "monthly", run.id)


def test_the_approved_event_delivered_twice_approves_the_run_once(db, co, people):
    staff(co)
    with people.acting("hr"):
        run = month_run(co, JAN)
        inst = approvals.submit_run("monthly", run.id)
    with people.acting("acct"):
        workflow.decide(inst.id, "approve")
    [row] = [e for e in outbox(db, people.tenant_id, "workflow.instance.approved")
             if e.payload["document_id"] == str(run.id)]
    env = Envelope(id=row.id, name=row.name, version=row.version, tenant_id=row.tenant_id,
                   occurred_at=row.occurred_at, actor=row.actor, payload=row.payload)
    [sub] = [x for x in handlers.subscriptions.items if x.event_name == "workflow.instance.approved"]
    dispatch = make_dispatch(db.session_factory)
    dispatch(sub, env)  # the same event again (the inbox)
    dispatch(sub, Envelope(**{**env.__dict__, "id": new_id()}))  # a copy under a new id (the run's state)
    view = service.get_run(run.id)
    assert view.status == "approved" and view.version == run.version + 1
    assert len([e for e in outbox(db, people.tenant_id, "payroll.run.approved")
                if e.payload["run_id"] == str(run.id)]) == 1


def test_an_approval_of_figures_changed_since_does_not_approve_the_run(db, co, people):
    e = staff(co)
    with people.acting("hr"):
        run = month_run(co, JAN)
        inst = approvals.submit_run("monthly", run.id)
    with context.acting_as(context.system_context(people.tenant_id)):  # system work is not held: 10 hours overtime
        changed = month_run(co, JAN, overtime=[OvertimeInput(employee_id=e.id, hours=D(10))])
    assert changed.id == run.id and changed.version == run.version + 1 and changed.net > run.net
    with people.acting("acct"):
        assert workflow.decide(inst.id, "approve").status == "approved"
    assert service.get_run(run.id).status == "draft"  # the approval was of the figures submitted, not these
    with people.acting("md"):
        refused("payroll.approval_required", service.approve_run, run.id)  # submit the new figures
    with people.acting("hr"):
        second = approvals.submit_run("monthly", run.id)
    assert second.id != inst.id and second.amount == changed.net
    with people.acting("acct"):
        workflow.decide(second.id, "approve")
    assert service.get_run(run.id).status == "approved"


def test_a_wage_run_goes_through_the_same_workflow(db, co, people):
    project = site(co)
    ws = [worker(co, project, "W-1"), worker(co, project, "W-2", D(650))]
    week(co, project, ws, SAT, {ws[0].id: 6, ws[1].id: 7})
    run = hr_api.prepare_wage_run(WageRunRequest(company_id=co.id, period_start=SAT, period_end=SAT.replace(day=10),
                                                 project_id=project))
    assert run.net == D(500 * 6 + 650 * 7)
    with people.acting("md"):
        e = refused("payroll.approval_required", service.approve_wage_run, run.id)
    assert "মজুরি চালনা" in e.message_bn and e.field == "status"
    with people.acting("hr"):
        inst = approvals.submit_run("wage", run.id)
    assert inst.amount == run.net and inst.document_id == run.id
    with people.acting("acct"):
        workflow.decide(inst.id, "approve")
    assert service.get_wage_run(run.id).status == "approved"


def test_without_an_active_workflow_or_its_module_and_for_system_work_the_plain_approve_works(
        db, co, people, monkeypatch):
    staff(co)
    with people.acting("hr"):
        run = month_run(co, JAN)
    with context.acting_as(context.system_context(people.tenant_id, actor="demo")):
        assert service.approve_run(run.id).status == "approved"  # system work (the demo loader) is not held
    dec = month_run(co, date(2025, 12, 1))
    monkeypatch.setattr(approvals.workflow, "running", lambda: False)  # as in a deployment without workflow
    with people.acting("md"):
        assert service.approve_run(dec.id).status == "approved"


def test_with_no_payroll_run_workflow_the_plain_approve_works_and_submit_is_refused(db, tenant_id, admin):
    c = setup()
    staff(c)
    run = month_run(c, JAN)  # a tenant never seeded: no active payroll run workflow
    e = refused("payroll.approval_not_needed", approvals.submit_run, "monthly", run.id)
    assert e.message_bn
    assert service.approve_run(run.id).status == "approved"


def test_the_demo_with_the_seeded_workflows_still_posts_january(db, tenant_id, admin):
    from vextrus.modules.finance import demo as finance_demo
    from vextrus.modules.organization import api as org
    from vextrus.modules.payroll import demo
    from vextrus.modules.workflow import demo as workflow_demo

    org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড"))
    workflow_demo.load(tenant_id)  # the demo company seeds the workflow defaults, the payroll run's among them
    finance_demo.load(tenant_id)
    demo.load(tenant_id)  # approves and posts January as the system
    [cid] = [c.id for c in org.list_companies()]
    runs = service.list_runs(cid).items
    assert [(r.month, r.status) for r in runs] == [(JAN, "posted")]
    assert approvals.latest(runs[0].id) is None  # system work went through no approval


def _client(db, ctx):  # noqa: ANN001, ANN202
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    return TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx]))


def test_rest_and_graphql_submit_with_an_idempotency_key(db, co, people):
    staff(co)
    with people.acting("hr"):
        run = month_run(co, JAN)
        dec = month_run(co, date(2025, 12, 1))
    with _client(db, people.ctx("hr")) as c:
        c.get("/payroll")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        r1 = c.post(f"/api/v1/payroll/runs/{run.id}/submit-for-approval", headers={"Idempotency-Key": "s-1"})
        r2 = c.post(f"/api/v1/payroll/runs/{run.id}/submit-for-approval", headers={"Idempotency-Key": "s-1"})
        assert r1.status_code == 200 and r1.json()["id"] == r2.json()["id"] and r1.json()["status"] == "pending"
        again = c.post(f"/api/v1/payroll/runs/{run.id}/submit-for-approval")
        assert (again.status_code, again.json()["code"]) == (422, "already_submitted")  # workflow's refusal
        g = c.post("/graphql", json={"query": "mutation($id: ID!) { submitPayrollRunForApproval(id: $id, "
                                              "idempotencyKey: \"g-1\") { id status definitionCode steps } }",
                                     "variables": {"id": str(dec.id)}})
    data = g.json()["data"]["submitPayrollRunForApproval"]
    assert data == {"id": data["id"], "status": "pending", "definitionCode": "payroll_run",
                    "steps": ["accountant_review"]}
    with _client(db, people.ctx("md")) as c:
        c.get("/payroll")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        plain = c.post(f"/api/v1/payroll/runs/{run.id}/approve", headers={"Idempotency-Key": "a-1"})
    assert (plain.status_code, plain.json()["code"]) == (409, "payroll.approval_required")
    assert plain.json()["field"] == "status" and plain.json()["message_bn"]
    assert plain.json()["details"] == {"status": "pending", "instance_id": r1.json()["id"]}


def test_the_run_page_submits_and_shows_the_rejection_in_english_and_bangla(db, co, people):
    staff(co)
    with people.acting("hr"):
        run = month_run(co, JAN)
    with _client(db, people.ctx("md")) as c:  # who may approve sees no plain Approve, only the workflow's way
        page = c.get(f"/payroll/runs/{run.id}?lang=en").text
    assert 'id="run-approve"' not in page and "payroll run workflow" in page
    with _client(db, people.ctx("hr")) as c:
        page = c.get(f"/payroll/runs/{run.id}?lang=bn")
        assert page.status_code == 200 and "অনুমোদনের জন্য জমা দিন" in page.text
        r = c.post(f"/payroll/runs/{run.id}/submit-for-approval",
                   data={"csrf_token": c.cookies.get("vx_csrf")}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/workflow/instances/")
        inst_id = r.headers["location"].rsplit("/", 1)[1]
        waiting = c.get(f"/payroll/runs/{run.id}?lang=en").text
        assert f'href="/workflow/instances/{inst_id}"' in waiting and "waiting" in waiting
        assert 'id="submit-approval"' not in waiting
        with people.acting("acct"):
            workflow.decide(UUID(inst_id), "reject", "overtime of E1 is wrong")
        en = c.get(f"/payroll/runs/{run.id}?lang=en").text
        bn = c.get(f"/payroll/runs/{run.id}?lang=bn").text
    assert "rejected" in en and "overtime of E1 is wrong" in en and "Rejected by" in en
    assert 'id="submit-approval"' in en  # prepared again or not, it can be sent again
    assert "প্রত্যাখ্যাত" in bn and "overtime of E1 is wrong" in bn and "Rejected by" not in bn
    section = bn.split('id="approval"', 1)[1].split("</section>", 1)[0].replace("overtime of E1 is wrong", "")
    assert not [w for w in __import__("re").findall(r">([^<]*[A-Za-z]{3,}[^<]*)<", section)], section
