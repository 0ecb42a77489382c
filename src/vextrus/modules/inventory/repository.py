"""ORM <-> views and the domain's position (the running totals the latest rows carry)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .domain import Position
from .schemas import MoveView, StoreView
from .tables import MoveRow, StoreRow


def store_view(row: StoreRow) -> StoreView:
    return StoreView(id=row.id, company_id=row.company_id, code=row.code, name=row.name, name_bn=row.name_bn,
                     kind=row.kind, version=row.version)


def move_view(row: MoveRow) -> MoveView:
    return MoveView.model_validate(row, from_attributes=True)


def last_move(s: Session, company_id: UUID, item_id: UUID) -> MoveRow | None:
    return s.scalar(select(MoveRow).where(MoveRow.company_id == company_id, MoveRow.item_id == item_id)
                    .order_by(MoveRow.seq.desc()).limit(1))


def position(s: Session, company_id: UUID, item_id: UUID, last: MoveRow | None, stores: list[UUID]) -> Position:
    """The item's company totals (from its latest move) and the named stores' totals (from the latest move
    that touched each: as the source store or as a transfer's destination)."""
    pos = Position()
    if last is None:
        return pos
    pos.quantity, pos.value = last.quantity_after, last.value_after
    for store in stores:
        row = s.scalar(select(MoveRow).where(MoveRow.company_id == company_id, MoveRow.item_id == item_id,
                                             or_(MoveRow.store_id == store, MoveRow.to_store_id == store))
                       .order_by(MoveRow.seq.desc()).limit(1))
        if row is None:
            continue
        if row.store_id == store:
            pos.stores[str(store)] = (row.store_quantity_after, row.store_value_after)
        else:
            pos.stores[str(store)] = (row.to_store_quantity_after, row.to_store_value_after)  # type: ignore[assignment]
    return pos
