"""Approval workflows, the pure part: checking a definition, which steps start next, when an
instance is decided, and who may decide a step (given what the service found out about them)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from vextrus.platform.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed
from vextrus.platform.i18n import format_number, to_bangla_digits

MODES = ("ordered", "parallel")
QUORUMS = ("any", "all")
TIMEOUT_ACTIONS = ("escalate", "remind", "reject")
APPROVER_KINDS = ("role", "user", "manager", "project_role")
# manager: the submitter's reporting manager (hr.api.manager_user_of); project_role: the members of the
# document's project (its `project_id` field) holding a team role (projects.api.members_with_role). Both are
# resolved to named users when the approval is submitted (kept on the step); none found refuses the submission.
RESOLVED_KINDS = ("manager", "project_role")
# task statuses: waiting (a later step of an ordered flow), pending (can be decided), approved, rejected,
# escalated (timed out and handed to the next level), cancelled (the instance ended first)
OPEN = ("waiting", "pending")


class WorkflowError(ValidationFailed):
    pass


class Missing(NotFound):
    def __init__(self, what: str, what_bn: str, key: object, field: str | None = None):
        DomainError.__init__(self, "not_found", f"{what} '{key}' was not found", f"{what_bn} '{key}' পাওয়া যায়নি",
                             field=field, details={"object": what, "key": str(key)})


class DecisionRefused(PermissionDenied):
    """The user may not decide this step: self-approval, wrong role, amount limit, segregation of duties."""

    def __init__(self, code: str, message: str, message_bn: str, details: dict[str, object] | None = None):
        DomainError.__init__(self, code, message, message_bn, field="decision", details=details or {})


class InstanceClosed(Conflict):
    def __init__(self, status: str):
        super().__init__("instance_closed", f"This approval is already {status}",
                         f"এই অনুমোদন ইতিমধ্যে {_STATUS_BN.get(status, status)}", field="instance",
                         details={"status": status})


_STATUS_BN = {"approved": "অনুমোদিত", "rejected": "প্রত্যাখ্যাত", "cancelled": "বাতিল", "pending": "অপেক্ষমাণ",
              "withdrawn": "প্রত্যাহৃত"}


@dataclass(frozen=True)
class StepSpec:
    key: str
    condition: str
    approver_kind: str
    role: str | None
    user_ids: tuple[UUID, ...]
    quorum: str
    timeout_hours: int | None
    timeout_action: str
    project_role: str | None = None
    with_previous: bool = False  # starts together with the step before it (an ordered flow's group)


def check_definition(mode: str, steps: Sequence[StepSpec], check_condition: Callable[[str, str], None]) -> None:
    """Refuse a definition that cannot run, naming the field (`steps[2].approver.role`)."""
    if mode not in MODES:
        raise WorkflowError("workflow_mode_invalid", "Mode is 'ordered' or 'parallel'",
                            "পদ্ধতি ক্রমানুসারে অথবা সমান্তরাল হতে হবে", field="mode")
    seen: set[str] = set()
    for i, s in enumerate(steps):
        at = f"steps[{i}]"
        step_bn = to_bangla_digits(str(i + 1))  # "ধাপ ৩": the step's number as the page shows it
        if not re.fullmatch(r"[a-z0-9][a-z0-9_]{0,39}", s.key or ""):
            raise WorkflowError("step_key_invalid", f"Step {i + 1}: key is lowercase letters, digits and _",
                                f"ধাপ {step_bn}: কী ছোট হাতের অক্ষর, অঙ্ক ও _ দিয়ে লিখুন", field=f"{at}.key")
        if s.key in seen:
            raise WorkflowError("step_key_duplicate", f"Step {i + 1}: key '{s.key}' is used twice",
                                f"ধাপ {step_bn}: কী '{s.key}' দুবার ব্যবহৃত", field=f"{at}.key")
        seen.add(s.key)
        if s.approver_kind not in APPROVER_KINDS:
            raise WorkflowError("approver_kind_invalid", f"Step {i + 1}: approvers are by role, user, manager or "
                                "project_role", f"ধাপ {step_bn}: অনুমোদনকারী ভূমিকা, ব্যবহারকারী, ব্যবস্থাপক বা প্রকল্প-ভূমিকা "
                                "অনুযায়ী", field=f"{at}.approver.kind")
        if s.approver_kind == "project_role" and not s.project_role:
            raise WorkflowError("approver_project_role_missing", f"Step {i + 1}: name the project role "
                                "(e.g. project_manager)", f"ধাপ {step_bn}: প্রকল্পের ভূমিকা দিন (যেমন প্রকল্প ব্যবস্থাপক)",
                                field=f"{at}.approver.project_role")
        if s.approver_kind == "role" and not s.role:
            raise WorkflowError("approver_role_missing", f"Step {i + 1}: name the approvers' role",
                                f"ধাপ {step_bn}: অনুমোদনকারীদের ভূমিকা দিন", field=f"{at}.approver.role")
        if s.approver_kind == "user" and not s.user_ids:
            raise WorkflowError("approver_users_missing", f"Step {i + 1}: name at least one approver",
                                f"ধাপ {step_bn}: অন্তত একজন অনুমোদনকারী দিন", field=f"{at}.approver.user_ids")
        if s.quorum not in QUORUMS:
            raise WorkflowError("quorum_invalid", f"Step {i + 1}: quorum is 'any' or 'all'",
                                f"ধাপ {step_bn}: কোরাম যেকোনো একজন অথবা সবাই হতে হবে", field=f"{at}.quorum")
        if s.quorum == "all" and s.approver_kind != "user":
            raise WorkflowError("quorum_all_needs_users", f"Step {i + 1}: 'all' needs named approvers (kind user)",
                                f"ধাপ {step_bn}: সবার অনুমোদনের কোরামে নির্দিষ্ট অনুমোদনকারী লাগে", field=f"{at}.quorum")
        if s.timeout_action not in TIMEOUT_ACTIONS:
            raise WorkflowError("timeout_action_invalid", f"Step {i + 1}: on timeout: escalate, remind or reject",
                                f"ধাপ {step_bn}: সময় শেষে ঊর্ধ্বতনের কাছে পাঠানো, মনে করিয়ে দেওয়া অথবা প্রত্যাখ্যান", field=f"{at}.timeout_action")
        check_condition(s.condition, f"{at}.condition")


def needed_approvals(quorum: str, user_ids: Sequence[object]) -> int:
    return len(user_ids) if quorum == "all" else 1


def to_start(mode: str, statuses: Sequence[str], with_previous: Sequence[bool] = ()) -> list[int]:
    """Indices of tasks to make pending now: every waiting task (parallel), or, when no task is pending
    (ordered), the first waiting task and the waiting tasks of its group: the tasks right after it marked
    `with_previous` (a step "parallel with the previous one"). The next group starts when this one is decided.
    `with_previous[i]` is task i's flag (missing: False, as every definition saved before the flag)."""
    if mode == "parallel":
        return [i for i, s in enumerate(statuses) if s == "waiting"]
    if "pending" in statuses:
        return []
    first = next((i for i, s in enumerate(statuses) if s == "waiting"), None)
    if first is None:
        return []
    group = [first]
    j = first + 1
    while j < len(statuses) and j < len(with_previous) and with_previous[j]:
        if statuses[j] == "waiting":
            group.append(j)
        j += 1
    return group


