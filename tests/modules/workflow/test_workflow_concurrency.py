"""Two approvers decide the same step at once: one effect. On PostgreSQL both read the step at the
same version on two threads and connections; the task's compare-and-set lets exactly one win."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, select

from vextrus.modules.workflow import service
from vextrus.modules.workflow.domain import InstanceClosed
from vextrus.modules.workflow.schemas import ApproverModel, DefinitionInput, StepModel, SubmitInput
from vextrus.modules.workflow.tables import Task
from vextrus.platform import context
from vextrus.platform.errors import StaleVersion
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent


def _pending(people):  # noqa: ANN001, ANN202
    with people.acting("clerk"):
        with context.acting_as(context.system_context(people.tenant_id)):
            service.save_definition("doc", DefinitionInput(subject="test.doc", name="Doc", steps=[
                StepModel(key="check", name="Check", approver=ApproverModel(kind="role", role="accountant"))]))
        return service.submit(SubmitInput(subject="test.doc", document_id=new_id(), amount=Decimal("5"),
                                          data={"kind": None}))


def _at_once(people, *who: str, inst_id) -> list[Any]:  # noqa: ANN001
    barrier = threading.Barrier(len(who), timeout=30)
    arrivals, lock = [0], threading.Lock()

    def hold(_m: Any, _c: Any, _t: Any) -> None:
        with lock:
            arrivals[0] += 1
            first = arrivals[0] <= len(who)
        if first:
            barrier.wait()

    out: list[Any] = [None] * len(who)

    def run(i: int) -> None:
        try:
            with people.acting(who[i]):
                out[i] = service.decide(inst_id, "approve")
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            out[i] = exc

    event.listen(Task, "before_update", hold)
    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(who))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        event.remove(Task, "before_update", hold)
    return out


def _approved_events(db, people, inst_id) -> int:  # noqa: ANN001
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        return sum(1 for e in s.execute(select(OutboxEvent).where(OutboxEvent.name == "workflow.instance.approved"))
                   .scalars() if e.payload["instance_id"] == str(inst_id))


@pytest.mark.postgres_only
def test_two_approvers_at_once_have_one_effect(db, people):
    inst = _pending(people)
    results = _at_once(people, "acct", "acct2", inst_id=inst.id)
    won = [r for r in results if isinstance(r, service.InstanceView)]
    lost = [r for r in results if isinstance(r, StaleVersion)]
    assert len(won) == 1 and len(lost) == 1, results
    with people.acting("owner"):
        v = service.get_instance(inst.id)
    assert v.status == "approved" and [h.kind for h in v.history] == ["submitted", "approved"]
    assert _approved_events(db, people, inst.id) == 1
    retry = "acct2" if won[0].history[-1].actor.startswith("acct.") else "acct"
    with people.acting(retry), pytest.raises(InstanceClosed):
        service.decide(inst.id, "approve")  # the loser's retry finds it decided


@pytest.mark.postgres_only
def test_the_same_approver_twice_at_once_has_one_effect(db, people):
    inst = _pending(people)
    results = _at_once(people, "acct", "acct", inst_id=inst.id)
    assert sum(isinstance(r, service.InstanceView) for r in results) == 1, results
    assert _approved_events(db, people, inst.id) == 1
    with people.acting("acct"):
        assert service.decide(inst.id, "approve").status == "approved"  # and again: idempotent


def test_a_second_approver_after_the_first_finds_it_decided(db, people):
    inst = _pending(people)
    with people.acting("acct"):
        service.decide(inst.id, "approve")
    with people.acting("acct2"), pytest.raises(InstanceClosed):
        service.decide(inst.id, "approve")
    assert _approved_events(db, people, inst.id) == 1
