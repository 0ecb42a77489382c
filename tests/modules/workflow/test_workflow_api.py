"""REST, GraphQL and the approval pages (inbox, timeline, definitions with preview) in English and Bangla."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.workflow import service
from vextrus.modules.workflow.schemas import SubmitInput
from vextrus.platform import context
from vextrus.platform.ids import new_id


@pytest.fixture
def as_user(db, people):  # noqa: ANN001, ANN201
    clients = []

    def make(who: str) -> TestClient:
        ctx = people.ctx(who)
        c = TestClient(create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx]))
        c.__enter__()
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def invoice(people):  # noqa: ANN001, ANN201
    with context.acting_as(context.system_context(people.tenant_id)):
        service.seed_defaults()
    with people.acting("clerk"):
        return service.submit(SubmitInput(subject="invoicing.invoice", document_id=new_id(), document_label="INV-77",
                                          amount=Decimal("250000"), company_id=people.company_id))


def test_rest_inbox_decide_idempotent_and_refusals(as_user, people, invoice):
    ap = as_user("acct")  # the first step is the accounts payable check: an accountant is refused
    r = ap.post(f"/api/v1/workflow/instances/{invoice.id}/approve", json={"comment": "ok"})
    assert r.status_code == 403 and r.json()["code"] == "approver_role" and r.json()["message_bn"]
    clerk2 = as_user("clerk")
    r = clerk2.post(f"/api/v1/workflow/instances/{invoice.id}/approve", json={})
    assert r.status_code == 403 and r.json()["code"] == "self_approval"
    with context.acting_as(context.system_context(people.tenant_id)):
        from vextrus.modules.auth import service as auth

        ap_id = auth.create_user(auth.UserInput(email=f"ap2.{people.tenant_id.hex[-10:]}@wf.example", name="AP"),
                                 "Pass-word-123", people.company_id, ["accounts_payable_clerk"]).id
    people.ids["ap2"] = ap_id
    ap2 = as_user("ap2")
    box = ap2.get("/api/v1/workflow/inbox").json()
    assert [i["document_label"] for i in box["mine"]] == ["INV-77"]
    first = ap2.post(f"/api/v1/workflow/instances/{invoice.id}/approve", json={"comment": "GRN matches"},
                     headers={"Idempotency-Key": "a1"})
    again = ap2.post(f"/api/v1/workflow/instances/{invoice.id}/approve", json={"comment": "GRN matches"},
                     headers={"Idempotency-Key": "a1"})
    assert first.status_code == 200 and again.json() == first.json()
    steps = {t["step_key"]: t["status"] for t in first.json()["tasks"]}
    assert steps == {"accounts_payable": "approved", "department_head": "pending"}


def test_a_step_with_the_previous_one_over_rest_and_graphql(as_user, people, invoice):
    """The definition payloads carry `with_previous` both ways; a version saved before it reads False."""
    owner = as_user("owner")
    d = owner.get("/api/v1/workflow/definitions/invoice").json()
    assert {s["with_previous"] for s in d["steps"]} == {False}  # the seeded version, saved without the flag
    steps = [{**s, "with_previous": i == 1} for i, s in enumerate(d["steps"])]
    body = {"subject": d["subject"], "name": d["name"], "name_bn": d["name_bn"], "mode": "ordered", "steps": steps,
            "sod_rule_set": d["sod_rule_set"], "expected_version": d["version"]}
    r = owner.put("/api/v1/workflow/definitions/invoice", json=body)
    assert r.status_code == 200, r.text
    assert [s["with_previous"] for s in r.json()["steps"]][:3] == [False, True, False]
    q = "{ workflowDefinitions { code steps { key withPrevious } } }"
    got = owner.post("/graphql", json={"query": q}).json()["data"]["workflowDefinitions"]
    inv = next(x for x in got if x["code"] == "invoice")
    assert [s["withPrevious"] for s in inv["steps"]][:3] == [False, True, False]
    p = '{ workflowPreview(code: "invoice", data: {amount: "1200000", currency: "BDT"}) { key needed withPrevious } }'
    prev = owner.post("/graphql", json={"query": p}).json()["data"]["workflowPreview"]
    assert [s["withPrevious"] for s in prev][:2] == [False, True]


def test_graphql_inbox_and_decision(as_user, people, invoice):
    pm = as_user("pm")
    q = "{ approvalInbox { mine { documentLabel stepName } } }"
    assert pm.post("/graphql", json={"query": q}).json()["data"]["approvalInbox"]["mine"] == []
    m = 'mutation($id: UUID!) { decideApproval(instanceId: $id, decision: "approve") { status } }'
    r = pm.post("/graphql", json={"query": m, "variables": {"id": str(invoice.id)}}).json()
    assert r["errors"][0]["extensions"]["code"] == "approver_role"
    p = '{ workflowPreview(code: "invoice", data: {amount: "1200000", currency: "BDT"}) { key needed } }'
    r = as_user("owner").post("/graphql", json={"query": p}).json()
    assert "data" in r and r["data"], r
    steps = r["data"]["workflowPreview"]
    assert [s["key"] for s in steps if s["needed"]] == ["accounts_payable", "department_head", "finance_manager", "cfo"]


def test_inbox_and_timeline_pages_in_bangla_with_approve_reject_comment(as_user, people, invoice):
    md = as_user("md")
    page = md.get("/workflow?lang=bn")
    assert page.status_code == 200 and "অনুমোদনের ইনবক্স" in page.text and "আমার অপেক্ষায়" in page.text
    token = md.cookies.get("vx_csrf")
    r = md.post(f"/workflow/instances/{invoice.id}/decide", data={"csrf_token": token, "action": "comment",
                                                                  "comment": "দয়া করে চালান সংযুক্ত করুন"},
                follow_redirects=True)
    assert r.status_code == 200 and "দয়া করে চালান সংযুক্ত করুন" in r.text and "সময়রেখা" in r.text
    r = md.post(f"/workflow/instances/{invoice.id}/decide", data={"csrf_token": token, "action": "approve"})
    assert r.status_code == 403 and "ভূমিকার জন্য" in r.text  # not the accounts payable step's role
    page = md.get(f"/workflow/instances/{invoice.id}?lang=en")
    assert "Accounts payable check" in page.text and "waiting for a decision" in page.text


def test_definition_page_previews_the_steps_a_document_needs(as_user, people, invoice):
    owner = as_user("owner")
    page = owner.get("/workflow/definitions/invoice?lang=bn")
    assert page.status_code == 200 and "এই নথির কোন ধাপগুলো লাগবে?" in page.text
    token = owner.cookies.get("vx_csrf")
    r = owner.post("/workflow/definitions/invoice/preview", data={"amount": "600000"},
                   headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert r.status_code == 200 and r.text.count('class="needed"') == 3 and r.text.count('class="skipped"') == 2
