"""Rule sets: save (a change is a new version), read, test/explain, evaluate (compiled once per version).

load → guard → pure check (domain) → store → emit → view, like every command of the house.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, bindparam, select

from vextrus.platform import clock, context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query

from . import subjects
from .domain import (
    Compiled,
    Missing,
    Outcome,
    Result,
    Rule,
    RuleError,
    check_condition,
    check_rules,
    compile_version,
    rule_from_dict,
)
from .events import RuleSetChanged
from .schemas import (
    CheckView,
    EvaluationView,
    FieldView,
    MatchView,
    OutcomeModel,
    RuleModel,
    RuleSetInput,
    RuleSetView,
    SubjectView,
    VersionSummary,
)
from .tables import RuleSet, RuleSetVersion

CODE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}")

# ---- the compiled cache: one CEL compile per rule set version (and per distinct condition) -------

_CACHE_SIZE = 1024
_compiled: OrderedDict[tuple[Any, ...], Compiled] = OrderedDict()
_lock = threading.Lock()
compiles = 0  # how many times a version was compiled (tests and the bench read it)


def _cached(key: tuple[Any, ...], build: Any) -> Compiled:
    global compiles
    with _lock:
        hit = _compiled.get(key)
        if hit is not None:
            _compiled.move_to_end(key)
            return hit
    made = build()
    with _lock:
        compiles += 1
        _compiled[key] = made
        while len(_compiled) > _CACHE_SIZE:
            _compiled.popitem(last=False)
    return made


# ---- views ---------------------------------------------------------------------------------------


def _rules_of(v: RuleSetVersion) -> list[Rule]:
    return [rule_from_dict(d, i) for i, d in enumerate(v.rules or [])]


def _version_row(uow: UnitOfWork, rs: Any, number: int | None = None) -> RuleSetVersion:
    n = rs.current_version if number is None else number
    row = uow.session.execute(select(RuleSetVersion).where(RuleSetVersion.rule_set_id == rs.id,
                                                           RuleSetVersion.number == n)).scalar_one_or_none()
    if row is None:
        raise Missing("rule set version", "নিয়মসেটের সংস্করণ", f"{rs.code} v{n}", field="version")
    return row


def _view(uow: UnitOfWork, rs: RuleSet) -> RuleSetView:
    versions = uow.session.execute(select(RuleSetVersion).where(RuleSetVersion.rule_set_id == rs.id)
                                   .order_by(RuleSetVersion.number.desc())).scalars().all()
    current = next((v for v in versions if v.number == rs.current_version), None)
    return RuleSetView(
        id=rs.id, code=rs.code, subject=rs.subject, name=rs.name, name_bn=rs.name_bn, mode=rs.mode, active=rs.active,
        current_version=rs.current_version, version=rs.version,
        rules=[RuleModel.model_validate(d) for d in (current.rules if current else [])],
        versions=[VersionSummary(number=v.number, created_by=v.created_by, created_at=v.created_at, note=v.note,
                                 rules=len(v.rules or [])) for v in versions])


@cache
def _by_code() -> Select[Any]:
    """`_load`'s statement, built once: an evaluation (e.g. at each approval decision) only binds the code."""
    return select(RuleSet).where(RuleSet.code == bindparam("code"))


def _load(uow: UnitOfWork, code: str) -> RuleSet:
    rs = uow.session.execute(_by_code(), {"code": code}).scalar_one_or_none()
    if rs is None:
        raise Missing("rule set", "নিয়মসেট", code, field="code")
    return rs


def subject_view(code: str) -> SubjectView:
    s = subjects.get(code)
    return SubjectView(code=s.code, label=s.label, label_bn=s.label_bn, owner=s.owner,
                       fields=[FieldView(name=f.name, type=f.type, label=f.label, label_bn=f.label_bn,
                                         nullable=f.nullable) for f in s.fields])


def list_subjects() -> list[SubjectView]:
    return [subject_view(s.code) for s in subjects.all_subjects()]


# ---- commands --------------------------------------------------------------------------------------


def _domain_rules(data: RuleSetInput) -> list[Rule]:
    return [rule_from_dict(r.model_dump(), i) for i, r in enumerate(data.rules)]


