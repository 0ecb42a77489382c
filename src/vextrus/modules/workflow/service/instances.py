"""Approvals in progress: submit, the steps that start next, the end of an approval, views."""


from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

from pydantic_core import to_jsonable_python
from sqlalchemy import select

from vextrus.platform import clock, context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.events import Event
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work

from ..domain import (
    OPEN,
    RESOLVED_KINDS,
    Missing,
    WorkflowError,
    needed_approvals,
    outcome,
    to_start,
)
from ..events import (
    InstanceApproved,
    InstanceRejected,
    InstanceSubmitted,
    TaskAssigned,
)
from ..schemas import (
    ApproverModel,
    HistoryView,
    InstanceView,
    StepModel,
    SubmitInput,
    TaskView,
)
from ..tables import HistoryEntry, Instance, Task
from . import approvers
from .definitions import _active_for, _def_version, _needed

# ---- instances -----------------------------------------------------------------------------------------


def _history(uow: UnitOfWork, inst: Instance, kind: str, task: Task | None = None, comment: str = "",
             on_behalf_of: UUID | None = None, vote_for: UUID | None = None, system: bool = False) -> HistoryEntry:
    ctx = context.current()
    entry = HistoryEntry(
        tenant_id=inst.tenant_id, instance_id=inst.id, task_id=task.id if task else None,
        step_key=task.step_key if task else None, at=clock.now(), kind=kind,
        actor=("system" if system else ctx.recorded_actor)[:120], actor_id=None if system else ctx.user_id,
        on_behalf_of_id=on_behalf_of, comment=comment[:1000],
        vote_key=f"{task.id}:{vote_for}" if task is not None and vote_for is not None else None)
    uow.session.add(entry)
    return entry


def role_of(t: Task) -> str | None:
    """The auth role a step waits for (kind role only: a project_role step keeps its team role in `role`)."""
    return t.role if t.approver_kind == "role" else None


def _tasks(uow: UnitOfWork, inst: Instance) -> list[Task]:
    return list(uow.session.execute(select(Task).where(Task.instance_id == inst.id).order_by(Task.step_index))
                .scalars())


def _activate(uow: UnitOfWork, inst: Instance, tasks: list[Task], emit: Callable[[Event], None] | None = None) -> None:
    for i in to_start(inst.mode, [t.status for t in tasks], [bool(t.with_previous) for t in tasks]):
        _start(uow, inst, tasks[i], emit)


def _start(uow: UnitOfWork, inst: Instance, t: Task, emit: Callable[[Event], None] | None = None) -> None:
    """Make one waiting step pending (its due time from now) and tell its approvers."""
    emit = emit or uow.emit
    now = clock.now()
    t.status = "pending"
    t.activated_at = now
    t.due_at = now + timedelta(hours=t.timeout_hours) if t.timeout_hours else None
    emit(TaskAssigned(instance_id=inst.id, task_id=t.id, step_key=t.step_key, role=role_of(t),
                      user_ids=[UUID(str(u)) for u in t.user_ids or []], due_at=t.due_at,
                      subject=inst.subject, document_label=inst.document_label, amount=inst.amount,
                      currency=inst.currency, company_id=inst.company_id,
                      submitter_id=inst.submitter_id, step_name=t.name, step_name_bn=t.name_bn))


def _settle(uow: UnitOfWork, inst: Instance, tasks: list[Task], reason: str = "",
            emit: Callable[[Event], None] | None = None) -> None:
    """Start what comes next, or end the instance and tell the owning module. `emit`: where the events go
    (the unit of work's `emit` unless the caller collects them; a decision writes them with one INSERT)."""
    emit = emit or uow.emit
    _activate(uow, inst, tasks, emit)
    result = outcome([t.status for t in tasks])
    if result == "pending":
        return
    inst.status = result
    inst.decided_at = clock.now()
    for t in tasks:
        if t.status in OPEN:
            t.status = "cancelled"
            t.due_at = None
    common = dict(instance_id=inst.id, subject=inst.subject, document_id=inst.document_id, company_id=inst.company_id,
                  submitter_id=inst.submitter_id, amount=inst.amount, currency=inst.currency,
                  definition_code=inst.definition_code, definition_version=inst.definition_version,
                  context=inst.context or {})
    emit(InstanceApproved(**common) if result == "approved" else InstanceRejected(**common, reason=reason[:400]))


def _instance_view(uow: UnitOfWork, inst: Instance, tasks: list[Task] | None = None,
                   history: list[HistoryEntry] | None = None) -> InstanceView:
    """The approval as the caller sees it; `tasks` and `history` when the command has them already (stored:
    the order is the timeline's, `at` then `id`, as the database gives it)."""
    tasks = _tasks(uow, inst) if tasks is None else tasks
    hist = (uow.session.execute(select(HistoryEntry).where(HistoryEntry.instance_id == inst.id)
                                .order_by(HistoryEntry.at, HistoryEntry.id)).scalars() if history is None
            else sorted(history, key=lambda h: (h.at, h.id)))
    return InstanceView(
        id=inst.id, subject=inst.subject, document_id=inst.document_id, document_label=inst.document_label,
        company_id=inst.company_id, definition_code=inst.definition_code, definition_version=inst.definition_version,
        amount=inst.amount, currency=inst.currency, status=inst.status, submitter_id=inst.submitter_id,
        submitted_at=inst.submitted_at, decided_at=inst.decided_at, version=inst.version,
        tasks=[TaskView(id=t.id, step_index=t.step_index, step_key=t.step_key, name=t.name, name_bn=t.name_bn,
                        status=t.status, approver=ApproverModel(
                            kind=t.approver_kind, role=role_of(t), user_ids=t.user_ids or [],
                            project_role=t.role if t.approver_kind == "project_role" else None),
                        quorum=t.quorum, approvals=t.approvals, needed_approvals=t.needed, due_at=t.due_at,
                        timeout_action=t.timeout_action, version=t.version) for t in tasks],
        history=[HistoryView(at=h.at, kind=h.kind, actor=h.actor, actor_id=h.actor_id,
                             on_behalf_of_id=h.on_behalf_of_id, step_key=h.step_key, comment=h.comment) for h in hist])


