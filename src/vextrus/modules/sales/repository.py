"""ORM <-> views of sales, and the bulk reads pages need (one query per page, never one per row)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .schemas import (
    BookingView,
    BuildingView,
    GridCell,
    GridFloor,
    InstalmentView,
    ReceiptView,
    SalesPriceView,
    SalesUnitView,
    UnitGrid,
)
from .tables import BookingRow, BuildingRow, InstalmentRow, PriceRow, ReceiptRow, UnitRow


def building_view(row: BuildingRow, units: int = 0) -> BuildingView:
    return BuildingView(id=row.id, company_id=row.company_id, project_id=row.project_id, code=row.code,
                        name=row.name, name_bn=row.name_bn, floors=row.floors, units=units, version=row.version)


def unit_view(row: UnitRow) -> SalesUnitView:
    return SalesUnitView(id=row.id, building_id=row.building_id, project_id=row.project_id, code=row.code, kind=row.kind,
                    floor=row.floor, size_sft=row.size_sft, facing=row.facing, status=row.status, version=row.version)


def price_view(row: PriceRow) -> SalesPriceView:
    return SalesPriceView(id=row.id, project_id=row.project_id, effective_from=row.effective_from,
                     rate_per_sft=row.rate_per_sft, shop_rate_per_sft=row.shop_rate_per_sft,
                     parking_charge=row.parking_charge, utility_charge=row.utility_charge)


def instalment_view(row: InstalmentRow) -> InstalmentView:
    return InstalmentView(id=row.id, seq=row.seq, kind=row.kind, label=row.label, label_bn=row.label_bn,
                          amount=row.amount, paid=row.paid, due_date=row.due_date, activity_code=row.activity_code)


def instalments(session: Session, booking_id: UUID) -> list[InstalmentRow]:
    return list(session.scalars(select(InstalmentRow).where(InstalmentRow.booking_id == booking_id)
                                .order_by(InstalmentRow.seq)))


def booking_view(session: Session, row: BookingRow, unit_code: str | None = None) -> BookingView:
    if unit_code is None:
        unit_code = session.scalar(select(UnitRow.code).where(UnitRow.id == row.unit_id)) or ""
    return BookingView(id=row.id, company_id=row.company_id, project_id=row.project_id, unit_id=row.unit_id,
                       unit_code=unit_code, number=row.number, buyer_party_id=row.buyer_party_id,
                       booking_date=row.booking_date, price=row.price, status=row.status,
                       agreement_date=row.agreement_date, agreement_ref=row.agreement_ref,
                       cancelled_on=row.cancelled_on, deduction=row.deduction, refund=row.refund,
                       handover_date=row.handover_date, registration_date=row.registration_date,
                       deed_number=row.deed_number or "", registry_office=row.registry_office or "",
                       instalments=[instalment_view(i) for i in instalments(session, row.id)], version=row.version)


def receipt_view(row: ReceiptRow, allocations: list | None = None) -> ReceiptView:
    return ReceiptView(id=row.id, booking_id=row.booking_id, number=row.number, receipt_date=row.receipt_date,
                       amount=row.amount, method=row.method, reference=row.reference, entry_id=row.entry_id,
                       allocations=allocations or [])


def unit_counts(session: Session, building_ids: list[UUID]) -> dict[UUID, int]:
    if not building_ids:
        return {}
    return dict(session.execute(select(UnitRow.building_id, func.count()).where(UnitRow.building_id.in_(building_ids))
                                .group_by(UnitRow.building_id)).all())


def grid(session: Session, building: BuildingRow) -> UnitGrid:
    """The building's units floor by floor, top floor first, units by code: one query."""
    rows = session.execute(select(UnitRow.id, UnitRow.code, UnitRow.kind, UnitRow.size_sft, UnitRow.facing,
                                  UnitRow.status, UnitRow.floor).where(UnitRow.building_id == building.id)
                           .order_by(UnitRow.floor.desc(), UnitRow.code)).all()
    floors: dict[int, list[GridCell]] = {}
    counts: dict[str, int] = {}
    for uid, code, kind, size, facing, status, floor in rows:
        floors.setdefault(floor, []).append(GridCell.model_construct(  # read from our own table: no re-validation
            id=uid, code=code, kind=kind, size_sft=size, facing=facing, status=status))
        counts[status] = counts.get(status, 0) + 1
    return UnitGrid(building=building_view(building, len(rows)),
                    floors=[GridFloor(floor=f, units=u) for f, u in floors.items()], counts=counts)
