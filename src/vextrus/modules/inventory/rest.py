"""REST: /api/v1/inventory/... (thin: the service decides everything)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from vextrus.platform.http import idempotency_key

from . import service
from .schemas import (
    MoveInput,
    MovesInput,
    MovesView,
    MoveView,
    StockLine,
    StoreInput,
    StoreView,
    ValuationReport,
)

router = APIRouter()


@router.get("/stores", response_model=list[StoreView])
def list_stores(company_id: UUID) -> list[StoreView]:
    return service.list_stores(company_id)


@router.get("/stores/{store_id}", response_model=StoreView)
def get_store(store_id: UUID) -> StoreView:
    return service.get_store(store_id)


@router.post("/stores", response_model=StoreView, status_code=201)
def create_store(body: StoreInput, response: Response, key: str | None = Depends(idempotency_key)) -> StoreView:
    store = service.create_store(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/inventory/stores/{store.id}"
    return store


@router.post("/moves", response_model=MoveView, status_code=201)
def post_move(body: MoveInput, response: Response, key: str | None = Depends(idempotency_key)) -> MoveView:
    """Post a receipt, issue, transfer or adjustment; refused (422) when it would take stock below zero."""
    move = service.post_move(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/inventory/moves/{move.id}"
    return move


@router.post("/slips", response_model=MovesView, status_code=201)
def post_slip(body: MovesInput, key: str | None = Depends(idempotency_key)) -> MovesView:
    """Post a slip of moves (a day's issues, a stock count, an imported file) in one unit of work, all or nothing;
    a refused line is named in the error's field (`lines[3].quantity`)."""
    return service.post_moves(body, idempotency_key=key)


@router.get("/moves/{move_id}", response_model=MoveView)
def get_move(move_id: UUID) -> MoveView:
    return service.get_move(move_id)


@router.get("/stock", response_model=list[StockLine])
def stock(company_id: UUID, as_of: date | None = None, store_id: UUID | None = None,
          item_id: UUID | None = None) -> list[StockLine]:
    return service.stock_on_hand(company_id, as_of, store_id, item_id)


@router.get("/valuation", response_model=ValuationReport)
def valuation(company_id: UUID, as_of: date) -> ValuationReport:
    return service.valuation(company_id, as_of)


@router.get("/items/{item_id}/ledger", response_model=list[MoveView])
def ledger(item_id: UUID, company_id: UUID, as_of: date | None = None) -> list[MoveView]:
    return service.item_ledger(company_id, item_id, as_of)