@command("rules.rule_set.manage", scope="rules.save_rule_set")
def save_rule_set(uow: UnitOfWork, code: str, data: RuleSetInput, expected_version: int | None = None) -> RuleSetView:
    """Create a rule set or change it. Changed rules or mode make a new version (the old one is kept,
    and evaluations that ran it keep naming it); a change of name or active state alone does not."""
    if not CODE.fullmatch(code or ""):
        raise ValidationFailed("rule_set_code_invalid", "Code: lowercase letters, digits, _ . - (up to 80)",
                               "কোড: ছোট হাতের অক্ষর, অঙ্ক, _ . - (৮০ পর্যন্ত)", field="code")
    if not data.name.strip():
        raise ValidationFailed("rule_set_name_missing", "A rule set needs a name", "নিয়মসেটের একটি নাম দিন",
                               field="name")
    subject = subjects.get(data.subject)
    rules = _domain_rules(data)
    check_rules(rules, subject, data.mode)
    stored = [r.as_dict() for r in rules]
    ctx = context.current()
    rs = uow.session.execute(select(RuleSet).where(RuleSet.code == code)).scalar_one_or_none()
    if rs is None:
        rs = RuleSet(tenant_id=context.require_tenant(), code=code, subject=data.subject, name=data.name,
                     name_bn=data.name_bn, mode=data.mode, current_version=1, active=data.active)
        uow.session.add(rs)
        uow.session.flush()
        new_number: int | None = 1
    else:
        from vextrus.platform.versioning import check_version

        check_version(rs, expected_version, f"rule set {code}")
        if rs.subject != data.subject:
            raise ValidationFailed("rule_set_subject_fixed", "A rule set's subject cannot change; make a new set",
                                   "নিয়মসেটের বিষয় বদলানো যায় না; নতুন সেট তৈরি করুন", field="subject")
        current = _version_row(uow, rs)
        changed = current.rules != stored or current.mode != data.mode
        new_number = rs.current_version + 1 if changed else None
        rs.name, rs.name_bn, rs.active, rs.mode = data.name, data.name_bn, data.active, data.mode
        if new_number is not None:
            rs.current_version = new_number
    if new_number is not None:
        uow.session.add(RuleSetVersion(tenant_id=rs.tenant_id, rule_set_id=rs.id, number=new_number, mode=data.mode,
                                       rules=stored, note=data.note, created_by=ctx.actor[:120],
                                       created_at=clock.now()))
    uow.session.flush()
    uow.emit(RuleSetChanged(rule_set_id=rs.id, code=rs.code, subject=rs.subject, number=rs.current_version,
                            active=rs.active))
    return _view(uow, rs)


# ---- queries -----------------------------------------------------------------------------------------


@query("rules.rule_set.view", scope="rules.list_rule_sets")
def list_rule_sets(uow: UnitOfWork, subject: str | None = None) -> list[RuleSetView]:
    stmt = select(RuleSet).order_by(RuleSet.subject, RuleSet.code)
    if subject:
        stmt = stmt.where(RuleSet.subject == subject)
    return [_view(uow, rs) for rs in uow.session.execute(stmt).scalars()]


@query("rules.rule_set.view", scope="rules.get_rule_set")
def get_rule_set(uow: UnitOfWork, code: str) -> RuleSetView:
    return _view(uow, _load(uow, code))


def _compiled_for(uow: UnitOfWork, rs: Any, number: int | None = None) -> Compiled:
    """`rs`: a RuleSet or a row of its columns (`_head_by_code`)."""
    n = rs.current_version if number is None else number

    def build() -> Compiled:
        v = _version_row(uow, rs, n)
        return compile_version(rs.code, v.number, v.mode, subjects.get(rs.subject), _rules_of(v))

    return _cached(("set", rs.tenant_id, rs.id, n), build)


def evaluation_view(r: Result) -> EvaluationView:
    b = r.blocked
    return EvaluationView(
        code=r.code, rule_set_version=r.version, mode=r.mode, matched=r.matched,
        matches=[MatchView(key=m.key, name=m.name, name_bn=m.name_bn, outcome=OutcomeModel(**m.outcome.as_dict()))
                 for m in r.matches],
        blocked=b is not None, block_message=b.outcome.message if b else "",
        block_message_bn=b.outcome.message_bn if b else "", approval_level=r.approval_level, values=r.values,
        checked=[CheckView(key=k, matched=t) for k, t in r.checked])


@query("rules.rule_set.view", scope="rules.test_rule_set")
def test_rule_set(uow: UnitOfWork, code: str, data: Mapping[str, Any], version: int | None = None) -> EvaluationView:
    """Run a saved rule set (its current version, or `version`) on sample data and explain it: every
    rule in the order it runs, and whether its condition matched."""
    rs = _load(uow, code)
    return evaluation_view(_compiled_for(uow, rs, version).run(data, explain=True))


def test_draft(data: RuleSetInput, sample: Mapping[str, Any]) -> EvaluationView:
    """Run rules that are not saved yet (the editor's live test): checked exactly as a save would."""
    context.current().require("rules.rule_set.view")
    subject = subjects.get(data.subject)
    rules = _domain_rules(data)
    check_rules(rules, subject, data.mode)
    return evaluation_view(compile_version("draft", 0, data.mode, subject, rules).run(sample, explain=True))


