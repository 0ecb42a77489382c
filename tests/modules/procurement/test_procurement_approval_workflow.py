"""Purchase orders approved by amount through the workflow module (issues 13 and 17), with the seeded
"purchase order" definition (department head → project manager above 50,000; finance → accountant above
1,00,000) and real users holding the default roles, on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest
from sqlalchemy import select

from approval_people import People, approvers
from conftest import DAY, Setup, sourced
from vextrus.modules.procurement import approvals, handlers, service
from vextrus.modules.procurement.schemas import GrnInput, GrnLineInput, OrderLineInput, OrderRevisionInput
from vextrus.modules.workflow import service as workflow
from vextrus.modules.workflow.domain import DecisionRefused
from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.events import Envelope
from vextrus.platform.ids import new_id
from vextrus.platform.relay import make_dispatch
from vextrus.platform.tables import OutboxEvent

ROLES = {"buyer": ["procurement_officer"], "pm": ["project_manager"], "acct": ["accountant"],
         "md": ["managing_director"], "buyer_pm": ["procurement_officer", "project_manager"],
         "pd": ["project_director"]}


@pytest.fixture
def people(db, tenant_id, co: Setup) -> People:
    people = approvers(tenant_id, co.company_id, ROLES, "po")
    with context.acting_as(context.system_context(tenant_id)):
        workflow.seed_defaults()  # the purchase order workflow among the defaults
    return people


QUOTES = {0: {"CEM": "520"}, 1: {"CEM": "530"}, 2: {"CEM": "540"}}


def order(co: Setup, bags: str):
    """A draft order for `bags` bags of cement at 520 (the lowest of three quotations)."""
    rfq = sourced(co, {"CEM": bags}, QUOTES, {"CEM": (0, "")})
    return service.create_orders(rfq, DAY)[0]


def refused(code: str, fn, *args, **kw) -> DomainError:  # noqa: ANN001
    with pytest.raises(DomainError) as e:
        fn(*args, **kw)
    assert e.value.code == code, (e.value.code, e.value.message)
    return e.value


def test_an_order_above_one_lakh_needs_the_department_head_then_finance_and_can_then_be_received(db, co, people):
    po = order(co, "250")  # 1,30,000
    assert po.total == D("130000.00")
    with people.acting("md"):  # a big amount limit is no way round the workflow
        e = refused("procurement.approval_required", service.approve_order, po.id)
    assert "অনুমোদন" in e.message_bn and e.field == "status" and e.details == {"approval": "", "instance_id": ""}
    with people.acting("buyer"):
        inst = approvals.submit_order(po.id, idempotency_key="po-submit-1")
        assert approvals.submit_order(po.id, idempotency_key="po-submit-1").id == inst.id  # a retry: the same
        assert inst.definition_code == "purchase_order"
        assert [t.step_key for t in inst.tasks] == ["department_head", "finance"]
        e = refused("procurement.approval_required", service.approve_order, po.id)
        assert e.details == {"approval": "pending", "instance_id": str(inst.id)}
    with people.acting("acct"), pytest.raises(DecisionRefused) as d:
        workflow.decide(inst.id, "approve")  # the department head decides first
    assert d.value.code == "approver_role"
    with people.acting("pm"):
        assert workflow.decide(inst.id, "approve", "needed for the slab").status == "pending"
        assert service.get_order(po.id).status == "draft"
    with people.acting("acct"):
        assert workflow.decide(inst.id, "approve").status == "approved"
        approved = service.get_order(po.id)
    assert approved.status == "approved" and approved.version == po.version + 1
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        [ev] = [e for e in s.execute(select(OutboxEvent).where(OutboxEvent.name == "procurement.purchase_order.changed"))
                .scalars() if e.payload["order_id"] == str(po.id) and e.payload["status"] == "approved"]
    assert ev.actor.startswith("buyer.") and ev.actor.endswith(" via procurement")  # for the submitter
    grn = service.receive_goods(GrnInput(order_id=po.id, receipt_date=date(2025, 8, 12), challan_no="CH-1",
                                         lines=[GrnLineInput(line_no=1, received=D("250"), accepted=D("250"))]))
    assert grn.value == D("130000.00") and service.get_order(po.id).status == "received"


def test_an_order_below_fifty_thousand_is_approved_directly_within_the_cap(db, co, people):
    po = order(co, "50")  # 26,000: no step of the workflow applies
    with people.acting("buyer"):
        refused("procurement.approval_not_needed", approvals.submit_order, po.id)
        assert service.approve_order(po.id).status == "approved"  # the officer's cap is 50,000
    assert approvals.latest(po.id) is None


def test_between_the_thresholds_only_the_department_head_decides(db, co, people):
    po = order(co, "150")  # 78,000
    with people.acting("buyer"):
        inst = approvals.submit_order(po.id)
    assert [t.step_key for t in inst.tasks] == ["department_head"]
    with people.acting("pm"):
        assert workflow.decide(inst.id, "approve").status == "approved"
    assert service.get_order(po.id).status == "approved"


def test_an_order_above_the_project_managers_limit_goes_to_the_project_director_not_a_timeout(db, co, people):
    po = order(co, "1500")  # 7,80,000: above a project manager's default limit of 5,00,000
    with people.acting("buyer"):
        inst = approvals.submit_order(po.id)
    assert [t.step_key for t in inst.tasks] == ["project_director", "finance"]
    with people.acting("pm"), pytest.raises(DecisionRefused) as d:
        workflow.decide(inst.id, "approve")
    assert d.value.code == "approver_role"
    with people.acting("pd"):
        assert workflow.decide(inst.id, "approve").status == "pending"  # within the director's 50,00,000
    with people.acting("acct"):
        assert workflow.decide(inst.id, "approve").status == "approved"
    assert service.get_order(po.id).status == "approved"


def test_a_rejected_order_stays_a_draft_and_is_approved_after_revision_and_a_new_submission(db, co, people):
    po = order(co, "250")
    with people.acting("buyer"):
        first = approvals.submit_order(po.id)
        refused("procurement.approval_pending", service.revise_order, po.id, OrderRevisionInput(
            lines=[OrderLineInput(item_id=co.items["CEM"], quantity=D("230"), rate=D("520"))], reason="fewer bags"))
    with people.acting("pm"):
        assert workflow.decide(first.id, "reject", "rate above the market").status == "rejected"
    assert service.get_order(po.id).status == "draft"
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        [ev] = s.execute(select(OutboxEvent).where(
            OutboxEvent.name == "procurement.purchase_order.approval_rejected",
            OutboxEvent.tenant_id == people.tenant_id)).scalars().all()
    assert ev.payload["order_id"] == str(po.id) and ev.payload["reason"] == "rate above the market"
    assert ev.payload["instance_id"] == str(first.id) and ev.actor.endswith(" via procurement")
    with people.acting("buyer"):
        refused("procurement.approval_required", service.approve_order, po.id)
        revised = service.revise_order(po.id, OrderRevisionInput(
            lines=[OrderLineInput(item_id=co.items["CEM"], quantity=D("250"), rate=D("500"))], reason="rate agreed down"))
        assert (revised.status, revised.revision, revised.total) == ("draft", 1, D("125000.00"))
        second = approvals.submit_order(po.id)
    assert second.id != first.id and second.amount == D("125000.00")
    with people.acting("pm"):
        workflow.decide(second.id, "approve")
    with people.acting("acct"):
        workflow.decide(second.id, "approve")
    assert service.get_order(po.id).status == "approved"
    with people.acting("buyer"):  # a revision of the approved order goes back for a new approval
        again = service.revise_order(po.id, OrderRevisionInput(
            lines=[OrderLineInput(item_id=co.items["CEM"], quantity=D("300"), rate=D("500"))], reason="more bags"))
        assert (again.status, again.revision) == ("draft", 2)
        refused("procurement.approval_required", service.approve_order, po.id)
        third = approvals.submit_order(po.id)
    assert third.id not in (first.id, second.id) and third.status == "pending"


def test_the_submitter_cannot_approve_their_own_order(db, co, people):
    po = order(co, "120")  # 62,400: the department head's step
    with people.acting("buyer_pm"):
        inst = approvals.submit_order(po.id)
        with pytest.raises(DecisionRefused) as d:
            workflow.decide(inst.id, "approve")
    assert d.value.code == "self_approval" and service.get_order(po.id).status == "draft"


def test_the_approved_event_delivered_twice_approves_the_order_once(db, co, people):
    po = order(co, "150")
    with people.acting("buyer"):
        inst = approvals.submit_order(po.id)
    with people.acting("pm"):
        workflow.decide(inst.id, "approve")
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        [row] = [e for e in s.execute(select(OutboxEvent).where(OutboxEvent.name == "workflow.instance.approved"))
                 .scalars() if e.payload["document_id"] == str(po.id)]
        env = Envelope(id=row.id, name=row.name, version=row.version, tenant_id=row.tenant_id,
                       occurred_at=row.occurred_at, actor=row.actor, payload=row.payload)
    [sub] = [x for x in handlers.subscriptions.items if x.event_name == "workflow.instance.approved"
             and x.handler_name.endswith("approve_approved_order")]
    dispatch = make_dispatch(db.session_factory)
    dispatch(sub, env)  # the same event again (the inbox)
    dispatch(sub, Envelope(**{**env.__dict__, "id": new_id()}))  # a copy under a new id (the order's state)
    view = service.get_order(po.id)
    assert view.status == "approved"
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        changes = [e.payload["status"] for e in s.execute(select(OutboxEvent).where(
            OutboxEvent.name == "procurement.purchase_order.changed").order_by(OutboxEvent.occurred_at, OutboxEvent.id))
            .scalars() if e.payload["order_id"] == str(po.id)]
    assert changes == ["draft", "approved"]


def test_the_order_page_submits_and_shows_the_rejection_in_english_and_bangla(db, co, people):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    po = order(co, "250")
    ctx = people.ctx("buyer")
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        page = c.get(f"/procurement/orders/{po.id}?lang=bn")
        assert page.status_code == 200 and "অনুমোদনের জন্য জমা দিন" in page.text
        assert f'action="/procurement/orders/{po.id}/approve"' not in page.text  # the plain approve is not offered
        r = c.post(f"/procurement/orders/{po.id}/submit-for-approval",
                   data={"csrf_token": c.cookies.get("vx_csrf")}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/workflow/instances/")
        inst_id = r.headers["location"].rsplit("/", 1)[1]
        waiting = c.get(f"/procurement/orders/{po.id}?lang=en")
        assert f'href="/workflow/instances/{inst_id}"' in waiting.text and "waiting" in waiting.text
        assert 'id="submit-approval"' not in waiting.text
        with people.acting("pm"):
            workflow.decide(UUID(inst_id), "reject", "rate above the market")
        en = c.get(f"/procurement/orders/{po.id}?lang=en")
        bn = c.get(f"/procurement/orders/{po.id}?lang=bn")
    assert "rejected" in en.text and "rate above the market" in en.text and "Rejected by" in en.text
    assert 'id="submit-approval"' in en.text  # revised or not, it can be sent again
    assert "প্রত্যাখ্যাত" in bn.text and "rate above the market" in bn.text and "Rejected by" not in bn.text


def test_rest_and_graphql_submit_with_an_idempotency_key(db, co, people):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    po, other = order(co, "250"), order(co, "200")
    ctx = people.ctx("buyer")
    with TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])) as c:
        c.get("/procurement")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        plain = c.post(f"/api/v1/procurement/orders/{po.id}/approve")
        assert (plain.status_code, plain.json()["code"]) == (422, "procurement.approval_required")
        assert plain.json()["message_bn"] and plain.json()["field"] == "status"
        r1 = c.post(f"/api/v1/procurement/orders/{po.id}/submit-for-approval", headers={"Idempotency-Key": "s-1"})
        r2 = c.post(f"/api/v1/procurement/orders/{po.id}/submit-for-approval", headers={"Idempotency-Key": "s-1"})
        assert r1.status_code == 200 and r1.json()["id"] == r2.json()["id"] and r1.json()["status"] == "pending"
        again = c.post(f"/api/v1/procurement/orders/{po.id}/submit-for-approval")
        assert (again.status_code, again.json()["code"]) == (422, "already_submitted")  # workflow's refusal
        g = c.post("/graphql", json={"query": "mutation($id: ID!) { submitProcurementOrderForApproval(id: $id, "
                                              "idempotencyKey: \"g-1\") { id status definitionCode steps } }",
                                     "variables": {"id": str(other.id)}})
    data = g.json()["data"]["submitProcurementOrderForApproval"]
    assert data["status"] == "pending" and data["definitionCode"] == "purchase_order"
    assert data["steps"] == ["department_head", "finance"]


def test_without_the_workflow_module_running_the_plain_approve_keeps_the_amount_cap(db, co, people, monkeypatch):
    monkeypatch.setattr(approvals.workflow, "running", lambda: False)  # as in a deployment without workflow
    big, small = order(co, "250"), order(co, "50")
    with people.acting("buyer"):
        refused("procurement.over_approval_limit", service.approve_order, big.id)  # 1,30,000 > the officer's 50,000
        assert service.approve_order(small.id).status == "approved"
    with people.acting("md"):
        assert service.approve_order(big.id).status == "approved"


def test_cancelling_an_order_withdraws_its_waiting_approval(db, co, people):
    """A cancelled purchase order takes its waiting approval with it (procurement/approval_withdrawal.py): no approver
    is left deciding an order that is gone; the approval's timeline says who cancelled it and why."""
    from vextrus.modules.workflow.domain import InstanceClosed

    po = order(co, "250")  # 1,30,000: the department head, then finance
    with people.acting("buyer"):
        inst = approvals.submit_order(po.id)
    with people.acting("buyer_pm"):  # not the submitter: procurement withdraws for whoever cancels
        cancelled = service.cancel_order(po.id, "vendor cannot deliver before the monsoon")
    assert cancelled.status == "cancelled"
    with people.acting("pm"):
        assert workflow.get_instance(inst.id).status == "withdrawn"
        with pytest.raises(InstanceClosed):
            workflow.decide(inst.id, "approve")
        last = workflow.get_instance(inst.id).history[-1]
    assert last.kind == "withdrawn" and last.comment == "vendor cannot deliver before the monsoon"
    assert last.actor.startswith("buyer_pm.") and last.actor.endswith(" via procurement")
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        [ev] = [e.payload for e in s.execute(select(OutboxEvent).where(
            OutboxEvent.name == "workflow.instance.withdrawn")).scalars() if e.payload["instance_id"] == str(inst.id)]
    assert ev["by_module"] == "procurement" and ev["document_id"] == str(po.id)
    unwaited = order(co, "100")  # an order with no approval is cancelled as before
    with people.acting("buyer"):
        assert service.cancel_order(unwaited.id, "not needed").status == "cancelled"
