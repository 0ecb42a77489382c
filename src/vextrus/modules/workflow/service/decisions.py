"""Deciding a step: who may (own submission, segregation of duties, amount limit, role), once."""


from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import select

from vextrus.modules.auth import api as auth
from vextrus.modules.rules import api as rules
from vextrus.platform import context
from vextrus.platform.errors import PermissionDenied, Unauthenticated, ValidationFailed
from vextrus.platform.events import Event
from vextrus.platform.uow import UnitOfWork, command

from .. import MODULE
from ..domain import (
    Candidate,
    DecisionRefused,
    InstanceClosed,
    StepSpec,
    refusal,
)
from ..schemas import (
    InstanceView,
)
from ..tables import HistoryEntry, Instance, Task
from . import decision_rows as rows
from .delegations import _delegations_to
from .instances import _history, _instance_view, _load_instance, _settle

# ---- deciding -----------------------------------------------------------------------------------------


def _limit(user: UUID, permission: str | None, company_id: UUID | None) -> tuple[Decimal | None, bool]:
    if not permission:
        return None, True
    try:
        return auth.amount_limit(user, permission, company_id), True
    except PermissionDenied:
        return None, False


def _candidates(uow: UnitOfWork, task: Task, inst: Instance) -> Iterator[Candidate]:
    """The user first, then whom they stand in for (looked up only when the user cannot decide). An amount
    limit is read from auth only for someone whose role or name fits the step (else the role refuses)."""
    ctx = context.current()
    me = ctx.user_id
    assert me is not None

    def candidate(principal: UUID, roles: frozenset[str]) -> Candidate:
        fits = principal != inst.submitter_id and (
            task.role in roles if task.approver_kind == "role" else str(principal) in (task.user_ids or []))
        limit, holds = _limit(principal, task.limit_permission, inst.company_id) if fits else (None, True)
        return Candidate(principal, me, roles, limit, holds)

    yield candidate(me, frozenset(ctx.roles))
    for dl in _delegations_to(uow, me):
        if dl.company_id is not None and inst.company_id is not None and dl.company_id != inst.company_id:
            continue
        yield candidate(dl.from_user_id, frozenset(dl.roles or []))


def _spec_of(t: Task) -> StepSpec:
    return StepSpec(t.step_key, "true", t.approver_kind, t.role, tuple(UUID(str(u)) for u in t.user_ids or []),
                    t.quorum, t.timeout_hours, t.timeout_action,
                    t.role if t.approver_kind == "project_role" else None)


def _sod_refusal(inst: Instance, c: Candidate, head: Any = None) -> DecisionRefused | None:
    """The segregation-of-duties rule set's block, if any. `head`: the set's head read with the approval (one
    statement less); without it (none read: no such set) `rules.evaluate` reads it and says what is missing."""
    if not inst.sod_rule_set:
        return None
    data = {"subject": inst.subject, "amount": inst.amount, "approver": str(c.principal), "decider": str(c.user),
            "submitter": str(inst.submitter_id or ""), "creator": str(inst.creator_id or ""),
            "related_creators": list(inst.related_creators or [])}
    with context.calling_as(MODULE):
        r = rules.evaluate_head(head, data) if head is not None else rules.evaluate(inst.sod_rule_set, data)
    if r.blocked:
        return DecisionRefused("segregation_of_duties", r.block_message, r.block_message_bn,
                               {"rule_set": r.code, "rule_set_version": r.rule_set_version, "rule": r.matched[0]})
    return None


_PRECEDENCE = ("self_approval", "segregation_of_duties", "approval_limit", "approval_permission", "approver_role",
               "approver_not_named", "approver_not_manager", "approver_project_role")


def _voted(uow: UnitOfWork, task: Task, principal: UUID) -> bool:
    return uow.session.execute(select(HistoryEntry.id).where(
        HistoryEntry.tenant_id == task.tenant_id, HistoryEntry.vote_key == f"{task.id}:{principal}")).first() is not None


def _voted_in(history: list[HistoryEntry], task: Task, principal: UUID) -> bool:
    """`_voted` on the approval's timeline already read (a decision reads it with the approval)."""
    key = f"{task.id}:{principal}"
    return any(h.vote_key == key for h in history)


