"""ORM <-> views of crm (reads in bulk live here too)."""

from __future__ import annotations

from datetime import datetime

from .domain import is_overdue
from .schemas import CrmActivityView, LeadView, OpportunityView, TenderView
from .tables import ActivityRow, LeadRow, OpportunityRow, TenderRow


def lead_view(row: LeadRow) -> LeadView:
    return LeadView(id=row.id, name=row.name, mobile=row.mobile, email=row.email, nid=row.nid, source=row.source,  # type: ignore[arg-type]
                    project_id=row.project_id, unit_type=row.unit_type, budget=row.budget, area_sft=row.area_sft,  # type: ignore[arg-type]
                    salesperson_id=row.salesperson_id, note=row.note or "", status=row.status, party_id=row.party_id,
                    version=row.version, created_at=row.created_at)


def opportunity_view(row: OpportunityRow) -> OpportunityView:
    return OpportunityView(id=row.id, title=row.title, lead_id=row.lead_id, party_id=row.party_id,
                           expected_value=row.expected_value, expected_close=row.expected_close,
                           salesperson_id=row.salesperson_id, stage=row.stage, lost_reason=row.lost_reason,
                           version=row.version)


def activity_view(row: ActivityRow, now: datetime) -> CrmActivityView:
    return CrmActivityView(id=row.id, opportunity_id=row.opportunity_id, kind=row.kind, subject=row.subject,  # type: ignore[arg-type]
                        due_at=row.due_at, done=row.done, overdue=is_overdue(row.due_at, row.done, now))


def tender_view(row: TenderRow) -> TenderView:
    return TenderView(id=row.id, procuring_entity=row.procuring_entity, egp_reference=row.egp_reference,
                      title=row.title, closing_at=row.closing_at, bid_security_amount=row.bid_security_amount,
                      bid_security_form=row.bid_security_form, estimated_value=row.estimated_value,  # type: ignore[arg-type]
                      status=row.status, bid_price=row.bid_price, winner_name=row.winner_name,
                      winner_price=row.winner_price, project_id=row.project_id, version=row.version)
