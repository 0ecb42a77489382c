"""Approval workflows on both databases: steps and conditions, who may decide (role, own submission,
amount limit, segregation of duties), idempotent decisions, quorum, parallel steps, delegation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from vextrus.modules.rules.domain import RuleError
from vextrus.modules.workflow import service
from vextrus.modules.workflow.domain import DecisionRefused, InstanceClosed, WorkflowError
from vextrus.modules.workflow.schemas import (
    ApproverModel,
    DefinitionInput,
    DelegationInput,
    StepModel,
    SubmitInput,
)
from vextrus.platform import context
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent


def _step(key: str, role: str | None = "accountant", condition: str = "true", **kw: object) -> StepModel:
    approver = kw.pop("approver", None) or ApproverModel(kind="role", role=role)
    return StepModel(key=key, name=key.title(), name_bn="ধাপ", condition=condition, approver=approver, **kw)


def define(*steps: StepModel, mode: str = "ordered", sod: str | None = None, code: str = "doc") -> None:
    with context.acting_as(context.system_context(context.current().tenant_id)):
        service.save_definition(code, DefinitionInput(subject="test.doc", name="Doc", name_bn="নথি", mode=mode,
                                                      steps=list(steps), sod_rule_set=sod))


def submit(amount: str = "600000", **kw: object) -> service.InstanceView:
    return service.submit(SubmitInput(subject="test.doc", document_id=kw.pop("document_id", new_id()),
                                      document_label="DOC-1", amount=Decimal(amount), data={"kind": "x"}, **kw))


def events(db, name: str, tenant_id) -> list[dict]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return [e.payload for e in s.execute(select(OutboxEvent).where(OutboxEvent.name == name)).scalars()]


def test_ordered_steps_run_one_after_another_and_the_approval_is_announced(db, people):
    with people.acting("clerk"):
        define(_step("check", "accountant"), _step("director", "managing_director", "amount > 500000.0"))
        inst = submit()
    assert [(t.step_key, t.status) for t in inst.tasks] == [("check", "pending"), ("director", "waiting")]
    with people.acting("acct"):
        inst = service.decide(inst.id, "approve", "looks right")
    assert [t.status for t in inst.tasks] == ["approved", "pending"] and inst.status == "pending"
    with people.acting("md"):
        inst = service.decide(inst.id, "approve")
    assert inst.status == "approved" and inst.decided_at is not None
    assert [h.kind for h in inst.history] == ["submitted", "approved", "approved"]
    assert inst.history[1].comment == "looks right" and inst.history[1].actor.startswith("acct.")
    [ev] = [e for e in events(db, "workflow.instance.approved", people.tenant_id) if e["instance_id"] == str(inst.id)]
    assert ev["amount"] == "600000.00" and ev["definition_version"] == 1


def test_a_step_whose_condition_does_not_hold_is_left_out(db, people):
    with people.acting("clerk"):
        define(_step("check", "accountant"), _step("director", "managing_director", "amount > 500000.0"))
        small = submit("1000")
        assert [t.step_key for t in small.tasks] == ["check"]
        define(_step("director", "managing_director", "amount > 500000.0"))
        none_needed = submit("1000")
    assert none_needed.status == "approved" and none_needed.tasks == []


def test_a_wrong_role_and_ones_own_submission_are_refused(db, people):
    with people.acting("acct"):
        define(_step("check", "accountant"))
        inst = submit()
        with pytest.raises(DecisionRefused) as e:
            service.decide(inst.id, "approve")
    assert e.value.code == "self_approval" and e.value.message_bn
    with people.acting("pm"), pytest.raises(DecisionRefused) as e:
        service.decide(inst.id, "approve")
    assert e.value.code == "approver_role" and e.value.status == 403
    with people.acting("acct2"):
        assert service.decide(inst.id, "approve").status == "approved"


def test_the_approvers_amount_limit_must_cover_the_document(db, people):
    with people.acting("clerk"):
        define(_step("check", "accountant", limit_permission="finance.invoice.approve"))
        big = submit("600000")   # the accountant's default limit for invoices is 5,00,000
        small = submit("400000")
    with people.acting("acct"):
        with pytest.raises(DecisionRefused) as e:
            service.decide(big.id, "approve")
        assert e.value.code == "approval_limit" and e.value.details == {"limit": "500000.00", "amount": "600000.00"}
        assert service.decide(small.id, "approve").status == "approved"


def test_a_decision_is_idempotent_and_a_closed_approval_refuses_others(db, people):
    with people.acting("clerk"):
        define(_step("check", "accountant"))
        inst = submit()
    with people.acting("acct"):
        first = service.decide(inst.id, "approve")
        again = service.decide(inst.id, "approve")
    assert again.history == first.history and again.version == first.version
    with people.acting("acct2"), pytest.raises(InstanceClosed):
        service.decide(inst.id, "reject")
    assert len(events(db, "workflow.instance.approved", people.tenant_id)) >= 1
    assert [e for e in events(db, "workflow.instance.approved", people.tenant_id) if e["instance_id"] == str(inst.id)].__len__() == 1


def test_a_rejection_ends_the_approval_and_is_announced_with_the_reason(db, people):
    with people.acting("clerk"):
        define(_step("check", "accountant"), _step("director", "managing_director"))
        inst = submit()
    with people.acting("acct"):
        inst = service.decide(inst.id, "reject", "wrong cost centre")
    assert inst.status == "rejected" and [t.status for t in inst.tasks] == ["rejected", "cancelled"]
    [ev] = [e for e in events(db, "workflow.instance.rejected", people.tenant_id) if e["instance_id"] == str(inst.id)]
    assert ev["reason"] == "wrong cost centre"


def test_quorum_all_needs_every_named_approver_and_parallel_steps_start_together(db, people):
    named = ApproverModel(kind="user", user_ids=[people.ids["acct"], people.ids["md"]])
    with people.acting("clerk"):
        define(_step("board", approver=named, quorum="all"), _step("check", "project_manager"), mode="parallel")
        inst = submit()
    assert [t.status for t in inst.tasks] == ["pending", "pending"]
    with people.acting("acct"):
        inst = service.decide(inst.id, "approve")
    assert inst.tasks[0].approvals == 1 and inst.tasks[0].status == "pending"
    with people.acting("acct2"), pytest.raises(DecisionRefused) as e:
        service.decide(inst.id, "approve")  # neither named on the board step nor a project manager
    assert e.value.code in ("approver_not_named", "approver_role")
    with people.acting("md"):
        inst = service.decide(inst.id, "approve")
    assert inst.tasks[0].status == "approved" and inst.status == "pending"
    with people.acting("pm"):
        assert service.decide(inst.id, "approve").status == "approved"


def test_a_step_parallel_with_the_previous_one_starts_with_it_and_the_next_waits_for_both(db, people):
    """An ordered flow: check; review *with the previous one*; sign-off. Check and review start together (each its
    own approver); sign-off starts only when both are decided. The flag is kept in the stored version."""
    with people.acting("clerk"):
        define(_step("check", "accountant"), _step("review", "project_manager", with_previous=True),
               _step("signoff", "managing_director"))
        inst = submit()
    assert [t.status for t in inst.tasks] == ["pending", "pending", "waiting"]
    with context.acting_as(context.system_context(people.tenant_id)):
        assert [s.with_previous for s in service.get_definition("doc").steps] == [False, True, False]
    with people.acting("acct"):
        inst = service.decide(inst.id, "approve")
    assert [t.status for t in inst.tasks] == ["approved", "pending", "waiting"]  # the group is not decided yet
    with people.acting("md"), pytest.raises(DecisionRefused):
        service.decide(inst.id, "approve")  # sign-off has not started
    with people.acting("pm"):
        inst = service.decide(inst.id, "approve")
    assert [t.status for t in inst.tasks] == ["approved", "approved", "pending"] and inst.status == "pending"
    with people.acting("md"):
        assert service.decide(inst.id, "approve").status == "approved"


def test_a_delegate_decides_for_the_absent_approver_within_the_dates(db, people, frozen):
    from datetime import date, timedelta

    today = date(2026, 1, 5)
    with people.acting("clerk"):
        define(_step("check", "accountant", limit_permission="finance.invoice.approve"))
        inst = submit("100000")
    with people.acting("pm"), pytest.raises(DecisionRefused):
        service.decide(inst.id, "approve")  # a project manager is no accountant
    with people.acting("acct"):
        service.delegate(DelegationInput(to_user_id=people.ids["pm"], starts_on=today + timedelta(days=1),
                                         ends_on=today + timedelta(days=7)))
    with people.acting("pm"):
        assert service.inbox().delegated == []
        with pytest.raises(DecisionRefused):
            service.decide(inst.id, "approve")  # not yet
    frozen.advance(days=1)
    with people.acting("pm"):
        [item] = service.inbox().delegated
        assert item.instance_id == inst.id and item.on_behalf_of_id == people.ids["acct"]
        done = service.decide(inst.id, "approve")
    vote = done.history[-1]
    assert (vote.actor_id, vote.on_behalf_of_id) == (people.ids["pm"], people.ids["acct"])
    assert done.status == "approved"


def test_segregation_of_duties_the_creator_may_not_approve(db, people):
    with context.acting_as(context.system_context(people.tenant_id)):
        service.seed_defaults()
    with people.acting("clerk"):
        define(_step("check", "accountant"), sod="workflow.sod")
        inst = submit(creator_id=people.ids["acct"])        # acct drafted it, the clerk submits it
        paying = submit(related_creators=[people.ids["acct2"]])  # acct2 created the vendor
    with people.acting("acct"), pytest.raises(DecisionRefused) as e:
        service.decide(inst.id, "approve")
    assert e.value.code == "segregation_of_duties" and "তৈরি" in e.value.message_bn
    assert e.value.details["rule"] == "creator_approves"
    with people.acting("acct2"):
        assert service.decide(inst.id, "approve").status == "approved"
        with pytest.raises(DecisionRefused) as e:
            service.decide(paying.id, "approve")
    assert e.value.details["rule"] == "vendor_creator_pays"


def test_definitions_are_checked_on_save_and_versioned(db, people):
    with people.acting("owner"):
        with pytest.raises(RuleError) as e:
            service.save_definition("d", DefinitionInput(subject="test.doc", name="D", steps=[
                _step("a"), _step("b", condition="amount > 10.0 && amt > 3.0")]))
        assert e.value.field == "steps[1].condition" and e.value.details["column"] == 18
        with pytest.raises(WorkflowError) as e:  # test.doc says nothing of a project: no project role decides it
            service.save_definition("d", DefinitionInput(subject="test.doc", name="D", steps=[
                _step("a", approver=ApproverModel(kind="project_role", project_role="project_manager"))]))
        assert e.value.code == "approver_subject_has_no_project" and e.value.field == "steps[0].approver.kind"
        v1 = service.save_definition("d", DefinitionInput(subject="test.doc", name="D", steps=[_step("a")]))
        inst = submit()
        v2 = service.save_definition("d", DefinitionInput(subject="test.doc", name="D", steps=[
            _step("a"), _step("b", "managing_director")]), expected_version=v1.version)
    assert (v1.current_version, v2.current_version, v2.versions) == (1, 2, [2, 1])
    assert inst.definition_version == 1
    with people.acting("acct"):
        assert service.decide(inst.id, "approve").status == "approved"  # it kept the version it started with


def test_preview_says_which_steps_a_document_needs(db, people):
    with context.acting_as(context.system_context(people.tenant_id)):
        service.seed_defaults()
    with people.acting("owner"):
        p = service.preview("invoice", {"amount": Decimal("750000"), "currency": "BDT"})
    assert [s.key for s in p if s.needed] == ["accounts_payable", "department_head", "finance_manager"]


def test_the_inbox_shows_mine_and_not_my_own_submissions(db, people):
    with people.acting("acct"):
        define(_step("check", "accountant"))
        own = submit()
    with people.acting("clerk"):
        theirs = submit()
    with people.acting("acct"):
        box = service.inbox()
    assert [i.instance_id for i in box.mine] == [theirs.id] and own.id in [s.id for s in box.submitted]


def test_a_second_submission_of_a_waiting_document_is_refused(db, people):
    doc = new_id()
    with people.acting("clerk"):
        define(_step("check", "accountant"))
        submit(document_id=doc)
        with pytest.raises(WorkflowError) as e:
            submit(document_id=doc)
    assert e.value.code == "already_submitted"

