"""The crm subgraph: leads, opportunities and tenders (connections), the pipeline board, and mutations to
register a lead, convert it, open an opportunity, move its stage and record a tender's status. Types derive
from the service's DTOs (`dto_type`, `dto_input`)."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from vextrus.platform.graphql import Connection, Subgraph, dto_input, dto_type, to_connection
from vextrus.platform.ids import parse_id

from . import service
from .schemas import (
    BoardColumn,
    LeadInput,
    LeadView,
    OpportunityInput,
    OpportunityView,
    TenderInput,
    TenderProjectInput,
    TenderStatusInput,
    TenderView,
)


@dto_type(LeadView, name="CrmLead", keys=["id"])
class Lead:
    id: strawberry.ID
    source: str
    unit_type: str | None

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Lead:  # noqa: A002
        return cls.of(service.get_lead(parse_id(id, "id")))


@dto_type(OpportunityView, name="CrmOpportunity", keys=["id"])
class Opportunity:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Opportunity:  # noqa: A002
        return cls.of(service.get_opportunity(parse_id(id, "id")))


@dto_type(TenderView, name="CrmTender", keys=["id"])
class Tender:
    id: strawberry.ID
    bid_security_form: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Tender:  # noqa: A002
        return cls.of(service.get_tender(parse_id(id, "id")))


@dto_type(BoardColumn, name="CrmBoardColumn")
class Column:
    cards: list[Opportunity]

    @classmethod
    def of(cls, c: BoardColumn) -> Column:
        return cls(stage=c.stage, count=c.count, total=c.total, cards=[Opportunity.of(o) for o in c.cards])  # type: ignore[call-arg]


@strawberry.type(name="CrmPipelineBoard")
class Board:
    columns: list[Column]
    total_open: Decimal


@dto_input(LeadInput, name="CrmLeadInput")
class LeadIn:
    source: str = "walk_in"
    unit_type: str | None = None


@dto_input(OpportunityInput, name="CrmOpportunityInput")
class OpportunityIn:
    pass


@dto_input(TenderInput, name="CrmTenderInput")
class TenderIn:
    bid_security_form: str = "pay_order"


@dto_input(TenderStatusInput, name="CrmTenderStatusInput")
class TenderStatusIn:
    pass


@dto_input(TenderProjectInput, name="CrmTenderProjectInput")
class TenderProjectIn:
    pass


@strawberry.type
class CrmQuery:
    @strawberry.field
    def crm_leads(self, first: int = 50, after: str | None = None, status: str | None = None) -> Connection[Lead]:
        return to_connection(service.list_leads(first, after, status), Lead.of)

    @strawberry.field
    def crm_opportunities(self, first: int = 50, after: str | None = None,
                          stage: str | None = None) -> Connection[Opportunity]:
        return to_connection(service.list_opportunities(first, after, stage), Opportunity.of)

    @strawberry.field
    def crm_tenders(self, first: int = 50, after: str | None = None, status: str | None = None) -> Connection[Tender]:
        return to_connection(service.list_tenders(first, after, status), Tender.of)

    @strawberry.field
    def crm_pipeline(self, per_stage: int = 30) -> Board:
        b = service.pipeline_board(per_stage)
        return Board(columns=[Column.of(c) for c in b.columns], total_open=b.total_open)


@strawberry.type
class CrmMutation:
    @strawberry.mutation
    def create_crm_lead(self, lead: LeadIn, confirm_duplicate: bool = False,
                        idempotency_key: str | None = None) -> Lead:
        return Lead.of(service.create_lead(lead.to_model(), confirm_duplicate, idempotency_key=idempotency_key))

    @strawberry.mutation
    def convert_crm_lead(self, id: strawberry.ID, party_id: strawberry.ID | None = None,  # noqa: A002
                         expected_version: int | None = None, idempotency_key: str | None = None) -> Lead:
        return Lead.of(service.convert_lead(parse_id(id, "id"), parse_id(party_id, "party_id") if party_id else None,
                                            expected_version, idempotency_key=idempotency_key))

    @strawberry.mutation
    def create_crm_opportunity(self, opportunity: OpportunityIn, idempotency_key: str | None = None) -> Opportunity:
        return Opportunity.of(service.create_opportunity(opportunity.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def change_crm_opportunity_stage(self, id: strawberry.ID, stage: str, lost_reason: str | None = None,  # noqa: A002
                                     expected_version: int | None = None,
                                     idempotency_key: str | None = None) -> Opportunity:
        return Opportunity.of(service.change_stage(parse_id(id, "id"), stage, lost_reason, expected_version,
                                                   idempotency_key=idempotency_key))

    @strawberry.mutation
    def create_crm_tender(self, tender: TenderIn, idempotency_key: str | None = None) -> Tender:
        return Tender.of(service.create_tender(tender.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def change_crm_tender_status(self, id: strawberry.ID, change: TenderStatusIn,  # noqa: A002
                                 idempotency_key: str | None = None) -> Tender:
        return Tender.of(service.change_tender_status(parse_id(id, "id"), change.to_model(),
                                                      idempotency_key=idempotency_key))

    @strawberry.mutation
    def start_crm_tender_project(self, id: strawberry.ID, project: TenderProjectIn,  # noqa: A002
                                 idempotency_key: str | None = None) -> Tender:
        """A won tender becomes a project (needs projects.project.create too)."""
        return Tender.of(service.start_project(parse_id(id, "id"), project.to_model(), idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=CrmQuery, mutation=CrmMutation, types=(Lead, Opportunity, Tender))
