"""Purchase orders: one per vendor from the CS selection; approval (within the approver's amount limit when
auth is present: roles carry `procurement.purchase_order.approve` with a cap; through the purchase order
workflow when it says the order needs approval, see `approvals.py`); revisions keep the earlier lines as
history and send the order back for approval; cancellation while nothing was received."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import delete, select

from vextrus.platform import context, runtime
from vextrus.platform.errors import DomainError, PermissionDenied
from vextrus.platform.i18n import format_number
from vextrus.platform.money import ZERO
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import approvals, domain
from ..events import OrderApprovalRejected, OrderChanged
from ..repository import domain_lines, order_lines, order_view, requisition_lines, rfq_vendors
from ..schemas import OrderPage, OrderRevisionInput, OrderView
from ..tables import OrderLineRow, OrderRevisionRow, OrderRow, QuotationRow, SelectionRow
from .common import item, next_number
from .requisitions import load_requisition
from .scope import order_reached, orders_in_reach
from .sourcing import load_rfq

APPROVE = "procurement.purchase_order.approve"


def _emit(uow: UnitOfWork, row: OrderRow) -> None:
    uow.emit(OrderChanged(order_id=row.id, company_id=row.company_id, number=row.number, party_id=row.party_id,
                          status=row.status, revision=row.revision, total=row.total))


@command("procurement.purchase_order.create", scope="procurement.create_orders")
def create_orders(uow: UnitOfWork, rfq_id: UUID, order_date: date) -> list[OrderView]:
    """One draft order per selected vendor, with the requisition's quantities at the vendor's quoted rates."""
    s = uow.session
    rfq = load_rfq(uow, rfq_id, "rfq_id")
    if rfq.status != "selected":
        raise domain.bad("rfq_not_selected", f"{rfq.number} has no selection to order from ({rfq.status})",
                         f"{rfq.number}-এ ক্রয়াদেশের জন্য বাছাই নেই", field="rfq_id", status=rfq.status)
    req = load_requisition(uow, rfq.requisition_id)
    qty = {ln.item_id: ln for ln in requisition_lines(s, [req.id])[req.id]}
    rates = {(q.party_id, q.item_id): q.rate for q in s.scalars(select(QuotationRow).where(QuotationRow.rfq_id == rfq.id))}
    names = {v.party_id: v.party_name for v in rfq_vendors(s, rfq.id)}
    names_bn = {v.party_id: v.party_name_bn for v in rfq_vendors(s, rfq.id)}
    by_vendor: dict[UUID, list[SelectionRow]] = {}
    for sel in s.scalars(select(SelectionRow).where(SelectionRow.rfq_id == rfq.id)):
        by_vendor.setdefault(sel.party_id, []).append(sel)
    tenant = context.require_tenant()
    out = []
    for party_id in sorted(by_vendor, key=lambda p: names.get(p, "")):
        sels = sorted(by_vendor[party_id], key=lambda x: qty[x.item_id].line_no)
        lines = [domain.OrderLine(x.item_id, qty[x.item_id].quantity, rates[(party_id, x.item_id)]) for x in sels]
        row = OrderRow(tenant_id=tenant, company_id=rfq.company_id, rfq_id=rfq.id,
                       number=next_number(uow, OrderRow, rfq.company_id, "PO"), party_id=party_id,
                       party_name=names.get(party_id, ""), party_name_bn=names_bn.get(party_id, ""), store_id=req.store_id, order_date=order_date,
                       status="draft", revision=0, total=domain.order_total(lines), reason="")
        s.add(row)
        s.flush()
        s.add_all(OrderLineRow(tenant_id=tenant, order_id=row.id, line_no=i + 1, item_id=ln.item_id,
                               item_code=qty[ln.item_id].item_code, item_name=qty[ln.item_id].item_name,
                               quantity=ln.quantity, rate=ln.rate, amount=ln.amount, accepted=ln.accepted,
                               billed=ln.billed) for i, ln in enumerate(lines))
        s.flush()
        _emit(uow, row)
        out.append(order_view(s, row))
    rfq.status = "ordered"
    s.flush()
    return out


def check_amount_limit(row: OrderRow) -> None:
    """The approver's limit for orders (auth's grant cap), when auth runs and knows the user."""
    ctx = context.current()
    if ctx.system or ctx.user_id is None or "auth" not in runtime.current().registry.names:
        return
    from vextrus.modules.auth import api as auth

    try:
        limit = auth.amount_limit(ctx.user_id, APPROVE, row.company_id)
    except PermissionDenied:
        return  # not a user auth keeps (an API key's or a test's made-up one): the permission check stands
    if limit is not None and row.total > limit:
        raise domain.bad("over_approval_limit", f"{row.number}'s total {row.total} is above your limit {limit}",
                         f"{row.number}-এর মোট {format_number(row.total, 2, 'bn')} আপনার সীমা {format_number(limit, 2, 'bn')}-এর বেশি", field="total",
                         limit=limit, total=row.total)


def _approve(uow: UnitOfWork, row: OrderRow) -> OrderView:
    domain.order_transition(row.status, "approve")
    lines = domain_lines(order_lines(uow.session, row.id))
    row.status = domain.order_status_after_receipt(lines)
    uow.session.flush()
    _emit(uow, row)
    return order_view(uow.session, row)


@command(APPROVE, scope="procurement.approve_order")
def approve_order(uow: UnitOfWork, order_id: UUID, expected_version: int | None = None) -> OrderView:
    """The plain approve: refused when the purchase order workflow says the order needs approval
    (`approval_required`: submit it instead); else within the approver's amount limit."""
    row = load_order(uow, order_id)
    check_version(row, expected_version, f"order {row.number}")
    domain.order_transition(row.status, "approve")
    approvals.check_may_approve(uow, row)
    check_amount_limit(row)
    return _approve(uow, row)


