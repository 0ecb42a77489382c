"""Purchase requisitions approved through the workflow module (issues 13 and 17), with the seeded "purchase
requisition" definition (project manager above an estimated 50,000; project director as well above 5,00,000; the
estimate is the quantities at the items' standard cost in master data) and real users holding the default roles
(auth/domain/roles.py), on both databases. The same contract as purchase orders (docs/workflow.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import UUID

import pytest
from sqlalchemy import select

from approval_people import People, approvers
from conftest import DAY, Setup
from vextrus.modules.master_data.schemas import ItemInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.modules.procurement import approvals_requisition as approvals
from vextrus.modules.procurement import handlers, service
from vextrus.modules.procurement.schemas import RequisitionInput, RequisitionLineInput
from vextrus.modules.workflow import service as workflow
from vextrus.modules.workflow.domain import DecisionRefused
from vextrus.platform import context
from vextrus.platform.errors import DomainError
from vextrus.platform.events import Envelope
from vextrus.platform.ids import new_id
from vextrus.platform.relay import make_dispatch
from vextrus.platform.tables import OutboxEvent

ROLES = {
    "se": ["site_engineer"],
    "pm": ["project_manager"],
    "pd": ["project_director"],
    "acct": ["accountant"],
    "md": ["managing_director"],
}


@pytest.fixture
def people(db, tenant_id, co: Setup) -> People:
    people = approvers(tenant_id, co.company_id, ROLES, "pr")
    with context.acting_as(context.system_context(tenant_id)):
        assert "purchase_requisition" in workflow.seed_defaults()  # among the defaults
        assert workflow.seed_defaults() == []  # seeds only add what is missing
    return people


@pytest.fixture
def bricks(co: Setup) -> UUID:
    """First-class bricks at a standard cost of 12 BDT a piece (master data)."""
    return item_service.create_item(
        ItemInput(
            code="BRK",
            name="First-class brick",
            name_bn="প্রথম শ্রেণির ইট",
            base_unit="pcs",
            standard_cost=D("12"),
        )
    ).id


def draft(co: Setup, people: People, item_id: UUID, pieces: str):
    with people.acting("se"):
        return service.create_requisition(
            RequisitionInput(
                company_id=co.company_id,
                store_id=co.site_id,
                requested_on=DAY,
                lines=[
                    RequisitionLineInput(item_id=item_id, quantity=D(pieces), needed_by=date(2025, 8, 20))
                ],
            )
        )


def refused(code: str, fn, *args, **kw) -> DomainError:  # noqa: ANN001
    with pytest.raises(DomainError) as e:
        fn(*args, **kw)
    assert e.value.code == code, (e.value.code, e.value.message)
    return e.value


def changes(db, people: People, requisition_id: UUID) -> list[str]:
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        return [
            e.payload["status"]
            for e in s.execute(
                select(OutboxEvent)
                .where(OutboxEvent.name == "procurement.requisition.changed")
                .order_by(OutboxEvent.occurred_at, OutboxEvent.id)
            ).scalars()
            if e.payload["requisition_id"] == str(requisition_id)
        ]


def test_a_requisition_above_fifty_thousand_is_approved_by_the_project_manager_through_the_workflow(
    db, co, people, bricks
):
    r = draft(co, people, bricks, "10000")  # 10,000 bricks at 12 = 1,20,000 estimated
    with people.acting("se"):
        service.submit_requisition(r.id)  # submitted the plain way: its approval still decides it
    with people.acting("md"):  # holding the approve permission is no way round the workflow
        e = refused("procurement.approval_required", service.approve_requisition, r.id)
        refused("procurement.approval_required", service.reject_requisition, r.id, "no")
    assert (
        "অনুমোদন" in e.message_bn and e.field == "status" and e.details == {"approval": "", "instance_id": ""}
    )
    with people.acting("se"):
        inst = approvals.submit_requisition_for_approval(r.id, idempotency_key="pr-submit-1")
        assert approvals.submit_requisition_for_approval(r.id, idempotency_key="pr-submit-1").id == inst.id
    assert inst.definition_code == "purchase_requisition" and [t.step_key for t in inst.tasks] == [
        "project_manager"
    ]
    assert inst.amount == D("120000.00")
    with people.acting("acct"), pytest.raises(DecisionRefused) as d:
        workflow.decide(inst.id, "approve")  # not the project manager
    assert d.value.code == "approver_role"
    with people.acting("pm"):
        assert service.get_requisition(r.id).status == "submitted"
        assert workflow.decide(inst.id, "approve", "needed for the third floor").status == "approved"
        approved = service.get_requisition(r.id)
    assert approved.status == "approved"
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        [ev] = [
            e
            for e in s.execute(
                select(OutboxEvent).where(OutboxEvent.name == "procurement.requisition.changed")
            ).scalars()
            if e.payload["requisition_id"] == str(r.id) and e.payload["status"] == "approved"
        ]
    assert ev.actor.startswith("se.") and ev.actor.endswith(" via procurement")  # for the submitter


def test_above_five_lakh_the_project_director_approves_after_the_project_manager(db, co, people, bricks):
    r = draft(co, people, bricks, "50000")  # 6,00,000 estimated
    with people.acting("se"):
        inst = approvals.submit_requisition_for_approval(r.id)  # a draft is submitted with it
        assert service.get_requisition(r.id).status == "submitted"
    assert [t.step_key for t in inst.tasks] == ["project_manager", "project_director"]
    with people.acting("pm"):
        assert workflow.decide(inst.id, "approve").status == "pending"
        assert service.get_requisition(r.id).status == "submitted"
    with people.acting("pd"):
        assert workflow.decide(inst.id, "approve").status == "approved"
    assert service.get_requisition(r.id).status == "approved"


def test_a_rejected_requisition_goes_back_to_draft_with_the_comment_and_can_be_submitted_again(
    db, co, people, bricks
):
    r = draft(co, people, bricks, "10000")
    with people.acting("se"):
        first = approvals.submit_requisition_for_approval(r.id)
    with people.acting("pm"):
        assert workflow.decide(first.id, "reject", "order the bricks after the slab").status == "rejected"
    back = service.get_requisition(r.id)
    assert (back.status, back.reason) == ("draft", "order the bricks after the slab")
    with people.acting("se"):
        second = approvals.submit_requisition_for_approval(r.id)
    assert second.id != first.id and service.get_requisition(r.id).status == "submitted"
    with people.acting("pm"):
        workflow.decide(second.id, "approve")
    assert service.get_requisition(r.id).status == "approved"
    assert changes(db, people, r.id) == ["draft", "submitted", "draft", "submitted", "approved"]


def test_a_withdrawn_approval_returns_the_requisition_to_draft(db, co, people, bricks):
    r = draft(co, people, bricks, "10000")
    with people.acting("se"):
        inst = approvals.submit_requisition_for_approval(r.id)
        assert workflow.withdraw(inst.id, "wrong site store").status == "withdrawn"
        back = service.get_requisition(r.id)
    assert (back.status, back.reason) == ("draft", "wrong site store")
    with people.acting("se"):
        service.submit_requisition(back.id)
    with people.acting("pm"):
        refused(
            "procurement.approval_required", service.approve_requisition, r.id
        )  # still needs its approval


def test_cancelling_a_requisition_withdraws_its_waiting_approval(db, co, people, bricks):
    from vextrus.modules.workflow.domain import InstanceClosed

    r = draft(co, people, bricks, "10000")
    with people.acting("se"):
        inst = approvals.submit_requisition_for_approval(r.id)
        refused("procurement.reason_missing", service.cancel_requisition, r.id, " ")
        cancelled = service.cancel_requisition(r.id, "the design changed to RCC walls")
    assert (cancelled.status, cancelled.reason) == ("cancelled", "the design changed to RCC walls")
    with people.acting("pm"):
        assert workflow.get_instance(inst.id).status == "withdrawn"
        with pytest.raises(InstanceClosed):
            workflow.decide(inst.id, "approve")
    assert service.get_requisition(r.id).status == "cancelled"  # the withdrawal does not bring it back


def test_the_approved_event_delivered_twice_approves_the_requisition_once(db, co, people, bricks):
    r = draft(co, people, bricks, "10000")
    with people.acting("se"):
        inst = approvals.submit_requisition_for_approval(r.id)
    with people.acting("pm"):
        workflow.decide(inst.id, "approve")
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        [row] = [
            e
            for e in s.execute(
                select(OutboxEvent).where(OutboxEvent.name == "workflow.instance.approved")
            ).scalars()
            if e.payload["document_id"] == str(r.id)
        ]
        env = Envelope(
            id=row.id,
            name=row.name,
            version=row.version,
            tenant_id=row.tenant_id,
            occurred_at=row.occurred_at,
            actor=row.actor,
            payload=row.payload,
        )
    [sub] = [
        x
        for x in handlers.subscriptions.items
        if x.event_name == "workflow.instance.approved" and "requisition" in x.handler_name
    ]
    dispatch = make_dispatch(db.session_factory)
    dispatch(sub, env)  # the same event again (the inbox)
    dispatch(
        sub, Envelope(**{**env.__dict__, "id": new_id()})
    )  # a copy under a new id (the requisition's state)
    assert service.get_requisition(r.id).status == "approved"
    assert changes(db, people, r.id) == ["draft", "submitted", "approved"]


def test_the_submitter_holding_the_role_cannot_approve_their_own_requisition(db, co, people, bricks):
    r = draft(co, people, bricks, "10000")
    with people.acting("pm"):  # a project manager may raise requisitions too
        inst = approvals.submit_requisition_for_approval(r.id)
        with pytest.raises(DecisionRefused) as d:
            workflow.decide(inst.id, "approve")
    assert d.value.code == "self_approval" and service.get_requisition(r.id).status == "submitted"


def test_small_or_unpriced_requisitions_and_no_workflow_keep_the_plain_approval(
    db, co, people, bricks, monkeypatch
):
    small = draft(co, people, bricks, "1000")  # 12,000: below every step
    unpriced = draft(co, people, co.items["CEM"], "5000")  # cement has no standard cost here: estimated 0
    with people.acting("se"):
        refused("procurement.approval_not_needed", approvals.submit_requisition_for_approval, small.id)
        service.submit_requisition(small.id)
        service.submit_requisition(unpriced.id)
    with people.acting("pm"):
        assert service.approve_requisition(small.id).status == "approved"
        assert service.approve_requisition(unpriced.id).status == "approved"
    assert approvals.latest(small.id) is None
    big = draft(co, people, bricks, "10000")
    with people.acting("se"):
        service.submit_requisition(big.id)
    monkeypatch.setattr(approvals.workflow, "running", lambda: False)  # as in a deployment without workflow
    with people.acting("pm"):
        assert service.approve_requisition(big.id).status == "approved"


def test_no_active_definition_keeps_the_plain_approval(db, co, people, bricks):
    from vextrus.modules.workflow.seeds import PURCHASE_REQUISITION

    with context.acting_as(context.system_context(people.tenant_id)):  # an administrator switches it off
        off = workflow.save_definition(
            "purchase_requisition", PURCHASE_REQUISITION.model_copy(update={"active": False})
        )
    assert not off.active
    r = draft(co, people, bricks, "10000")
    with people.acting("se"):
        service.submit_requisition(r.id)
        refused("procurement.approval_not_needed", approvals.submit_requisition_for_approval, r.id)
    with people.acting("pm"):
        assert service.approve_requisition(r.id).status == "approved"


def test_rest_graphql_and_the_page_submit_in_english_and_bangla(db, co, people, bricks):
    from fastapi.testclient import TestClient

    from vextrus.app import create_app

    r, other, page_one = (draft(co, people, bricks, "10000") for _ in range(3))
    ctx = people.ctx("se")
    with TestClient(
        create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])
    ) as c:
        bn = c.get(f"/procurement/requisitions/{page_one.id}?lang=bn")
        assert (
            bn.status_code == 200 and "অনুমোদনের জন্য জমা দিন" in bn.text and 'id="submit-approval"' in bn.text
        )
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        r1 = c.post(
            f"/api/v1/procurement/requisitions/{r.id}/submit-for-approval", headers={"Idempotency-Key": "s-1"}
        )
        r2 = c.post(
            f"/api/v1/procurement/requisitions/{r.id}/submit-for-approval", headers={"Idempotency-Key": "s-1"}
        )
        assert (
            r1.status_code == 200 and r1.json()["id"] == r2.json()["id"] and r1.json()["status"] == "pending"
        )
        again = c.post(f"/api/v1/procurement/requisitions/{r.id}/submit-for-approval")
        assert again.status_code in (409, 422) and again.json()["code"] == "already_submitted"
        g = c.post(
            "/graphql",
            json={
                "query": "mutation($id: ID!) { submitProcurementRequisitionForApproval(id: $id, "
                'idempotencyKey: "g-1") { id status definitionCode steps } }',
                "variables": {"id": str(other.id)},
            },
        )
        data = g.json()["data"]["submitProcurementRequisitionForApproval"]
        assert (data["status"], data["definitionCode"], data["steps"]) == (
            "pending",
            "purchase_requisition",
            ["project_manager"],
        )
        p = c.post(
            f"/procurement/requisitions/{page_one.id}/submit-for-approval",
            data={"csrf_token": c.cookies.get("vx_csrf")},
            follow_redirects=False,
        )
        assert p.status_code == 303 and p.headers["location"].startswith("/workflow/instances/")
        inst_id = UUID(p.headers["location"].rsplit("/", 1)[1])
        waiting = c.get(f"/procurement/requisitions/{page_one.id}?lang=en")
        assert (
            f'href="/workflow/instances/{inst_id}"' in waiting.text
            and 'id="submit-approval"' not in waiting.text
        )
        with people.acting("pm"):
            workflow.decide(inst_id, "reject", "bricks from the Savar kiln only")
        en = c.get(f"/procurement/requisitions/{page_one.id}?lang=en")
        bn = c.get(f"/procurement/requisitions/{page_one.id}?lang=bn")
    assert (
        "bricks from the Savar kiln only" in en.text
        and 'id="submit-approval"' in en.text
        and "rejected" in en.text
    )
    assert "প্রত্যাখ্যাত" in bn.text and "bricks from the Savar kiln only" in bn.text
    ctx_pm = people.ctx("pm")
    with TestClient(
        create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx_pm])
    ) as c:
        c.get("/procurement")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        plain = c.post(f"/api/v1/procurement/requisitions/{r.id}/approve")
    assert (plain.status_code, plain.json()["code"]) == (422, "procurement.approval_required")
    assert plain.json()["message_bn"] and plain.json()["field"] == "status"
