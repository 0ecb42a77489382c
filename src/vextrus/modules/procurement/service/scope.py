"""Which of the company's procurement documents a role assigned for some projects reaches (docs/auth.md, "Scoped
roles"): a requisition belongs to the project it names, else to the project its store serves (a site store names
its project in inventory); its RFQs, orders, receipt notes and bill matches follow it (an order with no RFQ follows
its store). A document of no project (a central-store requisition naming none) is the whole company's: only a role
held for the whole company reaches it. One place: the loaders answer 404 for another project's document, the
lists filter with the same rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, false, or_, select

from vextrus.platform import context

from ..tables import OrderRow, RequisitionRow, RfqRow


@dataclass(frozen=True)
class Reach:
    projects: frozenset[UUID]
    stores: frozenset[UUID]  # the company's stores serving those projects


def reach(company_id: UUID) -> Reach | None:
    """What the running command's permission reaches in the company; None: everything."""
    from vextrus.modules.inventory import api as inventory

    from .. import MODULE

    projects = context.scope_reach()
    if projects is None:
        return None
    with context.calling_as(MODULE):
        stores = inventory.stores_of_projects(company_id, projects) if projects else []
    return Reach(projects, frozenset(stores))


def requisition_reached(row: RequisitionRow) -> bool:
    r = reach(row.company_id)
    return r is None or (row.project_id in r.projects if row.project_id is not None else row.store_id in r.stores)


def order_reached(uow: Any, row: OrderRow) -> bool:  # noqa: ANN401 (a UnitOfWork)
    if context.scope_reach() is None:
        return True
    rfq = uow.session.get(RfqRow, row.rfq_id) if row.rfq_id else None
    if rfq is None:
        r = reach(row.company_id)
        return r is None or row.store_id in r.stores
    return requisition_reached(uow.session.get(RequisitionRow, rfq.requisition_id))


def _requisitions(r: Reach) -> ColumnElement[bool]:
    return or_(RequisitionRow.project_id.in_(r.projects) if r.projects else false(),
               and_(RequisitionRow.project_id.is_(None), RequisitionRow.store_id.in_(r.stores)))


def requisitions_in_reach(stmt: Select[Any], company_id: UUID) -> Select[Any]:
    """`stmt` (over requisitions) limited to those the running command's permission reaches."""
    r = reach(company_id)
    return stmt if r is None else stmt.where(_requisitions(r))


def orders_in_reach(stmt: Select[Any], company_id: UUID) -> Select[Any]:
    """`stmt` (over orders) limited to those the running command's permission reaches."""
    r = reach(company_id)
    if r is None:
        return stmt
    rfqs = select(RfqRow.id).join(RequisitionRow, RequisitionRow.id == RfqRow.requisition_id).where(_requisitions(r))
    return stmt.where(or_(OrderRow.rfq_id.in_(rfqs), and_(OrderRow.rfq_id.is_(None), OrderRow.store_id.in_(r.stores))))
