"""Workflow definitions: save (a change is a new version), read, preview, the seeded defaults."""


from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from vextrus.modules.auth import api as auth
from vextrus.modules.rules import api as rules
from vextrus.platform import clock, context
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work
from vextrus.platform.versioning import check_version

from .. import MODULE, seeds  # noqa: F401 - seeds declares the generic subjects of the default workflows
from ..domain import (
    Missing,
    StepSpec,
    WorkflowError,
    check_definition,
)
from ..schemas import (
    DefinitionInput,
    DefinitionView,
    PreviewStep,
    StepModel,
)
from ..tables import Definition, DefinitionVersion
from . import approvers

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
                    s.timeout_hours, s.timeout_action, s.approver.project_role, s.with_previous)


def _check(data: DefinitionInput) -> None:
    if not data.name.strip():
        raise WorkflowError("definition_name_missing", "A workflow needs a name", "প্রক্রিয়ার একটি নাম দিন", field="name")
    if not data.steps:
        raise WorkflowError("definition_no_steps", "A workflow needs at least one step", "অন্তত একটি ধাপ দিন",
                            field="steps")
    rules.check_condition(data.subject, "true")  # the subject is declared (NotFound names it otherwise)
    check_definition(data.mode, [_spec(s) for s in data.steps],
                     lambda src, where: rules.check_condition(data.subject, src, where))
    _check_people(data.steps)
    for i, s in enumerate(data.steps):
        if s.approver.kind == "project_role":
            approvers.check_project_role(data.subject, s.approver.project_role or "", f"steps[{i}].approver")
        elif s.approver.kind == "manager":
            approvers.check_manager_available(f"steps[{i}].approver")


def company_roles() -> list[tuple[str, str, str]] | None:
    """The current company's roles (code, name, name_bn), or None for work outside a company (seeding)."""
    company = auth.current_company_id()
    if company is None:
        return None
    with context.calling_as(MODULE):
        return auth.roles(company)


def company_users() -> list[Any]:
    """The current company's users (the editor's picker of named approvers); none outside a company."""
    company = auth.current_company_id()
    if company is None:
        return []
    with context.calling_as(MODULE):
        return auth.company_users(company)


def _check_people(steps: list[StepModel]) -> None:
    """A step's role is a role of the company, and its named users are users of the tenant (field paths
    `steps[i].approver.role`, `steps[i].approver.user_ids`)."""
    roles = None
    for i, s in enumerate(steps):
        n_bn = to_bangla_digits(str(i + 1))
        if s.approver.kind == "role" and s.approver.role:
            roles = company_roles() if roles is None else roles
            if roles is not None and s.approver.role not in {code for code, _, _ in roles}:
                raise WorkflowError("approver_role_unknown", f"Step {i + 1}: the company has no role "
                                    f"'{s.approver.role}'", f"ধাপ {n_bn}: কোম্পানিতে এই ভূমিকা নেই; তালিকা থেকে একটি "
                                    "ভূমিকা বেছে নিন", field=f"steps[{i}].approver.role",
                                    details={"role": s.approver.role})
        if s.approver.kind == "user":
            for uid in s.approver.user_ids:
                if auth.user(uid) is None:
                    raise WorkflowError("approver_user_unknown", f"Step {i + 1}: no user {uid}",
                                        f"ধাপ {n_bn}: এমন কোনো ব্যবহারকারী নেই", field=f"steps[{i}].approver.user_ids",
                                        details={"user_id": str(uid)})


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
    return [PreviewStep(key=s.key, name=s.name, name_bn=s.name_bn, needed=n, with_previous=s.with_previous)
            for s, n in zip(view.steps, _needed(view.subject, view.steps, data), strict=True)]


@query("workflow.definition.view", scope="workflow.preview_draft")
def preview_draft(uow: UnitOfWork, subject: str, steps: list[StepModel], data: dict[str, Any]) -> list[PreviewStep]:
    """The live preview of steps not saved yet (the editor's current form): which would this document need?"""
    return [PreviewStep(key=s.key, name=s.name, name_bn=s.name_bn, needed=n, with_previous=s.with_previous)
            for s, n in zip(steps, _needed(subject, steps, data), strict=True)]


def needs_approval(subject: str, data: dict[str, Any]) -> bool:
    """Whether an active workflow of `subject` has a step this document needs (read-only, no permission)."""
    with unit_of_work() as uow:
        d = _active_for(uow, subject)
        if d is None:
            return False
        v = _def_version(uow, d)
        return any(_needed(subject, [StepModel.model_validate(s) for s in v.steps], data))


def needs_approval_many(subject: str, data: list[dict[str, Any]]) -> list[bool]:
    """`needs_approval` of many documents of one subject at once (a bulk post): the active workflow read once."""
    with unit_of_work() as uow:
        d = _active_for(uow, subject)
        if d is None:
            return [False] * len(data)
        steps = [StepModel.model_validate(s) for s in _def_version(uow, d).steps]
        return [any(_needed(subject, steps, one)) for one in data]


# ---- seeded definitions ---------------------------------------------------------------------------------------


@command("workflow.definition.manage", scope="workflow.seed_defaults")
def seed_defaults(uow: UnitOfWork) -> list[str]:
    """The default workflows (invoice, purchase order, journal entry, payment, leave, expense claim, payroll run) and the
    segregation-of-duties rule set, as editable data; those present are left alone."""
    from ..seeds import DEFAULT_DEFINITIONS, SOD_RULE_SET

    with context.calling_as(MODULE):
        rules.seed_rule_set("workflow.sod", SOD_RULE_SET)
    made = []
    for code, data in DEFAULT_DEFINITIONS:
        if uow.session.execute(select(Definition.id).where(Definition.code == code)).first() is None:
            save_definition(code, data)
            made.append(code)
    return made
