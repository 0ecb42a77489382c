"""Purchase requisitions: create (draft) → submit → approve | reject; cancel before approval. Approval is a plain
command with its own permission (`procurement.requisition.approve`), or, when the active requisition workflow
says the requisition needs approval, that workflow's approval (`approvals_requisition.py`, docs/procurement.md)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import approvals_requisition as approvals
from .. import domain
from ..events import RequisitionChanged
from ..repository import requisition_lines, requisition_view
from ..schemas import RequisitionInput, RequisitionPage, RequisitionView
from ..tables import RequisitionLineRow, RequisitionRow
from .common import check_company, check_store, item, next_number
from .scope import requisition_reached, requisitions_in_reach


@command("procurement.requisition.create", scope="procurement.create_requisition")
def create_requisition(uow: UnitOfWork, data: RequisitionInput) -> RequisitionView:
    check_company(data.company_id)
    lines = domain.check_requisition_lines(
        [domain.ReqLine(ln.item_id, ln.quantity, ln.needed_by, ln.boq_line.strip()) for ln in data.lines],
        data.requested_on)
    store = check_store(data.store_id, data.company_id)
    # a role assigned for some projects requisitions for them only: the project named, else the store's (403)
    if data.project_id is not None:
        context.require_scope_to_create(data.project_id, "project_id")
    else:
        context.require_scope_to_create(store.project_id, "store_id")
    items = [item(ln.item_id, f"lines[{i}].item_id") for i, ln in enumerate(lines)]
    tenant = context.require_tenant()
    row = RequisitionRow(tenant_id=tenant, company_id=data.company_id,
                         number=next_number(uow, RequisitionRow, data.company_id, "PR"), store_id=data.store_id,
                         project_id=data.project_id, activity_code=(data.activity_code or "").strip() or None,
                         requested_on=data.requested_on, status="draft", reason="", note=data.note.strip())
    uow.session.add(row)
    uow.session.flush()
    uow.session.add_all(RequisitionLineRow(tenant_id=tenant, requisition_id=row.id, line_no=i + 1, item_id=it.id,
                                           item_code=it.code, item_name=it.name, unit=it.unit, quantity=ln.quantity,
                                           needed_by=ln.needed_by, boq_line=ln.boq_line)
                        for i, (ln, it) in enumerate(zip(lines, items, strict=True)))
    uow.session.flush()
    uow.emit(RequisitionChanged(requisition_id=row.id, company_id=row.company_id, number=row.number, status=row.status))
    return _view(uow, row)


def _transition(uow: UnitOfWork, requisition_id: UUID, action: str, reason: str,
                expected_version: int | None) -> RequisitionView:
    row = load_requisition(uow, requisition_id)
    check_version(row, expected_version, f"requisition {row.number}")
    domain.requisition_transition(row.status, action, reason)
    if action in ("approve", "reject"):
        approvals.check_may_approve(uow, row)  # the workflow's approval decides it when it has a step
    return _move(uow, row, action, reason)


def _move(uow: UnitOfWork, row: RequisitionRow, action: str, reason: str) -> RequisitionView:
    row.status = domain.requisition_transition(row.status, action, reason)
    row.reason = reason.strip() if action in ("reject", "cancel", "return") else ""
    uow.session.flush()
    uow.emit(RequisitionChanged(requisition_id=row.id, company_id=row.company_id, number=row.number, status=row.status))
    return _view(uow, row)


@command("procurement.requisition.create", scope="procurement.submit_requisition")
def submit_requisition(uow: UnitOfWork, requisition_id: UUID, expected_version: int | None = None) -> RequisitionView:
    return _transition(uow, requisition_id, "submit", "", expected_version)


@command("procurement.requisition.approve", scope="procurement.approve_requisition")
def approve_requisition(uow: UnitOfWork, requisition_id: UUID, expected_version: int | None = None) -> RequisitionView:
    return _transition(uow, requisition_id, "approve", "", expected_version)


@command("procurement.requisition.approve", scope="procurement.reject_requisition")
def reject_requisition(uow: UnitOfWork, requisition_id: UUID, reason: str,
                       expected_version: int | None = None) -> RequisitionView:
    return _transition(uow, requisition_id, "reject", reason, expected_version)


@command("procurement.requisition.create", scope="procurement.cancel_requisition")
def cancel_requisition(uow: UnitOfWork, requisition_id: UUID, reason: str,
                       expected_version: int | None = None) -> RequisitionView:
    """A requisition not yet approved is cancelled with a reason; its waiting approval is withdrawn with it."""
    from ..approval_withdrawal import withdraw_for_cancelled

    view = _transition(uow, requisition_id, "cancel", reason, expected_version)
    withdraw_for_cancelled(view.id, reason.strip(), approvals.SUBJECT)
    return view


@command("procurement.requisition.approve", scope="procurement.approve_requisition_after_workflow")
def approve_after_workflow(uow: UnitOfWork, requisition_id: UUID, instance_id: UUID) -> RequisitionView | None:
    """Procurement's reaction to an approved approval (as the module for the submitter): a requisition still
    waiting (submitted) is approved; else nothing (a second delivery, a cancelled requisition)."""
    row = uow.session.get(RequisitionRow, requisition_id)
    if row is None or row.status != "submitted":
        return None
    return _move(uow, row, "approve", "")


@command("procurement.requisition.approve", scope="procurement.return_requisition_after_workflow")
def return_after_workflow(uow: UnitOfWork, requisition_id: UUID, instance_id: UUID,
                          comment: str) -> RequisitionView | None:
    """Procurement's reaction to a rejected or withdrawn approval (as the module): a requisition still waiting
    on that approval goes back to draft, the comment kept as its reason; else nothing."""
    row = uow.session.get(RequisitionRow, requisition_id)
    if row is None or row.status != "submitted":
        return None
    last = approvals.latest(row.id)
    if last is not None and last.id != instance_id:
        return None  # submitted again since: the newer approval decides
    return _move(uow, row, "return", comment[:500])


@query("procurement.requisition.view")
def requisition_needs_approval(uow: UnitOfWork, requisition_id: UUID) -> bool:
    """Whether the requisition workflow says this requisition needs approval (its page offers the submit)."""
    return approvals.needs_approval(uow, load_requisition(uow, requisition_id))


@query("procurement.requisition.view")
def list_requisitions(uow: UnitOfWork, company_id: UUID, first: int = 50, after: str | None = None,
                      status: str | None = None) -> RequisitionPage:
    context.require_company(company_id, "company", company_id, field="company_id")
    q = requisitions_in_reach(select(RequisitionRow).where(RequisitionRow.company_id == company_id), company_id)
    if status:
        q = q.where(RequisitionRow.status == status)
    page = paginate(uow.session, q, RequisitionRow.number, first=first, after=after)
    lines = requisition_lines(uow.session, [r.id for r in page.items])
    return RequisitionPage(items=[requisition_view(r, lines[r.id]) for r in page.items], end_cursor=page.end_cursor,
                           has_next_page=page.has_next_page)


@query("procurement.requisition.view")
def get_requisition(uow: UnitOfWork, requisition_id: UUID) -> RequisitionView:
    return _view(uow, load_requisition(uow, requisition_id))


def load_requisition(uow: UnitOfWork, requisition_id: UUID, field: str | None = None) -> RequisitionRow:
    row = uow.session.get(RequisitionRow, requisition_id)
    if row is None:
        raise domain.Missing("requisition", "অধিযাচন", requisition_id, field)
    context.require_company(row.company_id, "requisition", requisition_id)
    if not requisition_reached(row):  # another project's: not even said to exist
        raise domain.Missing("requisition", "অধিযাচন", requisition_id, field)
    return row


def _view(uow: UnitOfWork, row: RequisitionRow) -> RequisitionView:
    return requisition_view(row, requisition_lines(uow.session, [row.id])[row.id])
