"""The sales subgraph (reads): buildings, units, bookings with their schedules, and the collections report.
Types derive from the service's DTOs (`dto_type`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import strawberry

from vextrus.platform.graphql import Connection, PageInfo, Subgraph, dto_type
from vextrus.platform.ids import parse_id

from . import service
from .schemas import (
    BookingView,
    BuildingView,
    CollectionLine,
    GridCell,
    InstalmentView,
    ProjectSales,
    SalesUnitView,
)


@dto_type(BuildingView, name="SalesBuilding", keys=["id"])
class Building:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Building:  # noqa: A002
        return cls.of(service.get_building(parse_id(id, "id")))


@dto_type(SalesUnitView, name="SalesUnit", keys=["id"])
class Unit:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Unit:  # noqa: A002
        return cls.of(service.get_unit(parse_id(id, "id")))


@dto_type(GridCell, name="SalesGridCell")
class Cell:
    id: strawberry.ID


@strawberry.type(name="SalesGridFloor")
class GridFloor:
    floor: int
    units: list[Cell]


@strawberry.type(name="SalesStatusCount")
class StatusCount:
    status: str
    units: int


@strawberry.type(name="SalesUnitGrid")
class Grid:
    building: Building
    floors: list[GridFloor]
    counts: list[StatusCount]


@dto_type(InstalmentView, name="SalesInstalment")
class Instalment:
    id: strawberry.ID | None


@dto_type(BookingView, name="SalesBooking", keys=["id"])
class Booking:
    id: strawberry.ID
    instalments: list[Instalment]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Booking:  # noqa: A002
        return cls.of(service.get_booking(parse_id(id, "id")))


@dto_type(CollectionLine, name="SalesCollectionLine")
class CollectionRow:
    instalment_id: strawberry.ID


@strawberry.type(name="SalesCollectionBucket")
class Bucket:
    bucket: str
    amount: Decimal
    instalments: int


@strawberry.type(name="SalesCollections")
class Collections:
    as_of: date
    horizon_days: int
    buckets: list[Bucket]
    total_overdue: Decimal
    total_due_soon: Decimal
    lines: list[CollectionRow]
    truncated: bool


@strawberry.type(name="SalesProjectRow")
class ProjectRow:
    project_id: strawberry.ID
    units: list[StatusCount]
    units_total: int
    bookings: int
    booked_value: Decimal
    received: Decimal
    outstanding: Decimal

    @classmethod
    def of(cls, r: ProjectSales) -> ProjectRow:
        return cls(project_id=strawberry.ID(str(r.project_id)), units=[StatusCount(status=s, units=n)
                   for s, n in r.units.items()], units_total=r.units_total, bookings=r.bookings,
                   booked_value=r.booked_value, received=r.received, outstanding=r.outstanding)


def _opt(value: strawberry.ID | None, field: str) -> UUID | None:
    return parse_id(value, field) if value else None


@strawberry.type
class SalesQuery:
    @strawberry.field
    def sales_buildings(self, project_id: strawberry.ID | None = None, first: int = 50,
                        after: str | None = None) -> Connection[Building]:
        page = service.list_buildings(_opt(project_id, "project_id"), first, after)
        return Connection(nodes=[Building.of(v) for v in page.items],
                          page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))

    @strawberry.field
    def sales_unit_grid(self, building_id: strawberry.ID) -> Grid:
        g = service.unit_grid(parse_id(building_id, "building_id"))
        return Grid(building=Building.of(g.building),
                    floors=[GridFloor(floor=f.floor, units=[Cell.of(u) for u in f.units]) for f in g.floors],
                    counts=[StatusCount(status=s, units=n) for s, n in sorted(g.counts.items())])

    @strawberry.field
    def sales_bookings(self, project_id: strawberry.ID | None = None, first: int = 50,
                       after: str | None = None) -> Connection[Booking]:
        page = service.list_bookings(_opt(project_id, "project_id"), None, first, after)
        return Connection(nodes=[Booking.of(v) for v in page.items],
                          page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))

    @strawberry.field
    def sales_booking(self, id: strawberry.ID) -> Booking:  # noqa: A002
        return Booking.of(service.get_booking(parse_id(id, "id")))

    @strawberry.field
    def sales_by_project(self) -> list[ProjectRow]:
        return [ProjectRow.of(r) for r in service.sales_by_project().projects]

    @strawberry.field
    def sales_collections(self, as_of: date, project_id: strawberry.ID | None = None,
                          horizon_days: int | None = None, limit: int = 200) -> Collections:
        r = service.collections_report(as_of, _opt(project_id, "project_id"), horizon_days, limit)
        return Collections(as_of=r.as_of, horizon_days=r.horizon_days,
                           buckets=[Bucket(bucket=b, amount=a, instalments=r.counts[b]) for b, a in r.buckets.items()],
                           total_overdue=r.total_overdue, total_due_soon=r.total_due_soon,
                           lines=[CollectionRow.of(ln) for ln in r.lines], truncated=r.truncated)


SUBGRAPH = Subgraph(query=SalesQuery, types=(Building, Unit, Booking))