@command(APPROVE, scope="procurement.approve_after_workflow")
def approve_after_workflow(uow: UnitOfWork, order_id: UUID, revision: int) -> OrderView | None:
    """Procurement's reaction to an approved approval (run as the module for the submitter): the order is
    approved if it is still the draft of the revision that was submitted; else nothing (a second delivery,
    a cancelled order, an approval of lines since revised)."""
    row = uow.session.get(OrderRow, order_id)
    if row is None or row.status != "draft" or row.revision != revision:
        return None
    return _approve(uow, row)


@command(APPROVE, scope="procurement.approval_rejected")
def approval_rejected(uow: UnitOfWork, order_id: UUID, revision: int, instance_id: UUID, reason: str) -> None:
    """Procurement's reaction to a rejected approval (as the module): the order stays a draft; the rejection
    is announced (`procurement.purchase_order.approval_rejected`) for the revision that was submitted."""
    row = uow.session.get(OrderRow, order_id)
    if row is None or row.status != "draft" or row.revision != revision:
        return
    uow.emit(OrderApprovalRejected(order_id=row.id, company_id=row.company_id, number=row.number,
                                   revision=row.revision, instance_id=instance_id, reason=reason[:500]))


@command("procurement.purchase_order.update", scope="procurement.revise_order")
def revise_order(uow: UnitOfWork, order_id: UUID, data: OrderRevisionInput,
                 expected_version: int | None = None) -> OrderView:
    """New lines (quantities, rates; an item may be added or a line not yet received removed); the order as
    it was is kept in the history with the reason, the revision counts up and the order goes back to draft."""
    s = uow.session
    row = load_order(uow, order_id)
    check_version(row, expected_version, f"order {row.number}")
    anything = any(ln.accepted > 0 for ln in order_lines(s, row.id))
    status = domain.order_transition(row.status, "revise", anything, data.reason)
    approvals.check_not_pending(row)
    stored = order_lines(s, row.id)
    new = domain.check_order_lines([domain.OrderLine(ln.item_id, ln.quantity, ln.rate) for ln in data.lines],
                                   domain_lines(stored))
    known = {ln.item_id: ln for ln in stored}
    items: dict[UUID, tuple[str, str]] = {}
    for i, ln in enumerate(new):
        if ln.item_id in known:
            items[ln.item_id] = (known[ln.item_id].item_code, known[ln.item_id].item_name)
        else:
            it = item(ln.item_id, f"lines[{i}].item_id")
            items[ln.item_id] = (it.code, it.name)
    s.add(OrderRevisionRow(tenant_id=row.tenant_id, order_id=row.id, revision=row.revision, total=row.total,
                           reason=data.reason.strip(), revised_by=context.current().recorded_actor,
                           lines=[{"item_code": ln.item_code, "quantity": str(ln.quantity), "rate": str(ln.rate),
                                   "amount": str(ln.amount)} for ln in stored]))
    s.execute(delete(OrderLineRow).where(OrderLineRow.order_id == row.id))
    s.add_all(OrderLineRow(tenant_id=row.tenant_id, order_id=row.id, line_no=i + 1, item_id=ln.item_id,
                           item_code=items[ln.item_id][0], item_name=items[ln.item_id][1], quantity=ln.quantity,
                           rate=ln.rate, amount=ln.amount, accepted=ln.accepted, billed=ln.billed,
                           received_value=known[ln.item_id].received_value if ln.item_id in known else ZERO,
                           cleared_value=known[ln.item_id].cleared_value if ln.item_id in known else ZERO)
              for i, ln in enumerate(new))
    row.revision += 1
    row.status, row.total, row.reason = status, domain.order_total(new), data.reason.strip()
    touch(row)
    s.flush()
    _emit(uow, row)
    return order_view(s, row)


