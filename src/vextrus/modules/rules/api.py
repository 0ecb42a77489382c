"""What other modules may call: declare a subject's fields, check and evaluate conditions and rule sets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Subquery

from . import service, subjects
from .domain import SubjectField
from .schemas import EvaluationView, OutcomeModel, RuleModel, RuleSetInput, SubjectView
from .service import HEAD_COLUMNS

__all__ = ["EvaluationView", "OutcomeModel", "RuleModel", "RuleSetInput", "SubjectField", "check_condition",
           "condition_matches", "declare_subject", "evaluate", "evaluate_head", "head_subquery", "seed_rule_set",
           "subject_declared", "subject_view", "SubjectView", "HEAD_COLUMNS"]


def declare_subject(code: str, fields: list[SubjectField], label: str = "", label_bn: str = "",
                    owner: str = "") -> None:
    """Say which typed fields rules about `code` (e.g. `finance.journal`) may use. The owning module
    calls this when its code is imported; the same declaration again is harmless."""
    subjects.declare(code, fields, label, label_bn, owner)


def check_condition(subject: str, source: str, where: str = "condition") -> None:
    """Refuse (RuleError with line/column) a condition that does not compile, names an undeclared
    field or mixes types. No permission of its own: it reads nothing stored."""
    service.check(subject, source, where)


def condition_matches(subject: str, source: str, data: Mapping[str, Any], where: str = "condition") -> bool:
    """Whether a condition holds for a document's values (compiled once per distinct text)."""
    return service.condition_matches(subject, source, data, where)


def evaluate(code: str, data: Mapping[str, Any]) -> EvaluationView:
    """The current version of rule set `code` applied to a document (needs `rules.rule_set.evaluate`)."""
    return service.evaluate(code, data)


def head_subquery(tenant: ColumnElement[Any]) -> Subquery:
    """The tenant's rule set heads (columns `HEAD_COLUMNS`, joined by `code`) for a module that evaluates a rule set
    in the same transaction as its own read, e.g. workflow at an approval decision: it joins this into its one
    SELECT and calls `evaluate_head` with the row, saving the rule set's read (nothing cached across transactions:
    a change is seen by the next read)."""
    return service.head_subquery(tenant)


def evaluate_head(head: Any, data: Mapping[str, Any]) -> EvaluationView:
    """`evaluate` on a head read through `head_subquery` in this transaction (needs `rules.rule_set.evaluate`)."""
    return service.evaluate_head(head, data)


def subject_declared(code: str) -> bool:
    return any(s.code == code for s in subjects.all_subjects())


def seed_rule_set(code: str, data: RuleSetInput) -> bool:
    """Create rule set `code` unless it exists (a module seeding its default rules); needs
    `rules.rule_set.manage`. Returns whether it was created."""
    return service.seed_rule_set(code, data)


def subject_view(code: str) -> SubjectView:
    """A subject's declared fields (name, type, labels in English and Bangla): the help of an editor where
    conditions are written. NotFound for an undeclared subject; no permission (it reads nothing stored)."""
    return service.subject_view(code)