@command("workflow.instance.submit", scope="workflow.submit")
def submit(uow: UnitOfWork, data: SubmitInput) -> InstanceView:
    """Start the subject's active workflow for a document. Steps whose condition does not hold are left
    out; with none left the document is approved at once (the event still tells the owning module)."""
    ctx = context.current()
    d = _active_for(uow, data.subject)
    if d is None:
        raise Missing("workflow", "অনুমোদন প্রক্রিয়া", data.subject, field="subject")
    if data.amount < 0:
        raise ValidationFailed("amount_negative", "The amount cannot be negative", "পরিমাণ ঋণাত্মক হতে পারে না",
                               field="amount")
    running = uow.session.execute(select(Instance.id).where(
        Instance.subject == data.subject, Instance.document_id == data.document_id,
        Instance.status == "pending")).first()
    if running is not None:
        raise WorkflowError("already_submitted", "This document is already waiting for approval",
                            "এই নথি ইতিমধ্যে অনুমোদনের অপেক্ষায়", field="document_id",
                            details={"instance_id": str(running[0])})
    v = _def_version(uow, d)
    steps = [StepModel.model_validate(s) for s in v.steps]
    fields = {"amount": data.amount, "currency": data.currency, **data.data}
    needed = _needed(data.subject, steps, fields)
    inst = Instance(
        tenant_id=context.require_tenant(), company_id=data.company_id or ctx.company_id, definition_id=d.id,
        definition_code=d.code, definition_version=v.number, mode=v.mode, subject=data.subject,
        document_id=data.document_id, document_label=data.document_label[:200], amount=data.amount,
        currency=data.currency, data=to_jsonable_python(fields),
        context=data.context, sod_rule_set=v.sod_rule_set, submitter_id=ctx.user_id,
        creator_id=data.creator_id or ctx.user_id, related_creators=[str(u) for u in data.related_creators],
        status="pending", submitted_at=clock.now())
    uow.session.add(inst)
    uow.session.flush()
    tasks = []
    for i, (s, n) in enumerate(zip(steps, needed, strict=True)):
        if not n:
            continue
        # the submitter's manager, a project role: found now and kept as named users (none: refused)
        users = (approvers.resolve(i, s, ctx.user_id, fields) if s.approver.kind in RESOLVED_KINDS
                 else s.approver.user_ids)
        t = Task(tenant_id=inst.tenant_id, instance_id=inst.id, step_index=i, step_key=s.key, name=s.name,
                 name_bn=s.name_bn, approver_kind=s.approver.kind,
                 role=s.approver.project_role if s.approver.kind == "project_role" else s.approver.role,
                 user_ids=[str(u) for u in users], quorum=s.quorum, limit_permission=s.limit_permission,
                 status="waiting", approvals=0, needed=needed_approvals(s.quorum, users),
                 timeout_hours=s.timeout_hours, timeout_action=s.timeout_action, reminders=0,
                 with_previous=s.with_previous)
        uow.session.add(t)
        tasks.append(t)
    uow.session.flush()
    _history(uow, inst, "submitted")
    uow.emit(InstanceSubmitted(instance_id=inst.id, subject=inst.subject, document_id=inst.document_id,
                               amount=inst.amount, currency=inst.currency, submitter_id=inst.submitter_id))
    _settle(uow, inst, tasks)
    uow.session.flush()
    return _instance_view(uow, inst)


def _load_instance(uow: UnitOfWork, instance_id: UUID) -> Instance:
    inst = uow.session.get(Instance, instance_id)
    if inst is None or inst.tenant_id != context.current().tenant_id:
        raise Missing("approval", "অনুমোদন", instance_id, field="instance_id")
    if inst.company_id is not None:
        context.require_company(inst.company_id, "approval", instance_id, field="instance_id")
    return inst


@query("workflow.instance.view", scope="workflow.get_instance")
def get_instance(uow: UnitOfWork, instance_id: UUID) -> InstanceView:
    return _instance_view(uow, _load_instance(uow, instance_id))


def latest_for(subject: str, document_id: UUID) -> InstanceView | None:
    """The document's latest approval (read-only lookup for the owning module; no permission)."""
    with unit_of_work() as uow:
        inst = uow.session.execute(select(Instance).where(Instance.subject == subject,
                                                          Instance.document_id == document_id)
                                   .order_by(Instance.submitted_at.desc(), Instance.id.desc()).limit(1)
                                   ).scalar_one_or_none()
        return None if inst is None else _instance_view(uow, inst)
