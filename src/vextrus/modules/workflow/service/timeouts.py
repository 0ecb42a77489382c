"""Timeouts, driven by the injected clock and the periodic job: remind, escalate, reject."""


from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import and_, select

from vextrus.platform import clock
from vextrus.platform.uow import unit_of_work

from ..events import (
    TaskEscalated,
    TaskReminded,
)
from ..tables import Instance, Task
from .instances import _history, _settle, _start, _tasks, role_of


def _told(inst: Instance, t: Task) -> dict[str, Any]:
    """Who a reminder or escalation is about and what its notification says."""
    return dict(role=role_of(t), user_ids=[UUID(str(u)) for u in t.user_ids or []], subject=inst.subject,
                document_label=inst.document_label, amount=inst.amount, currency=inst.currency,
                company_id=inst.company_id, submitter_id=inst.submitter_id, step_name=t.name,
                step_name_bn=t.name_bn)


# ---- timeouts (driven by the injected clock and the periodic job) --------------------------------------------


def process_timeouts() -> int:
    """Act on every pending step past its due time (as of `clock.now()`): remind (and wait another
    period), escalate (hand over to the next level), or reject. The state is in the database, so a
    restart loses nothing: the next run finds what is due. Returns how many steps were acted on."""
    now = clock.now()
    with unit_of_work() as uow:
        due = list(uow.session.execute(select(Task.id).join(Instance, Instance.id == Task.instance_id).where(
            and_(Task.status == "pending", Task.due_at.is_not(None), Task.due_at <= now,
                 Instance.status == "pending"))).scalars())
    done = 0
    for task_id in due:
        with unit_of_work() as uow:
            t = uow.session.get(Task, task_id)
            if t is None or t.status != "pending" or t.due_at is None or t.due_at > now:
                continue
            inst = uow.session.get(Instance, t.instance_id)
            tasks = _tasks(uow, inst)
            t = next(x for x in tasks if x.id == task_id)
            if t.timeout_action == "remind":
                t.reminders += 1
                t.due_at = now + timedelta(hours=t.timeout_hours or 24)
                _history(uow, inst, "reminded", t, system=True)
                uow.emit(TaskReminded(instance_id=inst.id, task_id=t.id, step_key=t.step_key, reminders=t.reminders,
                                      due_at=t.due_at, **_told(inst, t)))
            elif t.timeout_action == "reject":
                t.status = "rejected"
                t.due_at = None
                _history(uow, inst, "timed_out", t, "rejected: no decision in time", system=True)
                _settle(uow, inst, tasks, reason="timeout")
            else:
                nxt = next((x for x in tasks if x.step_index > t.step_index and x.status == "waiting"), None)
                t.due_at = None
                if nxt is None or inst.mode != "ordered":
                    _history(uow, inst, "escalation_unavailable", t, "no higher level: still waiting", system=True)
                else:
                    t.status = "escalated"
                    _history(uow, inst, "escalated", t, f"to {nxt.step_key}", system=True)
                    uow.emit(TaskEscalated(instance_id=inst.id, task_id=t.id, step_key=t.step_key,
                                           to_step_key=nxt.step_key, to_step_name=nxt.name,
                                           to_step_name_bn=nxt.name_bn, **_told(inst, t)))
                    _settle(uow, inst, tasks)
                    if nxt.status == "waiting":  # its group still open (steps with the previous one): start it now
                        _start(uow, inst, nxt)
            done += 1
    return done