@command("workflow.task.decide", scope="workflow.decide")
def decide(uow: UnitOfWork, instance_id: UUID, decision: str, comment: str = "") -> InstanceView:
    """Approve or reject the step this user (or whom they act for) may decide. Refused: their own
    submission, a role they do not hold, an amount above their limit, a segregation-of-duties block.
    The same decision again has no further effect (idempotent); a closed approval is a conflict.
    Read and written in Core (`decision_rows`): one SELECT (with the segregation-of-duties rule set's head), the
    step's and the approval's compare-and-set with the timeline's and the outbox's INSERT (one statement on
    PostgreSQL)."""
    if decision not in ("approve", "reject"):
        raise ValidationFailed("decision_invalid", "Decide approve or reject", "অনুমোদন বা প্রত্যাখ্যান বেছে নিন",
                               field="decision")
    ctx = context.current()
    if ctx.user_id is None:
        raise Unauthenticated()
    # one round trip for the approval, its steps and its timeline (ordered by `at`, then `id`)
    inst, tasks, history, sod_head = rows.load(uow, instance_id)
    kind = "approved" if decision == "approve" else "rejected"

    def my_last_vote() -> str | None:
        return next((h.kind for h in reversed(history) if h.actor_id == ctx.user_id and h.vote_key is not None), None)

    if inst.status != "pending":
        if my_last_vote() == kind:
            return _instance_view(uow, inst, tasks, history)  # type: ignore[arg-type] # the same decision again
        raise InstanceClosed(inst.status)
    refusals: list[DecisionRefused] = []
    chosen: tuple[Any, Candidate] | None = None
    for t in tasks:
        if t.status != "pending":
            continue
        for c in _candidates(uow, t, inst):  # type: ignore[arg-type]
            if t.needed > 1 and _voted_in(history, t, c.principal):  # type: ignore[arg-type] # one vote ends a step needing one
                continue
            r = refusal(_spec_of(t), c, inst.submitter_id, inst.amount, t.limit_permission) or _sod_refusal(inst, c, sod_head)  # type: ignore[arg-type]
            if r is None:
                chosen = (t, c)
                break
            refusals.append(r)
        if chosen:
            break
    if chosen is None:
        if my_last_vote() == kind:  # the same decision again (a double click, a retry): no further effect
            return _instance_view(uow, inst, tasks, history)  # type: ignore[arg-type]
        if refusals:
            raise min(refusals, key=lambda r: _PRECEDENCE.index(r.code) if r.code in _PRECEDENCE else 99)
        raise DecisionRefused("nothing_to_decide", "No step of this approval is waiting for you",
                              "এই অনুমোদনের কোনো ধাপ আপনার অপেক্ষায় নেই")
    task, cand = chosen
    on_behalf = cand.principal if cand.principal != cand.user else None
    before = {t.id: rows.task_state(t) for t in tasks}
    if kind == "approved":
        task.approvals += 1
        if task.approvals >= task.needed:
            task.status = "approved"
            task.due_at = None
    else:
        task.status = "rejected"
        task.due_at = None
    entry = rows.history_entry(inst, kind, task, comment, on_behalf, cand.principal)
    events: list[Event] = []
    _settle(uow, inst, tasks, reason=comment if kind == "rejected" else "", emit=events.append)  # type: ignore[arg-type]
    # the step's compare-and-set first (a concurrent decision loses there), the entry, the steps started or
    # cancelled by the settlement, the approval's, the events (one statement on PostgreSQL)
    rows.write(uow, inst, task, entry, [t for t in tasks if t is not task and rows.task_state(t) != before[t.id]],  # type: ignore[arg-type]
               events)
    return _instance_view(uow, inst, tasks, [*history, entry])  # type: ignore[arg-type] # no second read


@command("workflow.task.decide", scope="workflow.comment")
def add_comment(uow: UnitOfWork, instance_id: UUID, text: str) -> InstanceView:
    if not text.strip():
        raise ValidationFailed("comment_empty", "Write a comment", "একটি মন্তব্য লিখুন", field="text")
    inst = _load_instance(uow, instance_id)
    _history(uow, inst, "comment", comment=text)
    uow.session.flush()
    return _instance_view(uow, inst)