@command("procurement.purchase_order.update", scope="procurement.cancel_order")
def cancel_order(uow: UnitOfWork, order_id: UUID, reason: str, expected_version: int | None = None) -> OrderView:
    row = load_order(uow, order_id)
    check_version(row, expected_version, f"order {row.number}")
    anything = any(ln.accepted > 0 for ln in order_lines(uow.session, row.id))
    row.status = domain.order_transition(row.status, "cancel", anything, reason)
    row.reason = reason.strip()
    uow.session.flush()
    from ..approval_withdrawal import withdraw_for_cancelled

    withdraw_for_cancelled(row.id, row.reason)  # its waiting approval goes with it
    _emit(uow, row)
    return order_view(uow.session, row)


@query("procurement.purchase_order.view")
def get_order(uow: UnitOfWork, order_id: UUID) -> OrderView:
    return order_view(uow.session, load_order(uow, order_id))


@query("procurement.purchase_order.view")
def order_needs_approval(uow: UnitOfWork, order_id: UUID) -> bool:
    """Whether the purchase order workflow says this order needs approval (its page offers the submit)."""
    return approvals.needs_approval(uow, load_order(uow, order_id))


@query("procurement.purchase_order.view")
def may_approve_order(uow: UnitOfWork, order_id: UUID) -> bool:
    """Whether the plain approve would pass the user's permission and amount limit (the order page offers
    Approve only then: a procurement officer holding the permission with a ৳50,000 cap is not shown it on a
    ৳10 lakh order the service would refuse)."""
    row = load_order(uow, order_id)
    if row.status != "draft" or not context.current().can(APPROVE):
        return False
    try:
        check_amount_limit(row)
    except DomainError:
        return False
    return True


@query("procurement.purchase_order.view")
def list_orders(uow: UnitOfWork, company_id: UUID, first: int = 50, after: str | None = None,
                status: str | None = None) -> OrderPage:
    context.require_company(company_id, "company", company_id, field="company_id")
    q = orders_in_reach(select(OrderRow).where(OrderRow.company_id == company_id), company_id)
    if status:
        q = q.where(OrderRow.status == status)
    page = paginate(uow.session, q, OrderRow.number, first=first, after=after)
    return OrderPage(items=[order_view(uow.session, r, history=False) for r in page.items],
                     end_cursor=page.end_cursor, has_next_page=page.has_next_page)


def load_order(uow: UnitOfWork, order_id: UUID, field: str | None = None) -> OrderRow:
    row = uow.session.get(OrderRow, order_id)
    if row is None:
        raise domain.Missing("purchase order", "ক্রয়াদেশ", order_id, field)
    context.require_company(row.company_id, "purchase order", order_id)
    if not order_reached(uow, row):  # another project's: not even said to exist
        raise domain.Missing("purchase order", "ক্রয়াদেশ", order_id, field)
    return row