def groups(with_previous: Sequence[bool]) -> list[list[int]]:
    """The step indices of an ordered flow in the groups that start together (the preview's "then")."""
    out: list[list[int]] = []
    for i, flag in enumerate(with_previous):
        if flag and out:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def outcome(statuses: Sequence[str]) -> str:
    """pending while a task is open; rejected when one was rejected; else approved."""
    if "rejected" in statuses:
        return "rejected"
    if any(s in OPEN for s in statuses):
        return "pending"
    return "approved"


@dataclass(frozen=True)
class Candidate:
    """What the service found out about a would-be approver (the user, or whom they act for)."""

    principal: UUID  # whose authority is used (the delegator when acting for someone)
    user: UUID  # who is deciding
    roles: frozenset[str]
    limit: Decimal | None  # None: no limit
    holds_limit_permission: bool


def refusal(step: StepSpec, c: Candidate, submitter: UUID | None, amount: Decimal, limit_permission: str | None,
            ) -> DecisionRefused | None:
    """Why `c` may not decide `step` (None: they may)."""
    if submitter is not None and submitter in (c.user, c.principal):
        return DecisionRefused("self_approval", "Nobody approves their own submission",
                               "কেউ নিজের জমা দেওয়া নথি অনুমোদন করতে পারেন না")
    if step.approver_kind == "role" and step.role not in c.roles:
        role_code = step.role  # the role's code, as the administrator typed it
        return DecisionRefused("approver_role", f"This step is for the role '{step.role}'",
                               f"এই ধাপ '{role_code}' ভূমিকার জন্য", {"role": step.role})
    if step.approver_kind == "user" and c.principal not in step.user_ids:
        return DecisionRefused("approver_not_named", "This step is for named approvers only",
                               "এই ধাপ কেবল নির্দিষ্ট অনুমোদনকারীদের জন্য")
    if step.approver_kind == "manager" and c.principal not in step.user_ids:
        return DecisionRefused("approver_not_manager", "This step is for the submitter's manager",
                               "এই ধাপ জমাদাতার ব্যবস্থাপকের জন্য")
    if step.approver_kind == "project_role" and c.principal not in step.user_ids:
        return DecisionRefused("approver_project_role", f"This step is for the project's {step.project_role}",
                               "এই ধাপ প্রকল্পের নির্দিষ্ট ভূমিকার সদস্যদের জন্য",
                               {"project_role": step.project_role})
    if limit_permission:
        if not c.holds_limit_permission:
            return DecisionRefused("approval_permission", f"Approving needs the permission '{limit_permission}'",
                                   "অনুমোদনের জন্য প্রয়োজনীয় অনুমতি আপনার নেই", {"permission": limit_permission})
        if c.limit is not None and c.limit < amount:
            return DecisionRefused("approval_limit", f"The amount {amount} is above the approver's limit {c.limit}",
                                   f"পরিমাণ {format_number(amount, 2, 'bn')} অনুমোদনকারীর সীমা {format_number(c.limit, 2, 'bn')}-এর বেশি",
                                   {"limit": str(c.limit), "amount": str(amount)})
    return None


