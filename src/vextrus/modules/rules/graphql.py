"""The rules subgraph: rule sets, subjects, test/explain (types derive from schemas.py)."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from vextrus.platform.graphql import Subgraph

from . import schemas, service


@strawberry.experimental.pydantic.type(model=schemas.OutcomeModel)
class RuleOutcome:
    kind: strawberry.auto
    value: JSON | None
    level: strawberry.auto
    message: strawberry.auto
    message_bn: strawberry.auto


@strawberry.experimental.pydantic.type(model=schemas.RuleModel)
class RuleDef:
    key: strawberry.auto
    name: strawberry.auto
    name_bn: strawberry.auto
    condition: strawberry.auto
    priority: strawberry.auto
    outcome: RuleOutcome


@strawberry.experimental.pydantic.type(model=schemas.VersionSummary, all_fields=True)
class RuleSetVersionSummary:
    pass


@strawberry.experimental.pydantic.type(model=schemas.RuleSetView)
class RuleSetType:
    id: strawberry.auto
    code: strawberry.auto
    subject: strawberry.auto
    name: strawberry.auto
    name_bn: strawberry.auto
    mode: strawberry.auto
    active: strawberry.auto
    current_version: strawberry.auto
    version: strawberry.auto
    rules: list[RuleDef]
    versions: list[RuleSetVersionSummary]


@strawberry.experimental.pydantic.type(model=schemas.FieldView, all_fields=True)
class RuleSubjectField:
    pass


@strawberry.experimental.pydantic.type(model=schemas.SubjectView)
class RuleSubject:
    code: strawberry.auto
    label: strawberry.auto
    label_bn: strawberry.auto
    owner: strawberry.auto
    fields: list[RuleSubjectField]


@strawberry.experimental.pydantic.type(model=schemas.MatchView)
class RuleMatch:
    key: strawberry.auto
    name: strawberry.auto
    name_bn: strawberry.auto
    outcome: RuleOutcome


@strawberry.experimental.pydantic.type(model=schemas.CheckView, all_fields=True)
class RuleCheck:
    pass


@strawberry.experimental.pydantic.type(model=schemas.EvaluationView)
class RuleEvaluation:
    code: strawberry.auto
    rule_set_version: strawberry.auto
    mode: strawberry.auto
    matched: strawberry.auto
    matches: list[RuleMatch]
    blocked: strawberry.auto
    block_message: strawberry.auto
    block_message_bn: strawberry.auto
    approval_level: strawberry.auto
    values: list[JSON]
    checked: list[RuleCheck]


@strawberry.type
class RulesQuery:
    @strawberry.field(description="Rule sets, optionally of one subject")
    def rule_sets(self, subject: str | None = None) -> list[RuleSetType]:
        return [RuleSetType.from_pydantic(v) for v in service.list_rule_sets(subject)]

    @strawberry.field
    def rule_set(self, code: str) -> RuleSetType:
        return RuleSetType.from_pydantic(service.get_rule_set(code))

    @strawberry.field(description="Subjects rules may look at, with their typed fields")
    def rule_subjects(self) -> list[RuleSubject]:
        return [RuleSubject.from_pydantic(v) for v in service.list_subjects()]

    @strawberry.field(description="Run a rule set on sample data and explain which conditions matched")
    def test_rule_set(self, code: str, data: JSON, version: int | None = None) -> RuleEvaluation:
        return RuleEvaluation.from_pydantic(service.test_rule_set(code, data, version))


@strawberry.type
class RulesMutation:
    @strawberry.mutation(description="Create or change a rule set (`input` as the REST body); a change is a new version")
    def save_rule_set(self, code: str, input: JSON, expected_version: int | None = None,
                      idempotency_key: str | None = None) -> RuleSetType:
        data = schemas.RuleSetInput.model_validate(input)
        return RuleSetType.from_pydantic(service.save_rule_set(code, data, expected_version,
                                                               idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=RulesQuery, mutation=RulesMutation)
