"""REST: /api/v1/inventory/... (thin: the service decides everything)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from vextrus.platform.http import idempotency_key

from . import schemas, service
from .schemas import (
    InventorySettingsInput,
    InventorySettingsView,
    MoveInput,
    MovesInput,
    MovesView,
    MoveView,
    ReorderLevelInput,
    ReorderLevelView,
    ReorderSuggestion,
    SlowMovingReport,
    StockLine,
    StoreInput,
    StoreUpdateInput,
    StoreView,
    TransferInput,
    TransferReceiveInput,
    TransferView,
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


@router.patch("/stores/{store_id}", response_model=StoreView)
def update_store(store_id: UUID, body: StoreUpdateInput, key: str | None = Depends(idempotency_key)) -> StoreView:
    """Rename a store (`expected_version`: 409 when stale)."""
    return service.update_store(store_id, body, idempotency_key=key)


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


@router.get("/settings", response_model=InventorySettingsView)
def get_settings(company_id: UUID) -> InventorySettingsView:
    """The company's costing method (`moving_average` unless set to `fifo`)."""
    return service.get_settings(company_id)


@router.put("/settings", response_model=InventorySettingsView)
def set_settings(body: InventorySettingsInput, key: str | None = Depends(idempotency_key)) -> InventorySettingsView:
    """Choose the costing method while the company has no stock move (`inventory.store.manage`; afterwards 422
    `inventory.costing_method_locked`)."""
    return service.set_settings(body, idempotency_key=key)


@router.get("/reorder-levels", response_model=list[ReorderLevelView])
def list_reorder_levels(company_id: UUID, store_id: UUID | None = None) -> list[ReorderLevelView]:
    return service.list_reorder_levels(company_id, store_id)


@router.put("/reorder-levels", response_model=ReorderLevelView)
def set_reorder_level(body: ReorderLevelInput, key: str | None = Depends(idempotency_key)) -> ReorderLevelView:
    """Set (or replace) a store's reorder level of an item (`inventory.store.manage`)."""
    return service.set_reorder_level(body, idempotency_key=key)


@router.delete("/reorder-levels/{level_id}", response_model=ReorderLevelView)
def remove_reorder_level(level_id: UUID, expected_version: int | None = None,
                         key: str | None = Depends(idempotency_key)) -> ReorderLevelView:
    """Remove a store's reorder level of an item (`inventory.store.manage`)."""
    return service.remove_reorder_level(level_id, expected_version, idempotency_key=key)


@router.get("/reorder-suggestions", response_model=list[ReorderSuggestion])
def reorder_suggestions(company_id: UUID, store_id: UUID | None = None,
                        as_of: date | None = None) -> list[ReorderSuggestion]:
    """Items at or below their reorder point (stock on hand as of `as_of`, default today) and the quantity to buy;
    procurement's `POST /api/v1/procurement/requisitions/from-suggestions` turns chosen ones into a draft."""
    return service.reorder_suggestions(company_id, store_id, as_of)


@router.get("/reports/slow-moving", response_model=SlowMovingReport)
def slow_moving(company_id: UUID, as_of: date | None = None, days: int = 90) -> SlowMovingReport:
    return service.slow_moving(company_id, as_of, days)


@router.get("/reports/slow-moving.{fmt}")
def slow_moving_file(fmt: str, company_id: UUID, as_of: date | None = None, days: int = 90,
                     lang: str = "en") -> Response:
    name, media, content = service.slow_moving_file(company_id, as_of, days, fmt, lang)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/transfers", response_model=TransferView, status_code=201)
def dispatch_transfer(body: TransferInput, response: Response, key: str | None = Depends(idempotency_key)) -> TransferView:
    """Dispatch a transfer: the stock leaves the source store at once and is in transit until received."""
    transfer = service.dispatch_transfer(body, idempotency_key=key)
    response.headers["Location"] = f"/api/v1/inventory/transfers/{transfer.id}"
    return transfer


@router.post("/transfers/{transfer_id}/receive", response_model=TransferView)
def receive_transfer(transfer_id: UUID, body: TransferReceiveInput,
                     key: str | None = Depends(idempotency_key)) -> TransferView:
    """Receive a dispatched transfer at its destination (on or after the dispatch date; 409 when received)."""
    return service.receive_transfer(transfer_id, body, idempotency_key=key)


@router.get("/transfers", response_model=list[TransferView])
def list_transfers(company_id: UUID, status: str | None = None) -> list[TransferView]:
    return service.list_transfers(company_id, status)


@router.get("/transfers/{transfer_id}", response_model=TransferView)
def get_transfer(transfer_id: UUID) -> TransferView:
    return service.get_transfer(transfer_id)


# ---- material estimates, returns from an activity, consumption vs estimate (issue 17) -------------------------


@router.get("/material-estimates", response_model=list[schemas.MaterialEstimateView])
def list_material_estimates(company_id: UUID, project_id: UUID | None = None) -> list[schemas.MaterialEstimateView]:
    return service.list_material_estimates(company_id, project_id)


@router.put("/material-estimates", response_model=schemas.MaterialEstimateView)
def set_material_estimate(body: schemas.MaterialEstimateInput,
                          key: str | None = Depends(idempotency_key)) -> schemas.MaterialEstimateView:
    """Set (or replace) the planned quantity of an item for a project activity: `quantity` in `unit`, or a contract's
    BOQ line (`contract_id`, `contract_item_id`) × `norm`; refusals 422 with the field."""
    return service.set_material_estimate(body, idempotency_key=key)


@router.delete("/material-estimates/{estimate_id}", response_model=schemas.MaterialEstimateView)
def remove_material_estimate(estimate_id: UUID, expected_version: int | None = None,
                             key: str | None = Depends(idempotency_key)) -> schemas.MaterialEstimateView:
    return service.remove_material_estimate(estimate_id, expected_version, idempotency_key=key)


@router.post("/material-returns", response_model=MoveView, status_code=201)
def return_material(body: schemas.MaterialReturnInput, key: str | None = Depends(idempotency_key)) -> MoveView:
    """Material back from a project activity to a store (at most what the activity holds net of returns)."""
    return service.return_material(body, idempotency_key=key)


@router.get("/reports/consumption", response_model=schemas.ConsumptionReport)
def consumption(company_id: UUID, project_id: UUID | None = None, as_of: date | None = None,
                tolerance: Decimal | None = None) -> schemas.ConsumptionReport:
    """Consumption vs estimate per project, activity and item as of a date; wastage above `tolerance` % (3) marked."""
    return service.consumption(company_id, project_id, as_of, tolerance)


@router.get("/reports/consumption.{fmt}")
def consumption_file(fmt: str, company_id: UUID, project_id: UUID | None = None, as_of: date | None = None,
                     tolerance: Decimal | None = None, lang: str = "en") -> Response:
    name, media, content = service.consumption_file(company_id, project_id, as_of, tolerance, fmt, lang)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