def withdraw_refusal(status: str, submitter: UUID | None, user: UUID | None, via: str | None, subject: str,
                     ) -> DomainError | None:
    """Why this approval cannot be withdrawn (None: it can). Only a pending approval; only by whoever submitted
    it, or by the module that owns its subject (the subject's first part: `procurement` for
    `procurement.purchase_order`) acting for a user, e.g. when the document is cancelled."""
    if status != "pending":
        return InstanceClosed(status)
    owner = subject.split(".", 1)[0]
    if via == owner or (submitter is not None and user == submitter):
        return None
    return DecisionRefused("withdraw_not_submitter", "Only whoever submitted it may withdraw this approval",
                           "কেবল জমাদাতাই এই অনুমোদন প্রত্যাহার করতে পারেন")


class ApproverNotFound(WorkflowError):
    """Nobody could be found for a step decided by the submitter's manager or a project role: the
    submission is refused (nothing is stored), naming the step."""

    def __init__(self, index: int, step_name: str, why: str, why_bn: str, details: dict[str, object] | None = None):
        name = step_name  # the step's name, as typed
        DomainError.__init__(self, "approver_not_found", f"Step '{step_name}' has no approver: {why}",
                             f"ধাপ '{name}'-এর কোনো অনুমোদনকারী নেই: {why_bn}",
                             field=f"steps[{index}].approver", details={"step": step_name, **(details or {})})
