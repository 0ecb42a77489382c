"""Withdrawing a submitted approval (docs/workflow.md "Withdrawing"), both databases: only its submitter (or the
module owning the document) takes it back before it is decided; its open steps are cancelled and their timers
stop; `workflow.instance.withdrawn` is said once; deciding it afterwards is `instance_closed`; the document can be
submitted again. Over REST, GraphQL and the approval page (en/bn)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from vextrus.app import create_app
from vextrus.modules.workflow import api as workflow_api
from vextrus.modules.workflow import service
from vextrus.modules.workflow.domain import DecisionRefused, InstanceClosed
from vextrus.modules.workflow.schemas import ApproverModel, DefinitionInput, StepModel, SubmitInput
from vextrus.platform import context
from vextrus.platform.ids import new_id
from vextrus.platform.modules import Module
from vextrus.platform.tables import OutboxEvent


@pytest.fixture
def doc(people):  # noqa: ANN001, ANN201
    """A two-step approval on the test subject, submitted by the clerk: the accountant checks within 48 hours
    (then reminded), the managing director above 5,00,000."""
    steps = [
        StepModel(
            key="check",
            name="Check",
            name_bn="যাচাই",
            condition="true",
            timeout_hours=48,
            timeout_action="remind",
            approver=ApproverModel(kind="role", role="accountant"),
        ),
        StepModel(
            key="director",
            name="Director",
            name_bn="পরিচালক",
            condition="amount > 500000.0",
            approver=ApproverModel(kind="role", role="managing_director"),
        ),
    ]
    with context.acting_as(context.system_context(people.tenant_id)):
        service.save_definition(
            "doc", DefinitionInput(subject="test.doc", name="Doc", name_bn="নথি", steps=steps)
        )
    document_id = new_id()
    with people.acting("clerk"):
        return service.submit(
            SubmitInput(
                subject="test.doc",
                document_id=document_id,
                document_label="DOC-9",
                amount=Decimal("600000"),
                company_id=people.company_id,
            )
        )


def _withdrawn_events(db, people, inst) -> list[dict]:  # noqa: ANN001
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        return [
            e.payload
            for e in s.execute(
                select(OutboxEvent).where(OutboxEvent.name == "workflow.instance.withdrawn")
            ).scalars()
            if e.payload["instance_id"] == str(inst.id)
        ]


def test_the_submitter_withdraws_once_and_nobody_can_decide_it_afterwards(db, people, frozen, doc):
    with people.acting("acct"), pytest.raises(DecisionRefused) as e:
        service.withdraw(doc.id)  # an approver is not the submitter
    assert e.value.code == "withdraw_not_submitter" and e.value.message_bn
    frozen.advance(minutes=5)  # the timeline is in time order
    with people.acting("clerk"):
        v = service.withdraw(doc.id, "wrong cost centre")
        again = service.withdraw(doc.id, "wrong cost centre")  # a double click: no further effect
    assert v.status == "withdrawn" and again.status == "withdrawn" and v.decided_at is not None
    assert [(t.step_key, t.status, t.due_at) for t in v.tasks] == [
        ("check", "cancelled", None),
        ("director", "cancelled", None),
    ]
    assert [(h.kind, h.comment) for h in again.history][-1] == ("withdrawn", "wrong cost centre")
    assert [h.kind for h in again.history].count("withdrawn") == 1
    [ev] = _withdrawn_events(db, people, doc)
    assert (
        ev["document_id"] == str(doc.document_id)
        and ev["reason"] == "wrong cost centre"
        and ev["by_module"] == ""
    )
    with people.acting("acct"), pytest.raises(InstanceClosed) as closed:
        service.decide(doc.id, "approve")
    assert closed.value.code == "instance_closed" and "প্রত্যাহৃত" in closed.value.message_bn
    frozen.advance(hours=72)  # past the check's due time: a withdrawn approval is not reminded
    with context.acting_as(context.system_context(people.tenant_id)):
        assert service.process_timeouts() == 0
    with people.acting("clerk"):  # the document can be submitted again: a new approval
        again = service.submit(
            SubmitInput(
                subject="test.doc",
                document_id=doc.document_id,
                document_label="DOC-9",
                amount=Decimal("600000"),
                company_id=people.company_id,
            )
        )
        assert workflow_api.latest("test.doc", doc.document_id).id == again.id
    assert again.id != doc.id and again.status == "pending"


def test_a_decided_approval_cannot_be_withdrawn(db, people, doc):
    with people.acting("acct"):
        service.decide(doc.id, "reject", "no budget")
    with people.acting("clerk"), pytest.raises(InstanceClosed) as e:
        service.withdraw(doc.id)
    assert e.value.details["status"] == "rejected" and _withdrawn_events(db, people, doc) == []


def test_the_owning_module_withdraws_for_a_user_who_did_not_submit(db, people, doc):
    """`test.doc` belongs to a module named `test`: acting for the accountant it may withdraw the document's
    approval (a cancelled document takes its approval with it); another module may not."""
    owner = Module(name="test", title="Test", title_bn="পরীক্ষা", uses=("workflow.instance.submit",))
    stranger = Module(name="stranger", title="Other", title_bn="অন্য", uses=("workflow.instance.submit",))
    with people.acting("acct"), context.calling_as(stranger), pytest.raises(DecisionRefused):
        workflow_api.withdraw_document("test.doc", doc.document_id, "cancelled")
    with people.acting("acct"), context.calling_as(owner):
        v = workflow_api.withdraw_document("test.doc", doc.document_id, "cancelled")
        assert workflow_api.withdraw_document("test.doc", doc.document_id) is None  # none waiting any more
    assert v is not None and v.status == "withdrawn"
    [ev] = _withdrawn_events(db, people, doc)
    assert ev["by_module"] == "test" and v.history[-1].actor.endswith("via test")


def test_withdraw_over_rest_graphql_and_the_page_in_bangla(db, people, doc):
    def client(who: str) -> TestClient:
        ctx = people.ctx(who)
        return TestClient(
            create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])
        )

    with client("acct") as acct, client("clerk") as clerk:
        page = acct.get(f"/workflow/instances/{doc.id}?lang=bn")
        assert (
            page.status_code == 200 and 'id="withdraw-form"' not in page.text
        )  # not the approver's to take back
        r = acct.post(f"/api/v1/workflow/instances/{doc.id}/withdraw", json={})
        assert (
            r.status_code == 403 and r.json()["code"] == "withdraw_not_submitter" and r.json()["message_bn"]
        )
        m = "mutation($id: UUID!) { withdrawApproval(instanceId: $id) { status } }"
        g = acct.post("/graphql", json={"query": m, "variables": {"id": str(doc.id)}}).json()
        assert g["errors"][0]["extensions"]["code"] == "withdraw_not_submitter"
        page = clerk.get(f"/workflow/instances/{doc.id}?lang=bn")
        assert 'id="withdraw-form"' in page.text and "প্রত্যাহার করুন" in page.text
        assert "Withdraw" in clerk.get(f"/workflow/instances/{doc.id}?lang=en").text
        r = clerk.post(
            f"/workflow/instances/{doc.id}/decide",
            data={
                "csrf_token": clerk.cookies.get("vx_csrf"),
                "action": "withdraw",
                "comment": "ভুল খরচ কেন্দ্র",
            },
            follow_redirects=True,
        )
        r = clerk.get(f"/workflow/instances/{doc.id}?lang=bn")
        assert r.status_code == 200 and "প্রত্যাহৃত" in r.text and "ভুল খরচ কেন্দ্র" in r.text
        assert 'id="withdraw-form"' not in r.text and 'id="decide-form"' not in r.text
        first = clerk.post(
            f"/api/v1/workflow/instances/{doc.id}/withdraw",
            json={"comment": "again"},
            headers={"Idempotency-Key": "w1"},
        )
        g = clerk.post("/graphql", json={"query": m, "variables": {"id": str(doc.id)}}).json()
    assert first.status_code == 200 and first.json()["status"] == "withdrawn"  # withdrawn already: no error
    assert g["data"]["withdrawApproval"]["status"] == "withdrawn"
    assert len(_withdrawn_events(db, people, doc)) == 1
