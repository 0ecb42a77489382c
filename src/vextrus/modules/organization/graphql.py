"""The organization subgraph: the federated `Company` entity and its structure."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Connection, Subgraph, dto_input, dto_type, to_connection
from vextrus.platform.ids import parse_id

from . import service

# Types and inputs derive from the service's DTOs (schemas.py); tests/platform/test_dto_parity.py holds them together.

@dto_type(service.UnitView)
class OrgUnit:
    id: strawberry.ID
    company_id: strawberry.ID
    parent_id: strawberry.ID | None


@dto_type(service.CompanyView, keys=["id"])
class Company:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Company:  # noqa: A002
        return cls.of(service.get_company(parse_id(id, "id")))

    @strawberry.field
    def units(self) -> list[OrgUnit]:
        """The company's units; none for another company than the active one (company scoping)."""
        cid = parse_id(self.id, "id")
        return [OrgUnit.of(u) for u in service.list_units(cid)] if service.in_scope(cid) else []

    @strawberry.field
    def member_user_ids(self) -> list[strawberry.ID]:
        """The company's members; none for another company than the active one (company scoping)."""
        cid = parse_id(self.id, "id")
        return [strawberry.ID(str(m.user_id)) for m in service.members(cid)] if service.in_scope(cid) else []


@dto_input(service.CompanyInput)
class CompanyInput:
    pass


@strawberry.type
class OrganizationQuery:
    @strawberry.field(description="Companies of the current tenant, oldest first")
    def companies(self, include_inactive: bool = False, first: int = 50,
                  after: str | None = None) -> Connection[Company]:
        return to_connection(service.companies_page(include_inactive, first=first, after=after), Company.of)

    @strawberry.field
    def company(self, id: strawberry.ID) -> Company:  # noqa: A002
        return Company.of(service.get_company(parse_id(id, "id")))


@strawberry.type
class OrganizationMutation:
    @strawberry.mutation
    def create_company(self, input: CompanyInput, idempotency_key: str | None = None) -> Company:
        return Company.of(service.create_company(input.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def update_company(self, id: strawberry.ID, input: CompanyInput, expected_version: int | None = None,  # noqa: A002
                       idempotency_key: str | None = None) -> Company:
        return Company.of(service.update_company(parse_id(id, "id"), input.to_model(), expected_version,
                                                 idempotency_key=idempotency_key))

    @strawberry.mutation
    def add_org_unit(self, company_id: strawberry.ID, kind: str, code: str, name: str,
                     name_bn: str | None = None, parent_id: strawberry.ID | None = None,
                     idempotency_key: str | None = None) -> OrgUnit:
        """kind: head_office, branch, site, department (parent = branch) or cost_centre (parent = department)."""
        cid = parse_id(company_id, "company_id")
        parent = parse_id(parent_id, "parent_id") if parent_id else None
        if kind == "department":
            v = service.add_department(cid, code, name, name_bn, parent, idempotency_key=idempotency_key)
        elif kind == "cost_centre":
            v = service.add_cost_centre(cid, code, name, name_bn, parent, idempotency_key=idempotency_key)
        else:
            v = service.add_branch(cid, code, name, kind, name_bn, idempotency_key=idempotency_key)
        return OrgUnit.of(v)

    @strawberry.mutation
    def add_company_member(self, company_id: strawberry.ID, user_id: strawberry.ID, title: str | None = None,
                           idempotency_key: str | None = None) -> bool:
        service.add_member(parse_id(company_id, "company_id"), parse_id(user_id, "user_id"), title, idempotency_key=idempotency_key)
        return True


SUBGRAPH = Subgraph(query=OrganizationQuery, mutation=OrganizationMutation, types=(Company,))
