"""The contracts subgraph: contracts with their items, bills and movements; RA bills with their lines; the value
billed on a project (reads: REST and pages write). Types derive from the service's DTOs (schemas.py)."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Connection, PageInfo, Subgraph, dto_type
from vextrus.platform.ids import parse_id

from . import service
from .schemas import ContractItemView, ContractMovementView, ContractView, RaBillLineView, RaBillView


@dto_type(ContractItemView, name="ContractsItem")
class Item:
    id: strawberry.ID


@dto_type(RaBillLineView, name="ContractsBillLine")
class BillLine:
    pass


@dto_type(RaBillView, name="ContractsBill", keys=["id"])
class Bill:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Bill:  # noqa: A002
        return cls.of(service.get_bill(parse_id(id, "id")))


@dto_type(ContractMovementView, name="ContractsMovement")
class Movement:
    id: strawberry.ID


@dto_type(ContractView, name="ContractsContract", keys=["id"])
class Contract:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Contract:  # noqa: A002
        return cls.of(service.get_contract(parse_id(id, "id")))


@strawberry.type
class ContractsQuery:
    @strawberry.field(description="Client contracts of a company (optionally of one project), by code")
    def contracts_contracts(self, company_id: strawberry.ID, project_id: strawberry.ID | None = None,
                            first: int = 50, after: str | None = None) -> Connection[Contract]:
        page = service.list_contracts(parse_id(company_id, "company_id"),
                                      parse_id(project_id, "project_id") if project_id else None, first, after)
        return Connection(nodes=[Contract.of(v) for v in page.items],
                          page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))

    @strawberry.field(description="A client contract with its items, RA bills, advances and releases")
    def contracts_contract(self, id: strawberry.ID) -> Contract:  # noqa: A002
        return Contract.of(service.get_contract(parse_id(id, "id")))

    @strawberry.field(description="An RA bill with its sheet (per item: contract, previous, this, cumulative)")
    def contracts_bill(self, id: strawberry.ID) -> Bill:  # noqa: A002
        return Bill.of(service.get_bill(parse_id(id, "id")))

    @strawberry.field(description="Σ gross value of work of the project's posted RA bills (exact decimal text)")
    def contracts_billed_to_date(self, project_id: strawberry.ID) -> str:
        return str(service.billed_to_date(parse_id(project_id, "project_id")))


SUBGRAPH = Subgraph(query=ContractsQuery, types=(Contract, Bill))
