"""Events crm publishes (its public contract, with api.py)."""

from __future__ import annotations

from datetime import datetime
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


class QuotationCreated(Event):
    """A quotation's version made: a new quotation (revision 1) or a revision of a sent one."""

    name = "crm.quotation.created"
    quotation_id: UUID
    number: str
    revision: int
    company_id: UUID | None = None
    party_id: UUID
    opportunity_id: UUID | None = None
    tender_id: UUID | None = None
    total: Decimal


class QuotationUpdated(Event):
    """A draft's lines or terms changed (the totals before and after)."""

    name = "crm.quotation.updated"
    quotation_id: UUID
    number: str
    revision: int
    company_id: UUID | None = None
    lines: int
    total_before: Decimal
    total_after: Decimal


class QuotationStatusChanged(Event):
    """sent, accepted, rejected, superseded by a revision, or expired (the nightly job)."""

    name = "crm.quotation.status_changed"
    quotation_id: UUID
    number: str
    revision: int
    company_id: UUID | None = None
    from_status: str
    to_status: str
    total: Decimal


class QuotationProjectStarted(Event):
    """An accepted quotation started the project (with its BOQ) and the client contract."""

    name = "crm.quotation.project_started"
    quotation_id: UUID
    number: str
    revision: int
    company_id: UUID | None = None
    project_id: UUID
    project_code: str
    contract_id: UUID
    contract_value: Decimal


class TenderCreated(Event):
    name = "crm.tender.created"
    tender_id: UUID
    company_id: UUID | None = None
    egp_reference: str
    title: str
    closing_at: datetime


class TenderStatusChanged(Event):
    """A move on the tender register before its result (preparing, submitted, opened, cancelled)."""

    name = "crm.tender.status_changed"
    tender_id: UUID
    company_id: UUID | None = None
    egp_reference: str
    from_status: str
    to_status: str
    bid_price: Decimal | None = None


class TenderProjectStarted(Event):
    name = "crm.tender.project_started"
    tender_id: UUID
    company_id: UUID | None = None
    egp_reference: str
    project_id: UUID
    project_code: str
    contract_value: Decimal


class ActivityDueSoon(Event):
    """An open activity (call, site visit, meeting) falls due within the reminder window: to its opportunity's
    salesperson, once per due time."""

    name = "crm.activity.due_soon"
    activity_id: UUID
    opportunity_id: UUID
    opportunity_title: str
    company_id: UUID | None = None
    salesperson_id: UUID
    kind: str
    subject: str
    due_at: datetime
