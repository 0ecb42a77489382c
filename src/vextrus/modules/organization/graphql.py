"""The organization subgraph: the federated `Company` entity and its structure."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Connection, Subgraph, to_connection
from vextrus.platform.ids import parse_id

from . import service


@strawberry.type
class OrgUnit:
    id: strawberry.ID
    company_id: strawberry.ID
    kind: str
    code: str
    name: str
    name_bn: str | None
    parent_id: strawberry.ID | None

    @classmethod
    def of(cls, v: service.UnitView) -> OrgUnit:
        return cls(id=strawberry.ID(str(v.id)), company_id=strawberry.ID(str(v.company_id)), kind=v.kind,
                   code=v.code, name=v.name, name_bn=v.name_bn,
                   parent_id=strawberry.ID(str(v.parent_id)) if v.parent_id else None)


@strawberry.federation.type(keys=["id"])
class Company:
    id: strawberry.ID
    code: str
    name: str
    name_bn: str | None
    tin: str | None
    bin: str | None
    trade_licence: str | None
    base_currency: str
    fiscal_year_start_month: int
    time_zone: str
    weekend_days: str
    address: str | None
    active: bool
    version: int

    @classmethod
    def of(cls, v: service.CompanyView) -> Company:
        d = v.model_dump()
        d["id"] = strawberry.ID(str(v.id))
        return cls(**d)

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


@strawberry.input
class CompanyInput:
    code: str
    name: str
    name_bn: str | None = None
    tin: str | None = None
    bin: str | None = None
    trade_licence: str | None = None
    base_currency: str = "BDT"
    fiscal_year_start_month: int = 7
    time_zone: str = "Asia/Dhaka"
    weekend_days: str = "Fri"
    address: str | None = None

    def to_model(self) -> service.CompanyInput:
        return service.CompanyInput(**{k: getattr(self, k) for k in service.CompanyInput.model_fields})


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
