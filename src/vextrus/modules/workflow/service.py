"""Approval workflows: definitions (versioned), submissions, decisions, delegation, timeouts.

Each command: load → guard → pure rule (domain) → store → emit → view. Decisions are compare-and-set
on the task and the instance (versioned rows): two approvers deciding the same step at once have one
effect, the other gets `stale_version` (409) and, retrying, finds the step decided.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic_core import to_jsonable_python
from sqlalchemy import and_, or_, select

from vextrus.modules.auth import api as auth
from vextrus.modules.rules import api as rules
from vextrus.platform import clock, context
from vextrus.platform.errors import PermissionDenied, Unauthenticated, ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work
from vextrus.platform.versioning import check_version, touch

from . import MODULE, seeds  # noqa: F401 - seeds declares the generic subjects of the default workflows
from .domain import (
    OPEN,
    Candidate,
    DecisionRefused,
    InstanceClosed,
    Missing,
    StepSpec,
    WorkflowError,
    check_definition,
    needed_approvals,
    outcome,
    refusal,
    to_start,
)
from .events import (
    InstanceApproved,
    InstanceRejected,
    InstanceSubmitted,
    TaskAssigned,
    TaskEscalated,
    TaskReminded,
)
from .schemas import (
    ApproverModel,
    DefinitionInput,
    DefinitionView,
    DelegationInput,
    DelegationView,
    HistoryView,
    InboxItem,
    InboxView,
    InstanceView,
    PreviewStep,
    StepModel,
    SubmitInput,
    TaskView,
)
from .tables import Definition, DefinitionVersion, Delegation, HistoryEntry, Instance, Task

CODE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}")

rules.declare_subject("workflow.decision", [
    rules.SubjectField("subject", "string", "Document kind", "নথির ধরন"),
    rules.SubjectField("amount", "money", "Amount", "পরিমাণ"),
    rules.SubjectField("approver", "string", "Whose authority decides (user id)", "যাঁর কর্তৃত্বে সিদ্ধান্ত (ব্যবহারকারী)"),
    rules.SubjectField("decider", "string", "Who clicks (user id; differs when delegated)", "যিনি সিদ্ধান্ত দেন"),
    rules.SubjectField("submitter", "string", "Who submitted (user id)", "জমাদাতা"),
    rules.SubjectField("creator", "string", "Who created the document (user id)", "নথি প্রস্তুতকারী"),
    rules.SubjectField("related_creators", "list", "Who created related records (the vendor of a payment)",
                       "সম্পর্কিত রেকর্ড প্রস্তুতকারী (পরিশোধের বিক্রেতা)"),
], "A decision on an approval step (segregation of duties)", "অনুমোদন ধাপের সিদ্ধান্ত (দায়িত্ব পৃথকীকরণ)",
    owner="workflow")


# ---- definitions ---------------------------------------------------------------------------------


def _spec(s: StepModel) -> StepSpec:
    return StepSpec(s.key, s.condition, s.approver.kind, s.approver.role, tuple(s.approver.user_ids), s.quorum,
                    s.timeout_hours, s.timeout_action)


def _check(data: DefinitionInput) -> None:
    if not data.name.strip():
        raise WorkflowError("definition_name_missing", "A workflow needs a name", "প্রক্রিয়ার একটি নাম দিন", field="name")
    if not data.steps:
        raise WorkflowError("definition_no_steps", "A workflow needs at least one step", "অন্তত একটি ধাপ দিন",
                            field="steps")
    rules.check_condition(data.subject, "true")  # the subject is declared (NotFound names it otherwise)
    check_definition(data.mode, [_spec(s) for s in data.steps],
                     lambda src, where: rules.check_condition(data.subject, src, where))


def _def_version(uow: UnitOfWork, d: Definition, number: int | None = None) -> DefinitionVersion:
    n = d.current_version if number is None else number
    row = uow.session.execute(select(DefinitionVersion).where(DefinitionVersion.definition_id == d.id,
                                                              DefinitionVersion.number == n)).scalar_one_or_none()
    if row is None:
        raise Missing("workflow version", "প্রক্রিয়ার সংস্করণ", f"{d.code} v{n}", field="version")
    return row


def _def_view(uow: UnitOfWork, d: Definition) -> DefinitionView:
    v = _def_version(uow, d)
    numbers = list(uow.session.execute(select(DefinitionVersion.number).where(
        DefinitionVersion.definition_id == d.id).order_by(DefinitionVersion.number.desc())).scalars())
    return DefinitionView(id=d.id, code=d.code, subject=d.subject, name=d.name, name_bn=d.name_bn, mode=v.mode,
                          active=d.active, current_version=d.current_version, steps=[StepModel.model_validate(s)
                                                                                     for s in v.steps],
                          sod_rule_set=v.sod_rule_set, versions=numbers, version=d.version)


def _load_def(uow: UnitOfWork, code: str) -> Definition:
    d = uow.session.execute(select(Definition).where(Definition.code == code)).scalar_one_or_none()
    if d is None:
        raise Missing("workflow", "অনুমোদন প্রক্রিয়া", code, field="code")
    return d


@command("workflow.definition.manage", scope="workflow.save_definition")
def save_definition(uow: UnitOfWork, code: str, data: DefinitionInput,
                    expected_version: int | None = None) -> DefinitionView:
    """Create or change a workflow; changed steps make a new version (running instances keep theirs)."""
    if not CODE.fullmatch(code or ""):
        raise WorkflowError("definition_code_invalid", "Code: lowercase letters, digits, _ . -",
                            "কোড: ছোট হাতের অক্ষর, অঙ্ক, _ . -", field="code")
    _check(data)
    steps = [s.model_dump(mode="json") for s in data.steps]
    d = uow.session.execute(select(Definition).where(Definition.code == code)).scalar_one_or_none()
    if d is None:
        d = Definition(tenant_id=context.require_tenant(), code=code, subject=data.subject, name=data.name,
                       name_bn=data.name_bn, active=data.active, current_version=1)
        uow.session.add(d)
        uow.session.flush()
        number: int | None = 1
    else:
        check_version(d, expected_version, f"workflow {code}")
        if d.subject != data.subject:
            raise WorkflowError("definition_subject_fixed", "A workflow's subject cannot change",
                                "প্রক্রিয়ার বিষয় বদলানো যায় না", field="subject")
        cur = _def_version(uow, d)
        changed = (cur.steps, cur.mode, cur.sod_rule_set) != (steps, data.mode, data.sod_rule_set)
        number = d.current_version + 1 if changed else None
        d.name, d.name_bn, d.active = data.name, data.name_bn, data.active
        if number is not None:
            d.current_version = number
    if number is not None:
        uow.session.add(DefinitionVersion(tenant_id=d.tenant_id, definition_id=d.id, number=number, mode=data.mode,
                                          steps=steps, sod_rule_set=data.sod_rule_set, note=data.note,
                                          created_by=context.current().actor[:120], created_at=clock.now()))
    uow.session.flush()
    return _def_view(uow, d)


@query("workflow.definition.view", scope="workflow.list_definitions")
def list_definitions(uow: UnitOfWork) -> list[DefinitionView]:
    return [_def_view(uow, d) for d in uow.session.execute(select(Definition).order_by(Definition.code)).scalars()]


@query("workflow.definition.view", scope="workflow.get_definition")
def get_definition(uow: UnitOfWork, code: str) -> DefinitionView:
    return _def_view(uow, _load_def(uow, code))


def _active_for(uow: UnitOfWork, subject: str) -> Definition | None:
    return uow.session.execute(select(Definition).where(Definition.subject == subject, Definition.active.is_(True))
                               .order_by(Definition.code).limit(1)).scalar_one_or_none()


def _needed(subject: str, steps: list[StepModel], data: dict[str, Any]) -> list[bool]:
    return [rules.condition_matches(subject, s.condition, data, f"steps[{i}].condition") for i, s in enumerate(steps)]


@query("workflow.definition.view", scope="workflow.preview")
def preview(uow: UnitOfWork, code: str, data: dict[str, Any]) -> list[PreviewStep]:
    """Which steps would this document need? (the editor's live preview)"""
    view = _def_view(uow, _load_def(uow, code))
    return [PreviewStep(key=s.key, name=s.name, name_bn=s.name_bn, needed=n)
            for s, n in zip(view.steps, _needed(view.subject, view.steps, data), strict=True)]


def needs_approval(subject: str, data: dict[str, Any]) -> bool:
    """Whether an active workflow of `subject` has a step this document needs (read-only, no permission)."""
    with unit_of_work() as uow:
        d = _active_for(uow, subject)
        if d is None:
            return False
        v = _def_version(uow, d)
        return any(_needed(subject, [StepModel.model_validate(s) for s in v.steps], data))


# ---- instances -----------------------------------------------------------------------------------------


def _history(uow: UnitOfWork, inst: Instance, kind: str, task: Task | None = None, comment: str = "",
             on_behalf_of: UUID | None = None, vote_for: UUID | None = None, system: bool = False) -> None:
    ctx = context.current()
    uow.session.add(HistoryEntry(
        tenant_id=inst.tenant_id, instance_id=inst.id, task_id=task.id if task else None,
        step_key=task.step_key if task else None, at=clock.now(), kind=kind,
        actor=("system" if system else ctx.recorded_actor)[:120], actor_id=None if system else ctx.user_id,
        on_behalf_of_id=on_behalf_of, comment=comment[:1000],
        vote_key=f"{task.id}:{vote_for}" if task is not None and vote_for is not None else None))


def _tasks(uow: UnitOfWork, inst: Instance) -> list[Task]:
    return list(uow.session.execute(select(Task).where(Task.instance_id == inst.id).order_by(Task.step_index))
                .scalars())


def _activate(uow: UnitOfWork, inst: Instance, tasks: list[Task]) -> None:
    now = clock.now()
    for i in to_start(inst.mode, [t.status for t in tasks]):
        t = tasks[i]
        t.status = "pending"
        t.activated_at = now
        t.due_at = now + timedelta(hours=t.timeout_hours) if t.timeout_hours else None
        uow.emit(TaskAssigned(instance_id=inst.id, task_id=t.id, step_key=t.step_key, role=t.role,
                              user_ids=[UUID(str(u)) for u in t.user_ids or []], due_at=t.due_at))


def _settle(uow: UnitOfWork, inst: Instance, tasks: list[Task], reason: str = "") -> None:
    """Start what comes next, or end the instance and tell the owning module."""
    _activate(uow, inst, tasks)
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
    uow.emit(InstanceApproved(**common) if result == "approved" else InstanceRejected(**common, reason=reason[:400]))


def _instance_view(uow: UnitOfWork, inst: Instance, tasks: list[Task] | None = None) -> InstanceView:
    tasks = _tasks(uow, inst) if tasks is None else tasks
    hist = uow.session.execute(select(HistoryEntry).where(HistoryEntry.instance_id == inst.id)
                               .order_by(HistoryEntry.at, HistoryEntry.id)).scalars()
    return InstanceView(
        id=inst.id, subject=inst.subject, document_id=inst.document_id, document_label=inst.document_label,
        company_id=inst.company_id, definition_code=inst.definition_code, definition_version=inst.definition_version,
        amount=inst.amount, currency=inst.currency, status=inst.status, submitter_id=inst.submitter_id,
        submitted_at=inst.submitted_at, decided_at=inst.decided_at, version=inst.version,
        tasks=[TaskView(id=t.id, step_index=t.step_index, step_key=t.step_key, name=t.name, name_bn=t.name_bn,
                        status=t.status, approver=ApproverModel(kind=t.approver_kind, role=t.role,
                                                                user_ids=t.user_ids or []),
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
        t = Task(tenant_id=inst.tenant_id, instance_id=inst.id, step_index=i, step_key=s.key, name=s.name,
                 name_bn=s.name_bn, approver_kind=s.approver.kind, role=s.approver.role,
                 user_ids=[str(u) for u in s.approver.user_ids], quorum=s.quorum, limit_permission=s.limit_permission,
                 status="waiting", approvals=0, needed=needed_approvals(s.quorum, s.approver.user_ids),
                 timeout_hours=s.timeout_hours, timeout_action=s.timeout_action, reminders=0)
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


# ---- deciding -----------------------------------------------------------------------------------------


def _limit(user: UUID, permission: str | None, company_id: UUID | None) -> tuple[Decimal | None, bool]:
    if not permission:
        return None, True
    try:
        return auth.amount_limit(user, permission, company_id), True
    except PermissionDenied:
        return None, False


def _delegations_to(uow: UnitOfWork, user: UUID) -> list[Delegation]:
    today = clock.today()
    return list(uow.session.execute(select(Delegation).where(
        Delegation.to_user_id == user, Delegation.starts_on <= today, Delegation.ends_on >= today)).scalars())


def _candidates(uow: UnitOfWork, task: Task, inst: Instance) -> list[Candidate]:
    ctx = context.current()
    me = ctx.user_id
    assert me is not None
    limit, holds = _limit(me, task.limit_permission, inst.company_id)
    out = [Candidate(me, me, frozenset(ctx.roles), limit, holds)]
    for dl in _delegations_to(uow, me):
        if dl.company_id is not None and inst.company_id is not None and dl.company_id != inst.company_id:
            continue
        limit, holds = _limit(dl.from_user_id, task.limit_permission, inst.company_id)
        out.append(Candidate(dl.from_user_id, me, frozenset(dl.roles or []), limit, holds))
    return out


def _spec_of(t: Task) -> StepSpec:
    return StepSpec(t.step_key, "true", t.approver_kind, t.role, tuple(UUID(str(u)) for u in t.user_ids or []),
                    t.quorum, t.timeout_hours, t.timeout_action)


def _sod_refusal(inst: Instance, c: Candidate) -> DecisionRefused | None:
    if not inst.sod_rule_set:
        return None
    with context.calling_as(MODULE):
        r = rules.evaluate(inst.sod_rule_set, {
            "subject": inst.subject, "amount": inst.amount, "approver": str(c.principal), "decider": str(c.user),
            "submitter": str(inst.submitter_id or ""), "creator": str(inst.creator_id or ""),
            "related_creators": list(inst.related_creators or [])})
    if r.blocked:
        return DecisionRefused("segregation_of_duties", r.block_message, r.block_message_bn,
                               {"rule_set": r.code, "rule_set_version": r.rule_set_version, "rule": r.matched[0]})
    return None


_PRECEDENCE = ("self_approval", "segregation_of_duties", "approval_limit", "approval_permission", "approver_role",
               "approver_not_named")


def _voted(uow: UnitOfWork, task: Task, principal: UUID) -> bool:
    return uow.session.execute(select(HistoryEntry.id).where(
        HistoryEntry.tenant_id == task.tenant_id, HistoryEntry.vote_key == f"{task.id}:{principal}")).first() is not None


@command("workflow.task.decide", scope="workflow.decide")
def decide(uow: UnitOfWork, instance_id: UUID, decision: str, comment: str = "") -> InstanceView:
    """Approve or reject the step this user (or whom they act for) may decide. Refused: their own
    submission, a role they do not hold, an amount above their limit, a segregation-of-duties block.
    The same decision again has no further effect (idempotent); a closed approval is a conflict."""
    if decision not in ("approve", "reject"):
        raise ValidationFailed("decision_invalid", "Decide approve or reject", "অনুমোদন বা প্রত্যাখ্যান বেছে নিন",
                               field="decision")
    ctx = context.current()
    if ctx.user_id is None:
        raise Unauthenticated()
    inst = _load_instance(uow, instance_id)
    kind = "approved" if decision == "approve" else "rejected"
    tasks = _tasks(uow, inst)

    def my_last_vote() -> str | None:
        row = uow.session.execute(select(HistoryEntry.kind).where(
            HistoryEntry.instance_id == inst.id, HistoryEntry.actor_id == ctx.user_id,
            HistoryEntry.vote_key.is_not(None)).order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc()).limit(1)
        ).first()
        return None if row is None else row[0]

    if inst.status != "pending":
        if my_last_vote() == kind:
            return _instance_view(uow, inst)  # the same decision again: nothing more happens
        raise InstanceClosed(inst.status)
    refusals: list[DecisionRefused] = []
    chosen: tuple[Task, Candidate] | None = None
    for t in tasks:
        if t.status != "pending":
            continue
        for c in _candidates(uow, t, inst):
            if t.needed > 1 and _voted(uow, t, c.principal):  # one vote ends a step needing one
                continue
            r = refusal(_spec_of(t), c, inst.submitter_id, inst.amount, t.limit_permission) or _sod_refusal(inst, c)
            if r is None:
                chosen = (t, c)
                break
            refusals.append(r)
        if chosen:
            break
    if chosen is None:
        if my_last_vote() == kind:  # the same decision again (a double click, a retry): no further effect
            return _instance_view(uow, inst)
        if refusals:
            raise min(refusals, key=lambda r: _PRECEDENCE.index(r.code) if r.code in _PRECEDENCE else 99)
        raise DecisionRefused("nothing_to_decide", "No step of this approval is waiting for you",
                              "এই অনুমোদনের কোনো ধাপ আপনার অপেক্ষায় নেই")
    task, cand = chosen
    on_behalf = cand.principal if cand.principal != cand.user else None
    if kind == "approved":
        task.approvals += 1
        if task.approvals >= task.needed:
            task.status = "approved"
            task.due_at = None
    else:
        task.status = "rejected"
        task.due_at = None
    uow.session.flush()  # the compare-and-set on the task first: a concurrent decision loses here
    _history(uow, inst, kind, task, comment, on_behalf_of=on_behalf, vote_for=cand.principal)
    _settle(uow, inst, tasks, reason=comment if kind == "rejected" else "")
    touch(inst)  # the instance moves on with every decision: parallel steps decided at once cannot both settle it
    uow.session.flush()
    return _instance_view(uow, inst, tasks)


@command("workflow.task.decide", scope="workflow.comment")
def add_comment(uow: UnitOfWork, instance_id: UUID, text: str) -> InstanceView:
    if not text.strip():
        raise ValidationFailed("comment_empty", "Write a comment", "একটি মন্তব্য লিখুন", field="text")
    inst = _load_instance(uow, instance_id)
    _history(uow, inst, "comment", comment=text)
    uow.session.flush()
    return _instance_view(uow, inst)


# ---- delegation -----------------------------------------------------------------------------------------


@command("workflow.delegation.manage", scope="workflow.delegate")
def delegate(uow: UnitOfWork, data: DelegationInput) -> DelegationView:
    """While away (from–to), `to_user` decides the current user's steps for them ("approved by X for Y")."""
    ctx = context.current()
    if ctx.user_id is None:
        raise Unauthenticated()
    if data.ends_on < data.starts_on:
        raise ValidationFailed("delegation_dates", "The delegation ends before it starts", "প্রতিনিধিত্ব শুরুর আগে শেষ হয়",
                               field="ends_on")
    if data.to_user_id == ctx.user_id:
        raise ValidationFailed("delegation_self", "Delegate to someone else", "অন্য কাউকে দায়িত্ব দিন", field="to_user_id")
    if auth.user(data.to_user_id) is None:
        raise Missing("user", "ব্যবহারকারী", data.to_user_id, field="to_user_id")
    d = Delegation(tenant_id=context.require_tenant(), company_id=ctx.company_id, from_user_id=ctx.user_id,
                   to_user_id=data.to_user_id, starts_on=data.starts_on, ends_on=data.ends_on,
                   roles=sorted(ctx.roles), note=data.note, created_at=clock.now())
    uow.session.add(d)
    uow.session.flush()
    return _delegation_view(d)


def _delegation_view(d: Delegation) -> DelegationView:
    return DelegationView(id=d.id, from_user_id=d.from_user_id, to_user_id=d.to_user_id, starts_on=d.starts_on,
                          ends_on=d.ends_on, roles=list(d.roles or []), note=d.note)


@query("workflow.instance.view", scope="workflow.delegations")
def delegations(uow: UnitOfWork) -> list[DelegationView]:
    me = context.current().user_id
    rows = uow.session.execute(select(Delegation).where(or_(Delegation.from_user_id == me,
                                                            Delegation.to_user_id == me))
                               .order_by(Delegation.starts_on)).scalars()
    return [_delegation_view(d) for d in rows]


# ---- inbox ----------------------------------------------------------------------------------------------


def _item(inst: Instance, t: Task, on_behalf: UUID | None, now: Any) -> InboxItem:
    return InboxItem(instance_id=inst.id, task_id=t.id, subject=inst.subject, document_label=inst.document_label,
                     amount=inst.amount, currency=inst.currency, step_name=t.name, step_name_bn=t.name_bn,
                     submitted_at=inst.submitted_at, due_at=t.due_at, overdue=t.due_at is not None and t.due_at <= now,
                     on_behalf_of_id=on_behalf)


def _may_see(t: Task, inst: Instance, principal: UUID, roles: frozenset[str]) -> bool:
    if inst.submitter_id == principal:
        return False
    if t.approver_kind == "role":
        return t.role in roles
    return str(principal) in (t.user_ids or [])


@query("workflow.instance.view", scope="workflow.inbox")
def inbox(uow: UnitOfWork) -> InboxView:
    """Steps waiting for me (by my roles or by name), for those who delegated to me, which of them are
    overdue, and what I submitted."""
    ctx = context.current()
    me = ctx.user_id
    now = clock.now()
    stmt = (select(Task, Instance).join(Instance, Instance.id == Task.instance_id)
            .where(Task.status == "pending", Instance.status == "pending").order_by(Instance.submitted_at))
    if ctx.company_id is not None:
        stmt = stmt.where(or_(Instance.company_id == ctx.company_id, Instance.company_id.is_(None)))
    rows = uow.session.execute(stmt).all()
    out = InboxView()
    if me is None:
        return out
    dels = _delegations_to(uow, me)
    for t, inst in rows:
        if inst.submitter_id == me:
            continue
        if _may_see(t, inst, me, frozenset(ctx.roles)) and not _voted(uow, t, me):
            out.mine.append(_item(inst, t, None, now))
            continue
        for dl in dels:
            if _may_see(t, inst, dl.from_user_id, frozenset(dl.roles or [])) and not _voted(uow, t, dl.from_user_id):
                out.delegated.append(_item(inst, t, dl.from_user_id, now))
                break
    out.overdue = [i for i in out.mine + out.delegated if i.overdue]
    mine = uow.session.execute(select(Instance).where(Instance.submitter_id == me)
                               .order_by(Instance.submitted_at.desc()).limit(20)).scalars()
    out.submitted = [_instance_view(uow, i) for i in mine]
    return out


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
                uow.emit(TaskReminded(instance_id=inst.id, task_id=t.id, step_key=t.step_key, reminders=t.reminders))
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
                                           to_step_key=nxt.step_key))
                    _settle(uow, inst, tasks)
            done += 1
    return done


# ---- seeded definitions ---------------------------------------------------------------------------------------


@command("workflow.definition.manage", scope="workflow.seed_defaults")
def seed_defaults(uow: UnitOfWork) -> list[str]:
    """The default workflows (invoice, purchase order, journal entry, payment, leave, expense claim) and the
    segregation-of-duties rule set, as editable data; those present are left alone."""
    from .seeds import DEFAULT_DEFINITIONS, SOD_RULE_SET

    with context.calling_as(MODULE):
        rules.seed_rule_set("workflow.sod", SOD_RULE_SET)
    made = []
    for code, data in DEFAULT_DEFINITIONS:
        if uow.session.execute(select(Definition.id).where(Definition.code == code)).first() is None:
            save_definition(code, data)
            made.append(code)
    return made
