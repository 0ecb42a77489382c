"""One declaration per concept (ARCHITECTURE §9, issue 21 item 8): the service's pydantic DTO is the source,
and every one of its fields is present in the GraphQL type and in the REST (OpenAPI) schema that show the
concept. A field added to a DTO but not to an adapter fails here; a field left out on purpose is listed in
OMITTED with the reason.

The drift this caught when it was written: GraphQL `Account` had no `version` though `updateAccount`
takes one, journal lines' party / cost centre / department could be written but not read back, and the
projects' `Project`/`Activity` lacked half their DTO (manager, constraints, actual dates)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from strawberry.utils.str_converters import to_camel_case

# (module, DTO class name, GraphQL type or input name or None, REST schema name or None).
# None: the concept is not shown on that side at all (a GraphQL-only or REST-only concept).
CONCEPTS: list[tuple[str, str, str | None, str | None]] = [
    ("auth", "UserView", "User", "UserView"),
    ("auth", "UserInput", "UserInput", "NewUser"),  # REST creates with NewUser (UserInput + password, company, roles)
    ("auth", "RoleView", "Role", None),
    ("auth", "GrantView", "RoleGrant", None),
    ("auth", "AssignmentView", "RoleAssignment", "AssignmentView"),
    ("configuration", "SettingView", "Setting", "SettingView"),
    ("configuration", "FlagView", "FeatureFlag", "FlagView"),
    ("configuration", "OverrideView", "FlagOverride", "OverrideView"),
    ("configuration", "FlagDecision", "FlagDecision", "FlagDecision"),
    ("finance", "AccountView", "Account", "AccountView"),
    ("finance", "AccountInput", "AccountInput", "AccountInput"),
    ("finance", "EntryView", "JournalEntry", "EntryView"),
    ("finance", "LineView", "JournalLine", "LineView"),
    ("finance", "EntryIn", "JournalEntryInput", "EntryIn"),
    ("finance", "LineIn", "JournalLineInput", "LineIn"),
    ("finance", "RateView", "ExchangeRate", "RateView"),
    ("finance", "RecurringView", "RecurringEntry", "RecurringView"),
    ("organization", "CompanyView", "Company", "CompanyView"),
    ("organization", "CompanyInput", "CompanyInput", "CompanyInput"),
    ("organization", "UnitView", "OrgUnit", "UnitView"),
    ("master_data", "PartyView", "Party", "PartyView"),
    ("master_data", "PartyInput", "PartyInput", "PartyInput"),
    ("master_data", "ItemView", "Item", "ItemView"),
    ("master_data", "ItemInput", "ItemInput", "ItemInput"),
    ("projects", "ProjectView", "Project", "ProjectView"),
    ("projects", "ActivityView", "Activity", "ActivityView"),
    ("projects", "ScheduleSummary", "ScheduleRunResult", "ScheduleSummary"),
    ("projects", "EvmView", "EarnedValue", "EvmView"),
    ("projects", "SCurvePointView", "EarnedValuePoint", "SCurvePointView"),
    ("master_data", "ContactIn", "PartyContact", "ContactIn"),
    ("master_data", "AddressIn", "PartyAddress", "AddressIn"),
    ("master_data", "BankAccountIn", "PartyBankAccount", "BankAccountIn"),
    ("master_data", "WalletIn", "PartyWallet", "WalletIn"),
    ("master_data", "DocumentIn", "PartyDocument", "DocumentIn"),
    ("master_data", "DuplicateWarning", "PartyDuplicateWarning", "DuplicateWarning"),
    ("interchange", "RowProblemView", "InterchangeRowProblem", "RowProblemView"),  # severity: error | warning
    ("hr", "ExpenseClaimView", "HrExpenseClaim", "ExpenseClaimView"),
    ("hr", "ExpenseLineView", "HrExpenseLine", "ExpenseLineView"),
    ("hr", "ExpenseClaimInput", "HrExpenseClaimInput", "ExpenseClaimInput"),
    ("hr", "ExpenseLineInput", "HrExpenseLineInput", "ExpenseLineInput"),
    ("hr", "ExpenseClaimPayInput", "HrExpenseClaimPayInput", "ExpenseClaimPayInput"),
    ("hr", "PaymentAccountView", "HrPaymentAccount", "PaymentAccountView"),
    ("hr", "OfficeDayView", "HrOfficeDay", "OfficeDayView"),
    ("hr", "OfficeEmployeeMonth", "HrOfficeEmployeeMonth", "OfficeEmployeeMonth"),
    ("hr", "OfficeMonthView", "HrOfficeMonth", "OfficeMonthView"),
    ("hr", "OfficeProblemView", "HrOfficeProblem", "OfficeProblemView"),
    ("hr", "OfficeImportView", "HrOfficeImport", "OfficeImportView"),
    ("hr", "ExpenseCategoryView", None, "ExpenseCategoryView"),  # categories are read over REST and on the form only
]

# Deliberate omissions, (module, DTO, side, field) -> why. Keep this short; each line is a decision.
OMITTED: dict[tuple[str, str, str, str], str] = {}

_DTO_MODULES = ("service", "schemas")


def _dto(module: str, name: str) -> Any:
    for part in _DTO_MODULES:  # import DTOs from the service (schemas.py re-exported), else schemas.py itself
        try:
            found = getattr(importlib.import_module(f"vextrus.modules.{module}.{part}"), name, None)
        except ModuleNotFoundError:
            continue
        if found is not None:
            return found
    raise AssertionError(f"{module}: no DTO {name} in service or schemas")


@pytest.fixture(scope="module")
def graphql_types() -> dict[str, set[str]]:
    from graphql import GraphQLInputObjectType, GraphQLObjectType

    from vextrus.gateway import combined_schema

    out = {}
    for name, t in combined_schema()._schema.type_map.items():
        if isinstance(t, GraphQLObjectType | GraphQLInputObjectType):
            out[name] = set(t.fields)
    return out


_OPENAPI: dict[str, Any] = {}


@pytest.fixture
def rest_schemas(db, admin) -> dict[str, Any]:
    """The published OpenAPI components (built once: the document does not depend on the database)."""
    if not _OPENAPI:
        from vextrus.app import create_app

        app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
        _OPENAPI.update(app.openapi()["components"]["schemas"])
    return _OPENAPI


def _rest_fields(schemas: dict[str, Any], name: str) -> set[str] | None:
    for candidate in (name, f"{name}-Output", f"{name}-Input"):
        if candidate in schemas:
            return set(schemas[candidate].get("properties", {}))
    return None


def _missing(module: str, dto: str, side: str, fields: set[str], present: set[str], convert: Any) -> list[str]:
    return [f for f in fields if convert(f) not in present and (module, dto, side, f) not in OMITTED]


ON_GRAPHQL = [c for c in CONCEPTS if c[2] is not None]  # a concept not shown over an API has nothing to compare there
ON_REST = [c for c in CONCEPTS if c[3] is not None]


@pytest.mark.parametrize(("module", "dto", "gql", "rest"), ON_GRAPHQL, ids=[f"{c[0]}.{c[1]}" for c in ON_GRAPHQL])
def test_every_dto_field_is_in_its_graphql_type(graphql_types, module, dto, gql, rest):
    model = _dto(module, dto)
    assert gql in graphql_types, f"GraphQL has no type {gql} for {module}.{dto}"
    missing = _missing(module, dto, "graphql", set(model.model_fields), graphql_types[gql], to_camel_case)
    assert not missing, f"GraphQL {gql} lacks {module}.{dto} fields {sorted(missing)}"


@pytest.mark.parametrize(("module", "dto", "gql", "rest"), ON_REST, ids=[f"{c[0]}.{c[1]}" for c in ON_REST])
def test_every_dto_field_is_in_its_rest_schema(rest_schemas, module, dto, gql, rest):
    model = _dto(module, dto)
    present = _rest_fields(rest_schemas, rest)
    assert present is not None, f"OpenAPI has no schema {rest} for {module}.{dto}"
    missing = _missing(module, dto, "rest", set(model.model_fields), present, lambda f: f)
    assert not missing, f"REST {rest} lacks {module}.{dto} fields {sorted(missing)}"


def test_omissions_name_real_fields():
    """An allow-list entry for a field the DTO no longer has is stale: remove it."""
    for (module, dto, side, field), why in OMITTED.items():
        assert side in ("graphql", "rest") and why
        assert field in _dto(module, dto).model_fields, f"{module}.{dto}.{field} is allowed but does not exist"


def test_derived_types_take_every_field():
    """Types built with platform.graphql.dto_type/dto_input carry the whole DTO: no exclusions slipped in."""
    from vextrus.gateway import combined_schema

    schema = combined_schema()
    checked = 0
    for t in schema.schema_converter.type_map.values():
        definition = getattr(t, "definition", None)
        origin = getattr(definition, "origin", None)
        model = getattr(origin, "_pydantic_type", None)
        if model is None:
            continue
        names = {f.python_name for f in definition.fields}
        assert set(model.model_fields) <= names, f"{definition.name} lacks {set(model.model_fields) - names}"
        checked += 1
    assert checked >= 20
