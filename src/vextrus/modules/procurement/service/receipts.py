"""Goods receipt notes: quantities received, accepted and rejected against an approved order at its store,
with the supplier's challan and the vehicle. Each accepted quantity is an inventory receipt at the order's
rate (inventory.api.receive, as procurement on behalf of the user: Dr inventory / Cr inventory's receipt
clearing account); the order's lines count what was accepted and its status follows."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.money import ZERO, round_amount
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import touch

from .. import domain
from ..events import GoodsReceived
from ..repository import domain_lines, grn_view, order_lines
from ..schemas import GrnInput, GrnView
from ..tables import GrnLineRow, GrnRow
from .common import next_number
from .orders import load_order


@command("procurement.receipt.create", scope="procurement.receive_goods")
def receive_goods(uow: UnitOfWork, data: GrnInput) -> GrnView:
    from vextrus.modules.inventory import api as inventory

    from .. import MODULE

    s = uow.session
    order = load_order(uow, data.order_id, "order_id")
    challan = data.challan_no.strip()
    if not challan:
        raise domain.bad("challan_missing", "Give the supplier's challan number", "সরবরাহকারীর চালান নম্বর দিন",
                         field="challan_no")
    touch(order)  # the order's compare-and-set first: a concurrent receipt of the same order waits, then is stale
    s.flush()
    stored = order_lines(s, order.id)
    receipt = domain.check_grn(order.status, domain_lines(stored),
                               [domain.GrnLine(g.line_no, g.received, g.accepted, g.rejected) for g in data.lines])
    tenant = context.require_tenant()
    grn = GrnRow(tenant_id=tenant, company_id=order.company_id, order_id=order.id,
                 number=next_number(uow, GrnRow, order.company_id, "GRN"), store_id=order.store_id,
                 receipt_date=data.receipt_date, challan_no=challan, vehicle_no=data.vehicle_no.strip(), value=ZERO)
    s.add(grn)
    s.flush()
    value = ZERO
    for g in receipt:
        ln = stored[g.line_no - 1]
        move_id = None
        if g.accepted > 0:
            with context.calling_as(MODULE):
                move = inventory.receive(order.company_id, ln.item_id, order.store_id, g.accepted, ln.rate,
                                         data.receipt_date, memo=f"{grn.number} {order.number} challan {challan}"[:200])
            move_id, value = move.id, value + move.value
            ln.accepted += g.accepted
            ln.received_value += move.value  # what inventory credited to GRNI (2115) for it
        s.add(GrnLineRow(tenant_id=tenant, grn_id=grn.id, line_no=g.line_no, item_id=ln.item_id, received=g.received,
                         accepted=g.accepted, rejected=g.rejected, move_id=move_id))
    grn.value = round_amount(value)
    order.status = domain.order_status_after_receipt(domain_lines(stored))
    s.flush()
    uow.emit(GoodsReceived(grn_id=grn.id, order_id=order.id, company_id=order.company_id, store_id=order.store_id,
                           receipt_date=grn.receipt_date, value=grn.value))
    return grn_view(s, grn)


@query("procurement.receipt.view")
def get_grn(uow: UnitOfWork, grn_id: UUID) -> GrnView:
    row = uow.session.get(GrnRow, grn_id)
    if row is None:
        raise domain.Missing("goods receipt note", "মাল গ্রহণ নোট", grn_id)
    context.require_company(row.company_id, "goods receipt note", grn_id)
    try:
        load_order(uow, row.order_id)  # its order's project decides
    except domain.Missing:
        raise domain.Missing("goods receipt note", "মাল গ্রহণ নোট", grn_id) from None
    return grn_view(uow.session, row)


@query("procurement.receipt.view")
def list_grns(uow: UnitOfWork, order_id: UUID) -> list[GrnView]:
    load_order(uow, order_id)
    return [grn_view(uow.session, r) for r in uow.session.scalars(
        select(GrnRow).where(GrnRow.order_id == order_id).order_by(GrnRow.number))]
