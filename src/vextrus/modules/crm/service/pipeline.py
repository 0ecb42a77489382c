"""Opportunities through the pipeline (new → contacted → site visit → negotiation → won | lost), their
activities (call, site visit, meeting, note) with a due time, and the pipeline board.
load → guard → pure transition (domain.change_stage) → store → emit → view."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, or_, select

from vextrus.platform import clock, context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.money import Money
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..domain.amounts import amount, text
from ..events import ActivityDueSoon, OpportunityStageChanged
from ..repository import activity_view, opportunity_view
from ..schemas import (
    BoardColumn,
    CrmActivityInput,
    CrmActivityView,
    OpportunityInput,
    OpportunityPage,
    OpportunityView,
    PipelineBoard,
)
from ..tables import ActivityRow, LeadRow, OpportunityRow
from .common import check_salesperson, company, load, scoped

VIEW = "crm.lead.view"
MANAGE = "crm.opportunity.manage"


@command(MANAGE, scope="crm.create_opportunity")
def create_opportunity(uow: UnitOfWork, data: OpportunityInput) -> OpportunityView:
    """A new opportunity at stage `new`, for a lead (its party and salesperson follow) or a party."""
    title = text(data.title, "title", "The opportunity's title", "সুযোগের শিরোনাম")
    value = amount(data.expected_value, "expected_value", required=True)
    party_id, salesperson = data.party_id, data.salesperson_id
    if data.lead_id is not None:
        lead = load(uow, LeadRow, data.lead_id, "lead", field="lead_id")
        party_id = party_id or lead.party_id
        salesperson = salesperson or lead.salesperson_id
    elif party_id is None:
        raise ValidationFailed("crm.opportunity_for_missing", "An opportunity is for a lead or a party",
                               "সুযোগটি কোনো লিড বা পার্টির জন্য হতে হবে", field="lead_id")
    else:
        from vextrus.modules.master_data import api as master_data

        from .. import MODULE

        with context.calling_as(MODULE):
            master_data.get_party(party_id)  # NotFound when there is no such party
    check_salesperson(salesperson)
    row = OpportunityRow(tenant_id=context.require_tenant(), company_id=company(), title=title, lead_id=data.lead_id,
                         party_id=party_id, stage="new", expected_value=value, expected_close=data.expected_close,
                         salesperson_id=salesperson)
    uow.session.add(row)
    uow.session.flush()
    return opportunity_view(row)


@command(MANAGE, scope="crm.change_stage")
def change_stage(uow: UnitOfWork, opportunity_id: UUID, stage: str, lost_reason: str | None = None,
                 expected_version: int | None = None) -> OpportunityView:
    row = load(uow, OpportunityRow, opportunity_id, "opportunity")
    check_version(row, expected_version, f"opportunity {row.title}")
    change = domain.change_stage(row.stage, stage, lost_reason)
    row.stage, row.lost_reason = change.to_stage, change.lost_reason
    uow.session.flush()
    uow.emit(OpportunityStageChanged(opportunity_id=row.id, from_stage=change.from_stage, to_stage=change.to_stage,
                                     lost_reason=change.lost_reason, expected_value=row.expected_value))
    return opportunity_view(row)


@query(VIEW)
def get_opportunity(uow: UnitOfWork, opportunity_id: UUID) -> OpportunityView:
    return opportunity_view(load(uow, OpportunityRow, opportunity_id, "opportunity"))


@query(VIEW)
def list_opportunities(uow: UnitOfWork, first: int = 50, after: str | None = None,
                       stage: str | None = None) -> OpportunityPage:
    stmt = scoped(select(OpportunityRow), OpportunityRow)
    if stage:
        stmt = stmt.where(OpportunityRow.stage == stage)
    page = paginate(uow.session, stmt, OpportunityRow.id, first=first, after=after)
    return OpportunityPage(items=[opportunity_view(r) for r in page.items], end_cursor=page.end_cursor,
                           has_next_page=page.has_next_page)


@query(VIEW)
def pipeline_board(uow: UnitOfWork, per_stage: int = 30) -> PipelineBoard:
    """Columns by stage: the count and total expected value of every opportunity at that stage (one grouped
    query) and the `per_stage` closing soonest as cards (one query per stage, on the stage index)."""
    if not 1 <= per_stage <= 200:
        raise ValidationFailed("page_size", "per_stage must be between 1 and 200", "per_stage ১ থেকে ২০০ এর মধ্যে হতে হবে",
                               field="per_stage")
    grouped = scoped(select(OpportunityRow.stage, func.count(), func.sum(OpportunityRow.expected_value))
                     .group_by(OpportunityRow.stage), OpportunityRow)
    counts: dict[str, tuple[int, Decimal]] = {s: (n, total or Decimal(0)) for s, n, total in uow.session.execute(grouped)}
    totals = domain.board_totals((s, t) for s, (_n, t) in counts.items() if s in domain.STAGES)
    columns = []
    for stage in domain.STAGES:
        cards_stmt = scoped(select(OpportunityRow).where(OpportunityRow.stage == stage), OpportunityRow)
        cards = uow.session.execute(cards_stmt.order_by(OpportunityRow.expected_close.is_(None),
                                                        OpportunityRow.expected_close, OpportunityRow.id)
                                    .limit(per_stage)).scalars().all() if stage in counts else []
        columns.append(BoardColumn(stage=stage, count=counts.get(stage, (0, Decimal(0)))[0],
                                   total=totals[stage].amount, cards=[opportunity_view(r) for r in cards]))
    open_total = sum((totals[s] for s in domain.OPEN_STAGES), Money.zero())
    return PipelineBoard(columns=columns, total_open=open_total.amount)


# ---- activities --------------------------------------------------------------------------------

@command(MANAGE, scope="crm.add_activity")
def add_activity(uow: UnitOfWork, opportunity_id: UUID, data: CrmActivityInput) -> CrmActivityView:
    opp = load(uow, OpportunityRow, opportunity_id, "opportunity", field="opportunity_id")
    subject = text(data.subject, "subject", "The activity's subject", "কার্যক্রমের বিষয়")
    due = data.due_at if data.due_at.tzinfo is not None else data.due_at.replace(tzinfo=clock.DHAKA)
    row = ActivityRow(tenant_id=context.require_tenant(), opportunity_id=opp.id, kind=data.kind, subject=subject,
                      due_at=due, done=False)
    uow.session.add(row)
    uow.session.flush()
    return activity_view(row, clock.now())


@command(MANAGE, scope="crm.complete_activity")
def complete_activity(uow: UnitOfWork, activity_id: UUID) -> CrmActivityView:
    row = load(uow, ActivityRow, activity_id, "activity")
    load(uow, OpportunityRow, row.opportunity_id, "opportunity")  # the company's wall
    row.done = True
    uow.session.flush()
    return activity_view(row, clock.now())


@query(VIEW)
def get_activity(uow: UnitOfWork, activity_id: UUID) -> CrmActivityView:
    row = load(uow, ActivityRow, activity_id, "activity")
    load(uow, OpportunityRow, row.opportunity_id, "opportunity")  # the company's wall
    return activity_view(row, clock.now())


@query(VIEW)
def activities_of(uow: UnitOfWork, opportunity_id: UUID) -> list[CrmActivityView]:
    load(uow, OpportunityRow, opportunity_id, "opportunity")
    now = clock.now()
    rows = uow.session.execute(select(ActivityRow).where(ActivityRow.opportunity_id == opportunity_id)
                               .order_by(ActivityRow.due_at)).scalars()
    return [activity_view(r, now) for r in rows]


REMIND_AHEAD = timedelta(hours=2)  # the hourly job announces what falls due before its next turn and the one after
REMIND_BATCH = 2_000


@command(MANAGE, scope="crm.remind_activities")
def remind_activities(uow: UnitOfWork, now: datetime | None = None) -> list[UUID]:
    """Emit `crm.activity.due_soon` (notifications tells the opportunity's salesperson) for each open activity of
    an open opportunity with a salesperson, due after `now` and within `REMIND_AHEAD`, not yet announced for that
    due time; a moved activity is announced again, a done one never. In the active company, or every company of
    the tenant for the job (system). Returns the activities announced."""
    at = now or clock.now()
    stmt = scoped(select(ActivityRow, OpportunityRow).join(OpportunityRow, OpportunityRow.id == ActivityRow.opportunity_id)
                  .where(ActivityRow.done.is_(False), ActivityRow.due_at > at, ActivityRow.due_at <= at + REMIND_AHEAD,
                         or_(ActivityRow.reminded_for.is_(None), ActivityRow.reminded_for != ActivityRow.due_at),
                         OpportunityRow.stage.in_(domain.OPEN_STAGES), OpportunityRow.salesperson_id.is_not(None)),
                  OpportunityRow)
    announced = []
    for act, opp in uow.session.execute(stmt.order_by(ActivityRow.due_at).limit(REMIND_BATCH)).all():
        act.reminded_for = act.due_at
        uow.emit(ActivityDueSoon(activity_id=act.id, opportunity_id=opp.id, opportunity_title=opp.title,
                                 company_id=opp.company_id, salesperson_id=opp.salesperson_id, kind=act.kind,
                                 subject=act.subject, due_at=act.due_at))
        announced.append(act.id)
    uow.session.flush()
    return announced


@query(VIEW)
def overdue_activities(uow: UnitOfWork, now: datetime | None = None, limit: int = 200) -> list[CrmActivityView]:
    """Activities not done whose due time has passed, oldest first (of open opportunities of the company)."""
    at = now or clock.now()
    stmt = scoped(select(ActivityRow).join(OpportunityRow, OpportunityRow.id == ActivityRow.opportunity_id)
                  .where(ActivityRow.done.is_(False), ActivityRow.due_at < at,
                         OpportunityRow.stage.in_(domain.OPEN_STAGES)), OpportunityRow)
    rows = uow.session.execute(stmt.order_by(ActivityRow.due_at).limit(limit)).scalars()
    return [activity_view(r, at) for r in rows]
