"""What other modules may call: stock on hand and the valuation (reads); a store; a receipt into a store
(procurement's goods receipt notes: `inventory.move.post`, called as procurement on behalf of the user); a buyer's
figures of what is on order (`register_on_order`: procurement tells the reorder suggestions what it has ordered)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from . import service
from .schemas import MoveInput, MoveView, ReorderSuggestion, StockLine, StoreView, ValuationReport
from .service.reorder import OnOrderSource

__all__ = ["MoveView", "OnOrderSource", "ReorderSuggestion", "StockLine", "StoreView", "ValuationReport", "get_store",
           "list_stores", "receive", "register_on_order", "reorder_suggestions", "stock_on_hand", "stores_of_projects", "valuation"]


def reorder_suggestions(company_id: UUID, store_id: UUID | None = None, as_of: date | None = None
                        ) -> list[ReorderSuggestion]:
    """Per store, the items at or below their reorder point as of `as_of` (default today) and the quantity to buy
    (procurement turns chosen ones into a draft requisition; callers declare `inventory.stock.view`)."""
    return service.reorder_suggestions(company_id, store_id, as_of)


def register_on_order(name: str, source: OnOrderSource) -> None:
    """Count what a buying module has on order in the reorder suggestions: `source(company_id, store_id or None,
    as_of)` → {(store id, item id): quantity in the item's base unit}, called inside the suggestions' read for the
    user who asked (procurement registers its approved requisitions not yet ordered and open orders' undelivered
    quantity). Inventory depends on no buyer: the buyer depends on inventory and registers here."""
    service.register_on_order(name, source)


def stock_on_hand(company_id: UUID, as_of: date | None = None, store_id: UUID | None = None,
                  item_id: UUID | None = None) -> list[StockLine]:
    return service.stock_on_hand(company_id, as_of, store_id, item_id)


def valuation(company_id: UUID, as_of: date) -> ValuationReport:
    return service.valuation(company_id, as_of)


def get_store(store_id: UUID) -> StoreView:
    return service.get_store(store_id)


def list_stores(company_id: UUID) -> list[StoreView]:
    return service.list_stores(company_id)


def stores_of_projects(company_id: UUID, project_ids: frozenset[UUID]) -> list[UUID]:
    """The company's stores serving these projects (a site store names its project)."""
    return service.stores_of_projects(company_id, project_ids)


def receive(company_id: UUID, item_id: UUID, store_id: UUID, quantity: Decimal, unit_cost: Decimal, on: date,
            memo: str = "") -> MoveView:
    """A receipt into a store at `unit_cost` a base unit, posted like any receipt (Dr inventory / Cr the
    receipt clearing account, `service.ACCOUNTS`)."""
    return service.post_move(MoveInput(company_id=company_id, item_id=item_id, kind="receipt", move_date=on,
                                       store_id=store_id, quantity=quantity, unit_cost=unit_cost, memo=memo))
