"""The inventory subgraph: stock on hand (a query) and a slip of moves posted in one unit of work (a mutation
with an idempotency key). Types derive from the service's DTOs (`dto_type`, `dto_input`)."""

from __future__ import annotations

import strawberry

from vextrus.platform.graphql import Subgraph, dto_input, dto_type
from vextrus.platform.ids import parse_id

from . import service
from .schemas import (
    ConsumptionLine,
    ConsumptionReport,
    InventorySettingsInput,
    InventorySettingsView,
    MaterialEstimateInput,
    MaterialEstimateView,
    MaterialReturnInput,
    MoveLineInput,
    MovesInput,
    MovesView,
    MoveView,
    ReorderLevelInput,
    ReorderLevelView,
    ReorderSuggestion,
    StockLine,
    TransferInput,
    TransferReceiveInput,
    TransferView,
)


@dto_type(MoveView, name="InventoryMove")
class Move:
    id: strawberry.ID


@dto_type(InventorySettingsView, name="InventorySettings")
class Settings:
    pass


@dto_input(InventorySettingsInput, name="InventorySettingsInput")
class SettingsIn:
    pass


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


@dto_type(ReorderLevelView, name="InventoryReorderLevel")
class ReorderLevel:
    id: strawberry.ID


@dto_type(ReorderSuggestion, name="InventoryReorderSuggestion")
class Suggestion:
    pass


@dto_input(ReorderLevelInput, name="InventoryReorderLevelInput")
class ReorderLevelIn:
    pass


@dto_type(TransferView, name="InventoryTransfer")
class Transfer:
    id: strawberry.ID


@dto_input(TransferInput, name="InventoryTransferInput")
class TransferIn:
    pass


@dto_type(MaterialEstimateView, name="InventoryMaterialEstimate")
class MaterialEstimate:
    id: strawberry.ID


@dto_input(MaterialEstimateInput, name="InventoryMaterialEstimateInput")
class MaterialEstimateIn:
    pass


@dto_input(MaterialReturnInput, name="InventoryMaterialReturnInput")
class MaterialReturnIn:
    pass


@dto_type(ConsumptionLine, name="InventoryConsumptionLine")
class ConsumptionRow:
    pass


@dto_type(ConsumptionReport, name="InventoryConsumptionReport")
class Consumption:
    lines: list[ConsumptionRow]
    totals: list[ConsumptionRow]

    @classmethod
    def of(cls, r: ConsumptionReport) -> Consumption:
        return cls(company_id=r.company_id, as_of=r.as_of, tolerance=r.tolerance, project_id=r.project_id,
                   lines=[ConsumptionRow.of(x) for x in r.lines], totals=[ConsumptionRow.of(x) for x in r.totals],
                   over_activities=r.over_activities, total_value=r.total_value)


