"""Events crm publishes (its public contract, with api.py)."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from vextrus.platform.events import Event


class LeadCreated(Event):
    name = "crm.lead.created"
    lead_id: UUID
    lead_name: str
    source: str
    salesperson_id: UUID | None = None
    duplicate_confirmed: bool = False  # created although it matched an existing lead or party


class LeadConverted(Event):
    name = "crm.lead.converted"
    lead_id: UUID
    party_id: UUID
    party_code: str


class OpportunityStageChanged(Event):
    name = "crm.opportunity.stage_changed"
    opportunity_id: UUID
    from_stage: str
    to_stage: str
    lost_reason: str | None = None
    expected_value: Decimal


class TenderResultRecorded(Event):
    name = "crm.tender.result_recorded"
    tender_id: UUID
    egp_reference: str
    result: str  # won | lost
    bid_price: Decimal | None = None
    winner_name: str
    winner_price: Decimal
