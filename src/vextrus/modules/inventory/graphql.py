"""The inventory subgraph: stock on hand (a query) and a slip of moves posted in one unit of work (a mutation
with an idempotency key). Types derive from the service's DTOs (`dto_type`, `dto_input`)."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Subgraph, dto_input, dto_type
from vextrus.platform.ids import parse_id

from . import service
from .schemas import MoveLineInput, MovesInput, MovesView, MoveView, StockLine


@dto_type(MoveView, name="InventoryMove")
class Move:
    id: strawberry.ID


@dto_type(StockLine, name="InventoryStockLine")
class Stock:
    pass


@dto_type(MovesView, name="InventorySlip")
class Slip:
    moves: list[Move]

    @classmethod
    def of(cls, v: MovesView) -> Slip:
        return cls(company_id=v.company_id, reference=v.reference, count=v.count, entry_ids=v.entry_ids,
                   moves=[Move.of(m) for m in v.moves])


@dto_input(MoveLineInput, name="InventoryMoveLineInput")
class MoveLineIn:
    pass


@dto_input(MovesInput, name="InventorySlipInput")
class SlipIn:
    lines: list[MoveLineIn]


@strawberry.type
class InventoryQuery:
    @strawberry.field
    def inventory_stock(self, company_id: strawberry.ID, as_of: str | None = None) -> list[Stock]:
        """Quantity and value by store and item (as of a date, YYYY-MM-DD)."""
        from datetime import date

        return [Stock.of(s) for s in service.stock_on_hand(parse_id(company_id, "company_id"),
                                                            date.fromisoformat(as_of) if as_of else None)]


@strawberry.type
class InventoryMutation:
    @strawberry.mutation
    def post_inventory_slip(self, slip: SlipIn, idempotency_key: str | None = None) -> Slip:
        """A slip of moves (issue slip, stock count, imported file) posted in one unit of work, all or nothing; a
        refused line is named in the error's `field` (`lines[3].quantity`)."""
        return Slip.of(service.post_moves(slip.to_model(), idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=InventoryQuery, mutation=InventoryMutation, types=(Move, Stock, Slip))
