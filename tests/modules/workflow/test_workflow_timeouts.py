"""Timeouts driven by the injected clock and the periodic job; state and timers survive a restart."""

from __future__ import annotations

from decimal import Decimal

import pytest

from vextrus.modules.workflow import service
from vextrus.modules.workflow.schemas import ApproverModel, DefinitionInput, StepModel, SubmitInput
from vextrus.platform import context, runtime
from vextrus.platform.ids import new_id

pytestmark = pytest.mark.every_tenant  # its jobs run for every tenant in the database


def _define(*steps: tuple[str, str, int | None, str]) -> None:
    with context.acting_as(context.system_context(context.current().tenant_id)):
        service.save_definition("doc", DefinitionInput(subject="test.doc", name="Doc", steps=[
            StepModel(key=k, name=k, approver=ApproverModel(kind="role", role=role), timeout_hours=hours,
                      timeout_action=action) for k, role, hours, action in steps]))


def _submit() -> service.InstanceView:
    return service.submit(SubmitInput(subject="test.doc", document_id=new_id(), amount=Decimal("1000"),
                                      data={"kind": None}))


def _view(people, inst):  # noqa: ANN001, ANN202
    with people.acting("owner"):
        return service.get_instance(inst.id)


def test_a_step_not_decided_in_time_is_escalated_to_the_next_level(db, people, frozen):
    with people.acting("clerk"):
        _define(("check", "accountant", 48, "escalate"), ("director", "managing_director", 72, "remind"))
        inst = _submit()
    assert inst.tasks[0].due_at == frozen.at.replace(day=7)
    frozen.advance(hours=47, minutes=59)
    with context.acting_as(context.system_context(people.tenant_id)):
        assert service.process_timeouts() == 0
    frozen.advance(minutes=1)
    with context.acting_as(context.system_context(people.tenant_id)):
        assert service.process_timeouts() == 1
    v = _view(people, inst)
    assert [t.status for t in v.tasks] == ["escalated", "pending"] and v.history[-1].kind == "escalated"
    assert v.history[-1].actor == "system"
    with people.acting("md"):
        assert service.decide(inst.id, "approve").status == "approved"


def test_an_escalation_inside_a_group_starts_the_next_level_at_once(db, people, frozen):
    """Check and review start together (review "with the previous step"); check times out and escalates: the next
    level (director) starts at once, while review is still open, as an escalation says."""
    with people.acting("clerk"):
        with context.acting_as(context.system_context(context.current().tenant_id)):
            service.save_definition("doc", DefinitionInput(subject="test.doc", name="Doc", steps=[
                StepModel(key="check", name="check", approver=ApproverModel(kind="role", role="accountant"),
                          timeout_hours=48, timeout_action="escalate"),
                StepModel(key="review", name="review", approver=ApproverModel(kind="role", role="project_manager"),
                          with_previous=True),
                StepModel(key="director", name="director",
                          approver=ApproverModel(kind="role", role="managing_director"))]))
        inst = _submit()
    assert [t.status for t in inst.tasks] == ["pending", "pending", "waiting"]
    frozen.advance(hours=48)
    with context.acting_as(context.system_context(people.tenant_id)):
        assert service.process_timeouts() == 1
    v = _view(people, inst)
    assert [t.status for t in v.tasks] == ["escalated", "pending", "pending"] and v.history[-1].kind == "escalated"
    with people.acting("md"):
        assert service.decide(inst.id, "approve").status == "pending"  # review is still open
    with people.acting("pm"):
        assert service.decide(inst.id, "approve").status == "approved"


def test_a_reminder_repeats_each_period_and_reject_ends_the_approval(db, people, frozen):
    with people.acting("clerk"):
        _define(("check", "accountant", 24, "remind"))
        reminded = _submit()
        _define(("check", "accountant", 24, "reject"))
        rejected = _submit()
    for _ in range(2):
        frozen.advance(hours=24)
        with context.acting_as(context.system_context(people.tenant_id)):
            service.process_timeouts()
    v = _view(people, reminded)
    assert [h.kind for h in v.history] == ["submitted", "reminded", "reminded"] and v.status == "pending"
    v = _view(people, rejected)
    assert v.status == "rejected" and v.history[-1].kind == "timed_out"


def test_state_and_timers_survive_a_restart_in_the_middle_of_an_instance(db, people, frozen):
    with people.acting("clerk"):
        _define(("check", "accountant", None, "remind"), ("review", "project_manager", 48, "escalate"),
                ("director", "managing_director", None, "remind"))
        inst = _submit()
    with people.acting("acct"):
        service.decide(inst.id, "approve")  # the second step starts now, due in 48 hours
    from vextrus.modules.rules import service as rules_service

    rules_service._compiled.clear()  # nothing survives in memory...
    restarted = runtime.start(db.settings)  # ...a new process on the same database
    try:
        frozen.advance(hours=49)
        assert restarted.jobs.run_now("workflow.timeouts") >= 1  # the periodic job, for every tenant
        v = _view(people, inst)
        assert [t.status for t in v.tasks] == ["approved", "escalated", "pending"]
        with people.acting("md"):
            assert service.decide(inst.id, "approve").status == "approved"
    finally:
        restarted.close()
        runtime._current = db
