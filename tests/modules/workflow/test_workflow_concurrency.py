"""Two approvers decide the same step at once: one effect. On PostgreSQL both read the step at the
same version on two threads and connections; the task's compare-and-set lets exactly one win. On SQLite
(one writer at a time) the second waits for the first and finds it decided; the compare-and-set itself is
proved there by a write landing between a decision's read and its own. The threads are held at the
database statements (not at ORM hooks), so the test holds however the service writes."""

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


def _is_step_write(statement: str) -> bool:
    """The step's compare-and-set (a decision's first write), however the service sends it (ORM or Core, alone or
    as the first data-modifying CTE of one statement: `WITH t0 AS (UPDATE workflow.workflow_task ...`)."""
    head = "".join(statement[:120].split()).upper()
    return head.removeprefix("WITHT0AS(").startswith("UPDATE") and "WORKFLOW_TASK" in head[:40]


def _at_once(db, people, *who: str, inst_id) -> list[Any]:  # noqa: ANN001
    """Decide at once as `who`, each on a thread and a connection of its own, at the database's real interleaving.

    PostgreSQL: every decision is held at its step's UPDATE until all have arrived there, so all have read the
    step at the same version before any writes (one must lose the compare-and-set). SQLite takes its write lock
    at BEGIN IMMEDIATE, so two writers cannot both have read: the first is held at its step's UPDATE, inside its
    transaction, until the other has taken its connection to begin its own (it then waits at BEGIN IMMEDIATE for
    the lock and reads what the first wrote)."""
    postgres = db.engine.dialect.name == "postgresql"
    contexts = [people.ctx(w) for w in who]  # signed in before the race
    start = threading.Barrier(len(who), timeout=30)
    at_update = threading.Barrier(len(who), timeout=30)
    writer: list[int] = []
    racers: set[int] = set()
    began_by: set[int] = set()
    lock = threading.Condition()

    def hold(_conn: Any, _cursor: Any, statement: str, *_a: Any) -> None:
        if not _is_step_write(statement):
            return
        me = threading.get_ident()
        with lock:
            mine_first = me not in writer  # this decision's first arrival here (not a retry's)
            writer.append(me)
            first_of_all = len(writer) == 1
        if postgres and mine_first and me in racers:
            at_update.wait()
        elif not postgres and first_of_all:
            with lock:
                assert lock.wait_for(lambda: began_by - {me}, 30), "the other decision never began its transaction"

    def began(*_a: Any) -> None:
        me = threading.get_ident()
        if me in racers:
            with lock:
                began_by.add(me)
                lock.notify_all()

    out: list[Any] = [None] * len(who)

    def run(i: int) -> None:
        try:
            with context.acting_as(contexts[i]):
                with lock:
                    racers.add(threading.get_ident())
                start.wait()
                out[i] = service.decide(inst_id, "approve")
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            out[i] = exc

    event.listen(db.engine, "before_cursor_execute", hold)
    event.listen(db.engine.pool, "checkout", began)  # the other's connection, right before its BEGIN IMMEDIATE
    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(who))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        event.remove(db.engine, "before_cursor_execute", hold)
        event.remove(db.engine.pool, "checkout", began)
    return out


def _approved_events(db, people, inst_id) -> int:  # noqa: ANN001
    with context.acting_as(context.system_context(people.tenant_id)), db.session_factory() as s:
        return sum(1 for e in s.execute(select(OutboxEvent).where(OutboxEvent.name == "workflow.instance.approved"))
                   .scalars() if e.payload["instance_id"] == str(inst_id))


def test_two_approvers_at_once_have_one_effect(db, people):
    inst = _pending(people)
    results = _at_once(db, people, "acct", "acct2", inst_id=inst.id)
    won = [r for r in results if isinstance(r, service.InstanceView)]
    # PostgreSQL: both read the step pending; the second's compare-and-set finds it moved on. SQLite: the second
    # waited for the write lock and read the step decided.
    lost = [r for r in results if isinstance(r, StaleVersion if db.engine.dialect.name == "postgresql"
                                             else InstanceClosed)]
    assert len(won) == 1 and len(lost) == 1, results
    with people.acting("owner"):
        v = service.get_instance(inst.id)
    assert v.status == "approved" and [h.kind for h in v.history] == ["submitted", "approved"]
    assert v.tasks[0].approvals == 1 and v.version == won[0].version
    assert _approved_events(db, people, inst.id) == 1
    retry = "acct2" if won[0].history[-1].actor.startswith("acct.") else "acct"
    with people.acting(retry), pytest.raises(InstanceClosed):
        service.decide(inst.id, "approve")  # the loser's retry finds it decided


def test_the_same_approver_twice_at_once_has_one_effect(db, people):
    inst = _pending(people)
    results = _at_once(db, people, "acct", "acct", inst_id=inst.id)
    views = [r for r in results if isinstance(r, service.InstanceView)]
    if db.engine.dialect.name == "postgresql":
        assert len(views) == 1 and sum(isinstance(r, StaleVersion) for r in results) == 1, results
    else:  # the second read its own decision: the same decision again, no further effect
        assert len(views) == 2 and views[0].version == views[1].version, results
    assert _approved_events(db, people, inst.id) == 1
    with people.acting("owner"):
        assert [h.kind for h in service.get_instance(inst.id).history] == ["submitted", "approved"]
    with people.acting("acct"):
        assert service.decide(inst.id, "approve").status == "approved"  # and again: idempotent


def test_a_decision_whose_step_moved_on_after_its_read_loses_and_leaves_nothing(db, people):
    """The step's compare-and-set, on both databases: between this decision's read and its write another
    decision's write lands on the step (made here on the same connection, the one moment that matters, since
    SQLite cannot run two writers at once). The decision must lose as a whole: a 409, nothing stored."""
    inst = _pending(people)
    task_id = inst.tasks[0].id
    t = Task.__table__
    moved: list[bool] = []

    def interleave(conn: Any, _cursor: Any, statement: str, *_a: Any) -> None:
        if moved or not _is_step_write(statement):
            return
        moved.append(True)
        conn.execute(t.update().where(t.c.id == task_id).values(version=t.c.version + 1))

    event.listen(db.engine, "before_cursor_execute", interleave)
    try:
        with people.acting("acct"), pytest.raises(StaleVersion):
            service.decide(inst.id, "approve")
    finally:
        event.remove(db.engine, "before_cursor_execute", interleave)
    assert moved == [True]
    with people.acting("owner"):
        v = service.get_instance(inst.id)
    assert v.status == "pending" and [h.kind for h in v.history] == ["submitted"] and v.version == inst.version
    assert _approved_events(db, people, inst.id) == 0
    with people.acting("acct"):
        assert service.decide(inst.id, "approve").status == "approved"  # run again, it decides
    assert _approved_events(db, people, inst.id) == 1


def test_a_second_approver_after_the_first_finds_it_decided(db, people):
    inst = _pending(people)
    with people.acting("acct"):
        service.decide(inst.id, "approve")
    with people.acting("acct2"), pytest.raises(InstanceClosed):
        service.decide(inst.id, "approve")
    assert _approved_events(db, people, inst.id) == 1