@strawberry.type
class InventoryQuery:
    @strawberry.field
    def inventory_settings(self, company_id: strawberry.ID) -> Settings:
        """The company's costing method (moving_average unless fifo) and whether it is locked by stock moves."""
        return Settings.of(service.get_settings(parse_id(company_id, "company_id")))

    @strawberry.field
    def inventory_transfers(self, company_id: strawberry.ID, status: str | None = None) -> list[Transfer]:
        """Transfers between stores (`status: "dispatched"`: what is in transit), the oldest dispatch first."""
        return [Transfer.of(v) for v in service.list_transfers(parse_id(company_id, "company_id"), status)]

    @strawberry.field
    def inventory_reorder_levels(self, company_id: strawberry.ID,
                                 store_id: strawberry.ID | None = None) -> list[ReorderLevel]:
        """Reorder levels by store and item."""
        return [ReorderLevel.of(v) for v in service.list_reorder_levels(
            parse_id(company_id, "company_id"), parse_id(store_id, "store_id") if store_id else None)]

    @strawberry.field
    def inventory_reorder_suggestions(self, company_id: strawberry.ID, store_id: strawberry.ID | None = None,
                                      as_of: str | None = None) -> list[Suggestion]:
        """Items at or below their reorder point (stock on hand as of a date, default today) and the quantity to buy."""
        from datetime import date

        return [Suggestion.of(v) for v in service.reorder_suggestions(
            parse_id(company_id, "company_id"), parse_id(store_id, "store_id") if store_id else None,
            date.fromisoformat(as_of) if as_of else None)]

    @strawberry.field
    def inventory_material_estimates(self, company_id: strawberry.ID,
                                     project_id: strawberry.ID | None = None) -> list[MaterialEstimate]:
        """Planned quantities of items per project activity (the item's base unit)."""
        return [MaterialEstimate.of(v) for v in service.list_material_estimates(
            parse_id(company_id, "company_id"), parse_id(project_id, "project_id") if project_id else None)]

    @strawberry.field
    def inventory_consumption(self, company_id: strawberry.ID, project_id: strawberry.ID | None = None,
                              as_of: str | None = None, tolerance: str | None = None) -> Consumption:
        """Consumption vs estimate per project, activity and item as of a date (YYYY-MM-DD); wastage above
        `tolerance` % (default 3) marked `over`."""
        from datetime import date
        from decimal import Decimal, InvalidOperation

        try:
            tol = Decimal(tolerance) if tolerance is not None else None
        except InvalidOperation:
            tol = Decimal("NaN")
        return Consumption.of(service.consumption(parse_id(company_id, "company_id"),
                                                  parse_id(project_id, "project_id") if project_id else None,
                                                  date.fromisoformat(as_of) if as_of else None, tol))

    @strawberry.field
    def inventory_stock(self, company_id: strawberry.ID, as_of: str | None = None) -> list[Stock]:
        """Quantity and value by store and item (as of a date, YYYY-MM-DD)."""
        from datetime import date

        return [Stock.of(s) for s in service.stock_on_hand(parse_id(company_id, "company_id"),
                                                            date.fromisoformat(as_of) if as_of else None)]


@strawberry.type
class InventoryMutation:
    @strawberry.mutation
    def set_inventory_settings(self, settings: SettingsIn, idempotency_key: str | None = None) -> Settings:
        """Choose the costing method while the company has no stock move (`inventory.store.manage`)."""
        return Settings.of(service.set_settings(settings.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def set_inventory_material_estimate(self, estimate: MaterialEstimateIn,
                                        idempotency_key: str | None = None) -> MaterialEstimate:
        """Set (or replace) the planned quantity of an item for a project activity (`inventory.move.post`)."""
        return MaterialEstimate.of(service.set_material_estimate(estimate.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def return_inventory_material(self, material: MaterialReturnIn, idempotency_key: str | None = None) -> Move:
        """Material back from a project activity to a store (at most what the activity holds net of returns)."""
        return Move.of(service.return_material(material.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def post_inventory_slip(self, slip: SlipIn, idempotency_key: str | None = None) -> Slip:
        """A slip of moves (issue slip, stock count, imported file) posted in one unit of work, all or nothing; a
        refused line is named in the error's `field` (`lines[3].quantity`)."""
        return Slip.of(service.post_moves(slip.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def set_inventory_reorder_level(self, level: ReorderLevelIn, idempotency_key: str | None = None) -> ReorderLevel:
        """Set (or replace) a store's reorder level of an item (`inventory.store.manage`)."""
        return ReorderLevel.of(service.set_reorder_level(level.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def dispatch_inventory_transfer(self, transfer: TransferIn, idempotency_key: str | None = None) -> Transfer:
        """Dispatch a transfer: the stock leaves the source store at once and is in transit until received."""
        return Transfer.of(service.dispatch_transfer(transfer.to_model(), idempotency_key=idempotency_key))

    @strawberry.mutation
    def receive_inventory_transfer(self, transfer_id: strawberry.ID, receive_date: str,
                                   expected_version: int | None = None,
                                   idempotency_key: str | None = None) -> Transfer:
        """Receive a dispatched transfer at its destination (on or after the dispatch date)."""
        from vextrus.platform.forms import model_from_form

        body = model_from_form(TransferReceiveInput, {"receive_date": receive_date, **(
            {"expected_version": str(expected_version)} if expected_version is not None else {})})
        return Transfer.of(service.receive_transfer(parse_id(transfer_id, "transfer_id"), body,
                                                    idempotency_key=idempotency_key))


SUBGRAPH = Subgraph(query=InventoryQuery, mutation=InventoryMutation,
                    types=(Move, Stock, Slip, ReorderLevel, Suggestion, Transfer, MaterialEstimate, ConsumptionRow,
                           Consumption))
