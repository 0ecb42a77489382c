"""What other modules may call: stock on hand and the valuation (reads)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from . import service
from .schemas import StockLine, ValuationReport

__all__ = ["StockLine", "ValuationReport", "stock_on_hand", "valuation"]


def stock_on_hand(company_id: UUID, as_of: date | None = None, store_id: UUID | None = None,
                  item_id: UUID | None = None) -> list[StockLine]:
    return service.stock_on_hand(company_id, as_of, store_id, item_id)


def valuation(company_id: UUID, as_of: date) -> ValuationReport:
    return service.valuation(company_id, as_of)
