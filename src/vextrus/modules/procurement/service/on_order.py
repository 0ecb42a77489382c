"""What is already on order for a store and item (issue 17: reorder suggestions must not buy twice). Procurement
depends on inventory, so inventory cannot call procurement: procurement registers `figures` with
`inventory.api.register_on_order` and inventory's reorder suggestions add them to the stock (the figures are the
buyer's aggregate quantities per store and item, published to the suggestions' readers, who hold
`inventory.stock.view`; the documents themselves stay behind procurement's permissions). `on_order` gives the same
figures to procurement's own callers (`procurement.purchase_order.view` + `procurement.requisition.view`):

- **requisitioned**: lines of APPROVED requisitions of the store not yet ordered (no RFQ of theirs has become
  orders), requested on or before the date;
- **ordered**: the undelivered quantity (ordered − accepted) of the store's orders that are still open (draft,
  approved, partially received; not cancelled or received), dated on or before the date. A rejected quantity is
  still due from the vendor (a GRN's accepted quantity is what reduces what is due).

Two grouped reads whatever the number of documents; the state is the documents' current one (a requisition
ordered since `as_of` no longer counts as requisitioned, its order does)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vextrus.platform import context, runtime
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, query, unit_of_work

from ..schemas import OnOrderLine
from ..tables import OrderLineRow, OrderRow, RequisitionLineRow, RequisitionRow, RfqRow

OPEN_ORDERS = ("draft", "approved", "partially_received")


@query("procurement.purchase_order.view")
def on_order(uow: UnitOfWork, company_id: UUID, store_id: UUID | None = None,
             as_of: date | None = None) -> list[OnOrderLine]:
    """Per (store, item) of the company: quantity requisitioned (approved, not ordered) and ordered, not delivered."""
    context.current().require("procurement.requisition.view")
    context.require_company(company_id, "company", company_id, field="company_id")
    return [OnOrderLine(store_id=st, item_id=item, requisitioned=r, ordered=d)
            for (st, item), (r, d) in sorted(_figures(uow.session, company_id, store_id, as_of).items(),
                                             key=lambda kv: (str(kv[0][0]), str(kv[0][1])))]


def figures(company_id: UUID, store_id: UUID | None, as_of: date) -> dict[tuple[UUID, UUID], Decimal]:
    """What inventory's reorder suggestions count as on order (registered with `inventory.api.register_on_order`):
    read in the suggestions' own unit of work, for their reader (the company is the active one there)."""
    if "procurement" not in runtime.current().registry.names:  # imported, but not running in this process
        return {}
    context.require_company(company_id, "company", company_id, field="company_id")
    with unit_of_work() as uow:
        return {k: r + d for k, (r, d) in _figures(uow.session, company_id, store_id, as_of).items()}


def _figures(s: Session, company_id: UUID, store_id: UUID | None,
             as_of: date | None) -> dict[tuple[UUID, UUID], tuple[Decimal, Decimal]]:
    req, line = RequisitionRow, RequisitionLineRow
    ordered_rfqs = select(RfqRow.requisition_id).where(RfqRow.status == "ordered")
    q = (select(req.store_id, line.item_id, func.sum(line.quantity))
         .join(line, line.requisition_id == req.id)
         .where(req.company_id == company_id, req.status == "approved", req.id.not_in(ordered_rfqs))
         .group_by(req.store_id, line.item_id))
    o, ol = OrderRow, OrderLineRow
    p = (select(o.store_id, ol.item_id, func.sum(ol.quantity), func.sum(ol.accepted))
         .join(ol, ol.order_id == o.id)
         .where(o.company_id == company_id, o.status.in_(OPEN_ORDERS))
         .group_by(o.store_id, ol.item_id))
    if store_id is not None:
        q, p = q.where(req.store_id == store_id), p.where(o.store_id == store_id)
    if as_of is not None:
        q, p = q.where(req.requested_on <= as_of), p.where(o.order_date <= as_of)
    out: dict[tuple[UUID, UUID], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for st, item, qty in s.execute(q):
        out[(st, item)][0] += Decimal(qty or 0)
    for st, item, qty, accepted in s.execute(p):
        due = Decimal(qty or 0) - Decimal(accepted or 0)
        if due > 0:
            out[(st, item)][1] += due
    return {k: (r, d) for k, (r, d) in out.items() if r > 0 or d > 0}


def _register() -> None:
    from vextrus.modules.inventory import api as inventory

    inventory.register_on_order("procurement", figures)


_register()
