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
    QuotationInput,
    QuotationLineInput,
    QuotationLineView,
    QuotationProjectInput,
    QuotationUpdate,
    QuotationView,
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


@dto_type(QuotationLineView, name="CrmQuotationLine")
class QuotationLine:
    pass


@dto_type(QuotationView, name="CrmQuotation", keys=["id"])
class Quotation:
    id: strawberry.ID
    lines: list[QuotationLine]

    @classmethod
    def of(cls, v: QuotationView) -> Quotation:
        return cls(**{**v.model_dump(exclude={"lines"}), "id": strawberry.ID(str(v.id)),  # type: ignore[call-arg]
                      "lines": [QuotationLine.of(ln) for ln in v.lines]})

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Quotation:  # noqa: A002
        return cls.of(service.get_quotation(parse_id(id, "id")))


@dto_input(QuotationLineInput, name="CrmQuotationLineInput")
class QuotationLineIn:
    quantity: str  # a decimal as text (checked by the domain: `lines[i].quantity`)
    rate: str


@dto_input(QuotationInput, name="CrmQuotationInput")
class QuotationIn:
    vat_rate: str | None = None
    lines: list[QuotationLineIn] = strawberry.field(default_factory=list)


@dto_input(QuotationUpdate, name="CrmQuotationUpdate")
class QuotationUpdateIn:
    vat_rate: str | None = None
    lines: list[QuotationLineIn]


@dto_input(QuotationProjectInput, name="CrmQuotationProjectInput")
class QuotationProjectIn:
    pass


@strawberry.type
class CrmQuery:
    @strawberry.field
    def crm_quotations(self, opportunity_id: strawberry.ID | None = None,
                       tender_id: strawberry.ID | None = None) -> list[Quotation]:
        """Every version of the quotations of an opportunity or a tender (name one)."""
        return [Quotation.of(v) for v in service.list_quotations(
            parse_id(opportunity_id, "opportunity_id") if opportunity_id else None,
            parse_id(tender_id, "tender_id") if tender_id else None)]

    @strawberry.field
    def crm_quotation(self, id: strawberry.ID) -> Quotation:  # noqa: A002
        return Quotation.of(service.get_quotation(parse_id(id, "id")))

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

    @strawberry.mutation
    def create_crm_quotation(self, quotation: QuotationIn, idempotency_key: str | None = None) -> Quotation:
        """Version 1, a draft: lines typed, or copied from a project's BOQ (`boqProjectId`)."""
        return Quotation.of(service.create_quotation(quotation.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def update_crm_quotation(self, id: strawberry.ID, quotation: QuotationUpdateIn,  # noqa: A002
                             idempotency_key: str | None = None) -> Quotation:
        return Quotation.of(service.update_quotation(parse_id(id, "id"), quotation.to_model(),
                                                     idempotency_key=idempotency_key))

    @strawberry.mutation
    def send_crm_quotation(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                           idempotency_key: str | None = None) -> Quotation:
        return Quotation.of(service.send_quotation(parse_id(id, "id"), expected_version, idempotency_key=idempotency_key))

    @strawberry.mutation
    def accept_crm_quotation(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                             idempotency_key: str | None = None) -> Quotation:
        """A sent version accepted; its opportunity becomes won."""
        return Quotation.of(service.accept_quotation(parse_id(id, "id"), expected_version,
                                                     idempotency_key=idempotency_key))

    @strawberry.mutation
    def reject_crm_quotation(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                             idempotency_key: str | None = None) -> Quotation:
        return Quotation.of(service.reject_quotation(parse_id(id, "id"), expected_version,
                                                     idempotency_key=idempotency_key))

    @strawberry.mutation
    def revise_crm_quotation(self, id: strawberry.ID, expected_version: int | None = None,  # noqa: A002
                             idempotency_key: str | None = None) -> Quotation:
        """Version n+1 as a draft with the same lines; version n superseded."""
        return Quotation.of(service.revise_quotation(parse_id(id, "id"), expected_version,
                                                     idempotency_key=idempotency_key))


    @strawberry.mutation
    def start_crm_quotation_project(self, id: strawberry.ID, project: QuotationProjectIn,  # noqa: A002
                                    idempotency_key: str | None = None) -> Quotation:
        """An accepted version starts the project (its BOQ the lines) and the client contract (needs
        projects.project.create too)."""
        return Quotation.of(service.start_quotation_project(parse_id(id, "id"), project.to_model(),
                                                            idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=CrmQuery, mutation=CrmMutation, types=(Lead, Opportunity, Tender, Quotation))
