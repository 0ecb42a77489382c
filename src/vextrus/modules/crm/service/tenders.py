"""The tender register: identified → preparing → submitted (bid price) → opened → won | lost (the winner
and the winner's price), cancelled from any open status. load → guard → pure transition
(domain.change_tender_status) → store → emit → view."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import clock, context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..domain.amounts import amount, text
from ..events import TenderCreated, TenderProjectStarted, TenderResultRecorded, TenderStatusChanged
from ..repository import tender_view
from ..schemas import TenderInput, TenderPage, TenderProjectInput, TenderStatusInput, TenderView
from ..tables import TenderRow
from .common import company, load, running, scoped

VIEW = "crm.tender.view"
MANAGE = "crm.tender.manage"


def _register_tender_files() -> None:
    """Tender documents (the notice, the schedule, the bid, the security) are files attached to the tender:
    seen with crm.tender.view, attached with crm.tender.manage (files' panel and /files/objects/crm.tender/{id})."""
    from vextrus.modules.files import api as files

    files.register_object_type(files.ObjectType("crm.tender", VIEW, MANAGE, "Tender", "দরপত্র"))


_register_tender_files()


@command(MANAGE, scope="crm.create_tender")
def create_tender(uow: UnitOfWork, data: TenderInput) -> TenderView:
    closing = data.closing_at if data.closing_at.tzinfo is not None else data.closing_at.replace(tzinfo=clock.DHAKA)
    row = TenderRow(tenant_id=context.require_tenant(), company_id=company(),
                    procuring_entity=text(data.procuring_entity, "procuring_entity", "The procuring entity", "ক্রয়কারী সংস্থা"),
                    egp_reference=data.egp_reference.strip(), title=text(data.title, "title", "The tender's title", "দরপত্রের শিরোনাম"),
                    closing_at=closing, bid_security_amount=amount(data.bid_security_amount, "bid_security_amount", required=True),
                    bid_security_form=data.bid_security_form,
                    estimated_value=amount(data.estimated_value, "estimated_value"), status="identified")
    uow.session.add(row)
    uow.session.flush()
    uow.emit(TenderCreated(tender_id=row.id, company_id=row.company_id, egp_reference=row.egp_reference,
                           title=row.title, closing_at=row.closing_at))
    return tender_view(row)


@command(MANAGE, scope="crm.change_tender_status")
def change_tender_status(uow: UnitOfWork, tender_id: UUID, data: TenderStatusInput) -> TenderView:
    row = load(uow, TenderRow, tender_id, "tender")
    check_version(row, data.expected_version, f"tender {row.egp_reference or row.title}")
    result = domain.change_tender_status(
        row.status, data.status, bid_price=amount(data.bid_price, "bid_price") or row.bid_price,
        winner_name=data.winner_name, winner_price=amount(data.winner_price, "winner_price"))
    before = row.status
    row.status, row.bid_price = result.to_status, result.bid_price
    if result.to_status in ("won", "lost"):
        row.winner_name, row.winner_price = result.winner_name, result.winner_price
    uow.session.flush()
    if result.to_status in ("won", "lost"):
        uow.emit(TenderResultRecorded(tender_id=row.id, egp_reference=row.egp_reference, result=result.to_status,
                                      bid_price=row.bid_price, winner_name=row.winner_name or "",
                                      winner_price=row.winner_price or 0))
    else:
        uow.emit(TenderStatusChanged(tender_id=row.id, company_id=row.company_id, egp_reference=row.egp_reference,
                                     from_status=before, to_status=row.status, bid_price=row.bid_price))
    return tender_view(row)


@command(MANAGE, scope="crm.start_tender_project")
def start_project(uow: UnitOfWork, tender_id: UUID, data: TenderProjectInput) -> TenderView:
    """A won tender becomes a planned project of the company: its code, the tender's title as its name
    (unless given), the bid price as its contract value, the client party and dates given. The user needs
    `projects.project.create` too (the project is made with their own permissions); the project and the
    tender's link to it commit together, and a tender becomes a project once."""
    row = load(uow, TenderRow, tender_id, "tender", field="tender_id")
    check_version(row, data.expected_version, f"tender {row.egp_reference or row.title}")
    value = domain.check_project_start(row.status, row.project_id, row.bid_price)
    if not running("projects"):
        raise ValidationFailed("crm.projects_not_running", "Projects do not run in this deployment",
                               "এই ব্যবস্থায় প্রকল্প মডিউল চালু নেই", field="tender_id")
    from vextrus.modules.projects import api as projects

    name = (data.name or "").strip() or row.title[:200]
    project = projects.create_project(data.code, name, client_party_id=data.client_party_id, contract_value=value,
                                      start_date=data.start_date, finish_date=data.finish_date)
    row.project_id = project.id
    uow.session.flush()
    uow.emit(TenderProjectStarted(tender_id=row.id, company_id=row.company_id, egp_reference=row.egp_reference,
                                  project_id=project.id, project_code=project.code, contract_value=value))
    return tender_view(row)


@query(VIEW)
def get_tender(uow: UnitOfWork, tender_id: UUID) -> TenderView:
    return tender_view(load(uow, TenderRow, tender_id, "tender"))


@query(VIEW)
def list_tenders(uow: UnitOfWork, first: int = 50, after: str | None = None, status: str | None = None) -> TenderPage:
    stmt = scoped(select(TenderRow), TenderRow)
    if status:
        stmt = stmt.where(TenderRow.status == status)
    page = paginate(uow.session, stmt, TenderRow.id, first=first, after=after)
    return TenderPage(items=[tender_view(r) for r in page.items], end_cursor=page.end_cursor,
                      has_next_page=page.has_next_page)