@cache
def _head_by_code() -> Select[Any]:
    """The columns an evaluation needs of a rule set, built once: a plain row, not an ORM object (no identity
    map, no attribute state; an approval decision evaluates its segregation-of-duties set at every decision).
    The tenant's filter applies as to any read of the table (the session's loader criteria, row-level security)."""
    return select(RuleSet.id, RuleSet.tenant_id, RuleSet.code, RuleSet.subject, RuleSet.mode, RuleSet.active,
                  RuleSet.current_version).where(RuleSet.code == bindparam("code"))


@cache
def _head_of_tenant() -> Select[Any]:
    """`_head_by_code` in Core with the tenant in its WHERE clause, for an evaluation in a tenant (every approval
    decision): no ORM statement to prepare at each call (row-level security applies on PostgreSQL as well)."""
    t = RuleSet.__table__
    return select(t.c.id, t.c.tenant_id, t.c.code, t.c.subject, t.c.mode, t.c.active, t.c.current_version).where(
        t.c.code == bindparam("code"), t.c.tenant_id == bindparam("tenant_id"))


HEAD_COLUMNS = ("id", "tenant_id", "code", "subject", "mode", "active", "current_version")
"""What an evaluation reads of a rule set (its head): the compiled version is found by (tenant, id, current_version)."""


def head_subquery(tenant: ColumnElement[Any]) -> Subquery:
    """The tenant's rule set heads as a subquery another module joins into its own read (by `code`), so that an
    evaluation it makes in the same transaction needs no read of its own (`evaluate_head`). Read in that statement,
    the head is as fresh as `evaluate`'s own SELECT: nothing is cached across transactions, and a change saved by
    any process is seen by the next statement that reads it. `tenant`: the reader's expression for its tenant (row-level
    security applies on PostgreSQL as well)."""
    t = RuleSet.__table__
    return select(*(t.c[k] for k in HEAD_COLUMNS)).where(t.c.tenant_id == tenant).subquery("rules_head")


@query("rules.rule_set.evaluate", scope="rules.evaluate")
def evaluate(uow: UnitOfWork, code: str, data: Mapping[str, Any]) -> EvaluationView:
    """The decision of the rule set's current version (an inactive set matches nothing)."""
    tenant = context.current().tenant_id
    rs = (uow.session.execute(_head_by_code(), {"code": code}) if tenant is None  # the session's own filter
          else uow.session.connection().execute(_head_of_tenant(), {"code": code, "tenant_id": tenant})).one_or_none()
    if rs is None:
        raise Missing("rule set", "নিয়মসেট", code, field="code")
    return _evaluated(uow, rs, data)


@query("rules.rule_set.evaluate", scope="rules.evaluate")
def evaluate_head(uow: UnitOfWork, head: Any, data: Mapping[str, Any]) -> EvaluationView:
    """`evaluate` on a head its caller read in this transaction (`head_subquery`; attributes `HEAD_COLUMNS`), of
    the caller's tenant: the same permission, the same compiled version, one statement less."""
    if head.tenant_id != context.current().tenant_id:
        raise Missing("rule set", "নিয়মসেট", head.code, field="code")
    return _evaluated(uow, head, data)


def _evaluated(uow: UnitOfWork, rs: Any, data: Mapping[str, Any]) -> EvaluationView:
    if not rs.active:
        return EvaluationView(code=rs.code, rule_set_version=rs.current_version, mode=rs.mode, matched=[], matches=[],
                              blocked=False)
    return evaluation_view(_compiled_for(uow, rs).run(data))


def condition_matches(subject: str, source: str, data: Mapping[str, Any], where: str = "condition") -> bool:
    """Whether one condition holds for the document (a workflow step's condition); compiled once per text."""
    s = subjects.get(subject)

    def build() -> Compiled:
        check_condition(source, s, where)
        return compile_version("condition", 0, "first", s, [Rule("c", source, _MATCH)])

    return bool(_cached(("condition", subject, source), build).run(data).matches)


def check(subject: str, source: str, where: str = "condition") -> None:
    check_condition(source, subjects.get(subject), where)


_MATCH = Outcome("value", True)


@command("rules.rule_set.manage", scope="rules.seed_rule_set")
def seed_rule_set(uow: UnitOfWork, code: str, data: RuleSetInput) -> bool:
    if uow.session.execute(select(RuleSet.id).where(RuleSet.code == code)).first() is not None:
        return False
    save_rule_set(code, data)
    return True


# ---- seeded rule sets (data, not code) -------------------------------------------------------------


@command("rules.rule_set.manage", scope="rules.seed_defaults")
def seed_defaults(uow: UnitOfWork) -> list[str]:
    """The Bangladesh VAT and withholding categories as editable rule sets (skipped when present)."""
    from .seeds import DEFAULT_RULE_SETS

    made = []
    for code, data in DEFAULT_RULE_SETS:
        if uow.session.execute(select(RuleSet.id).where(RuleSet.code == code)).first() is None:
            save_rule_set(code, data)
            made.append(code)
    return made


__all__ = ["RuleError", "evaluate", "save_rule_set", "test_rule_set"]
