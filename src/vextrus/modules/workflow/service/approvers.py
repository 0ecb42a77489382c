"""Approvers found through other modules (issue 13): "the submitter's manager" (hr, through the look-up it
registers with `workflow.api.provide_manager_lookup`: hr depends on workflow, so workflow cannot import hr)
and "a project role" (the members of the document's project holding a team role, `projects.api`). Checked when a definition is saved; found
when a document is submitted and kept on its step as named users, so later changes to reporting lines or
project teams do not move an approval already under way. Nobody found: the submission is refused with a
bilingual error naming the step (nothing is stored; the owning module's document is not made either)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from vextrus.modules.rules import api as rules
from vextrus.platform import context, runtime
from vextrus.platform.errors import DomainError

from .. import MODULE
from ..domain import ApproverNotFound, WorkflowError
from ..schemas import StepModel

PROJECT_FIELD = "project_id"  # how a subject gives its project: a declared string field, the project's id
MANAGER_LOOKUP: tuple[str, Callable[[UUID], UUID | None]] | None = None  # (module, user → their manager's user)


def _running(name: str) -> bool:
    return name in runtime.current().registry.names


def _unavailable(module: str, module_bn: str, where: str) -> WorkflowError:
    return WorkflowError("approver_kind_unavailable", f"This kind of approver needs the {module} module, which is not "
                         "running", f"এই ধরনের অনুমোদনকারীর জন্য {module_bn} মডিউল লাগে, যা চালু নেই",
                         field=f"{where}.kind", details={"module": module})


def _manager_lookup() -> Callable[[UUID], UUID | None] | None:
    return MANAGER_LOOKUP[1] if MANAGER_LOOKUP is not None and _running(MANAGER_LOOKUP[0]) else None


def check_manager_available(where: str) -> None:
    if _manager_lookup() is None:
        raise _unavailable("hr", "এইচআর", where)


def _role_names(role: str) -> tuple[str, str]:
    from vextrus.modules.projects import api as projects

    return projects.TEAM_ROLES.get(role, (role, role))


def check_project_role(subject: str, role: str, where: str) -> None:
    """The role is a projects team role, and the subject says which project a document belongs to."""
    if not _running("projects"):
        raise _unavailable("projects", "প্রকল্প", where)
    from vextrus.modules.projects import api as projects

    if role not in projects.TEAM_ROLES:
        raise WorkflowError("approver_project_role_unknown", f"Project role is one of: {', '.join(projects.TEAM_ROLES)}",
                            "প্রকল্পের ভূমিকা: " + ", ".join(f"{c} ({bn})" for c, (_, bn) in
                                                           projects.TEAM_ROLES.items()),
                            field=f"{where}.project_role", details={"roles": list(projects.TEAM_ROLES)})
    try:
        rules.check_condition(subject, f'{PROJECT_FIELD} == ""', f"{where}.project_role")
    except DomainError:
        raise WorkflowError("approver_subject_has_no_project",
                            f"A '{subject}' does not say which project it belongs to (no field {PROJECT_FIELD}): "
                            "a project role cannot decide it",
                            "এই ধরনের নথিতে প্রকল্প উল্লেখ থাকে না: প্রকল্প-ভূমিকা এর সিদ্ধান্ত দিতে পারে না", field=f"{where}.kind",
                            details={"subject": subject, "field": PROJECT_FIELD}) from None


def resolve(index: int, step: StepModel, submitter: UUID | None, fields: dict[str, Any]) -> list[UUID]:
    """The users who decide a step of kind manager or project_role for this document (never the submitter)."""
    name = step.name
    if step.approver.kind == "manager":
        lookup = _manager_lookup()
        if lookup is None or submitter is None:
            raise ApproverNotFound(index, name, "the submitter's manager cannot be looked up",
                                   "জমাদাতার ব্যবস্থাপক খোঁজা যায় না")
        with context.calling_as(MODULE):
            manager = lookup(submitter)
        if manager is None or manager == submitter:
            raise ApproverNotFound(
                index, name, "no reporting manager with a user account is recorded for the submitter "
                "(the employee page's reporting line)",
                "জমাদাতার জন্য ব্যবহারকারী অ্যাকাউন্টসহ কোনো রিপোর্টিং ব্যবস্থাপক নথিভুক্ত নেই (কর্মীর পাতার রিপোর্টিং সম্পর্ক)",
                {"reason": "no_manager"})
        return [manager]
    role = step.approver.project_role or ""
    en, bn = _role_names(role) if _running("projects") else (role, role)
    raw = str(fields.get(PROJECT_FIELD) or "").strip()
    try:
        project_id = UUID(raw) if raw else None
    except ValueError:
        project_id = None
    if project_id is None:
        raise ApproverNotFound(index, name, f"the document names no project, so it has no {en.lower()}",
                               f"নথিতে কোনো প্রকল্প নেই, তাই {bn} নেই", {"reason": "no_project", "project_role": role})
    from vextrus.modules.projects import api as projects

    with context.calling_as(MODULE):
        members = [u for u in projects.members_with_role(project_id, role) if u != submitter]
    if not members:
        raise ApproverNotFound(index, name, f"the project has no {en.lower()} on its team (other than the submitter)",
                               f"প্রকল্পের দলে (জমাদাতা ছাড়া) কোনো {bn} নেই",
                               {"reason": "no_member", "project_role": role, "project_id": str(project_id)})
    return members
