"""The unit inventory: buildings of a real-estate project, their units, price lists and the unit grid.
Shape: load → guard → pure rule (domain) → store → emit → view."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import Conflict
from vextrus.platform.i18n import format_count, format_date
from vextrus.platform.money import ZERO, check_amount
from vextrus.platform.pagination import paginate
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from .. import domain
from ..events import UnitStatusChanged
from ..repository import building_view, grid, price_view, unit_counts, unit_view
from ..schemas import (
    BuildingInput,
    BuildingPage,
    BuildingView,
    PricedUnit,
    PriceInput,
    SalesPriceView,
    SalesUnitView,
    UnitChoice,
    UnitGrid,
    UnitInput,
    UnitPage,
)
from ..tables import BuildingRow, PriceRow, UnitRow

READ = "sales.inventory.read"
MANAGE = "sales.inventory.manage"
HAND_MOVES = {"held", "available"}  # bookings, cancellations and handovers move the others


def project_company(project_id: UUID, field: str = "project_id") -> UUID:
    """The company of a project of this tenant the user may reach (projects.api), or NotFound."""
    from vextrus.modules.projects import api as projects

    company = projects.project_companies([project_id]).get(project_id)
    if company is None:
        raise domain.Missing("project", "প্রকল্প", project_id, field=field)
    context.require_company(company, "project", project_id, field=field)
    return company


def load_building(uow: UnitOfWork, building_id: UUID, field: str = "building_id") -> BuildingRow:
    row = uow.session.get(BuildingRow, building_id)
    if row is None or row.tenant_id != context.require_tenant():
        raise domain.Missing("building", "ভবন", building_id, field=field)
    context.require_company(row.company_id, "building", building_id, field=field)
    return row


def load_unit(uow: UnitOfWork, unit_id: UUID, field: str = "unit_id") -> UnitRow:
    row = uow.session.get(UnitRow, unit_id)
    if row is None or row.tenant_id != context.require_tenant():
        raise domain.Missing("unit", "ইউনিট", unit_id, field=field)
    context.require_company(row.company_id, "unit", unit_id, field=field)
    return row


@command(MANAGE, scope="sales.create_building")
def create_building(uow: UnitOfWork, data: BuildingInput) -> BuildingView:
    company = project_company(data.project_id)
    code = domain.code_of(data.code)
    name = domain.require_text(data.name, "name", "A building needs a name", "ভবনের নাম দিন")
    if uow.session.scalar(select(BuildingRow.id).where(BuildingRow.project_id == data.project_id,
                                                       BuildingRow.code == code)) is not None:
        raise Conflict("sales.building_exists", f"Building {code} already exists in this project",
                       f"এই প্রকল্পে {code} ভবন আগে থেকেই আছে", field="code")
    row = BuildingRow(tenant_id=context.require_tenant(), company_id=company, project_id=data.project_id, code=code,
                      name=name, name_bn=data.name_bn.strip(), floors=data.floors)
    uow.session.add(row)
    uow.session.flush()
    return building_view(row)


@query(READ)
def list_buildings(uow: UnitOfWork, project_id: UUID | None = None, first: int = 50,
                   after: str | None = None) -> BuildingPage:
    stmt = select(BuildingRow)
    if project_id is not None:
        stmt = stmt.where(BuildingRow.project_id == project_id)
    scope = context.company_scope()
    if scope is not None:
        stmt = stmt.where(BuildingRow.company_id == scope)
    page = paginate(uow.session, stmt, BuildingRow.id, first=first, after=after)
    counts = unit_counts(uow.session, [r.id for r in page.items])
    return BuildingPage(items=[building_view(r, counts.get(r.id, 0)) for r in page.items],
                        end_cursor=page.end_cursor, has_next_page=page.has_next_page)


@query(READ)
def get_building(uow: UnitOfWork, building_id: UUID) -> BuildingView:
    row = load_building(uow, building_id, field="id")
    return building_view(row, unit_counts(uow.session, [row.id]).get(row.id, 0))


@query(READ)
def unit_grid(uow: UnitOfWork, building_id: UUID) -> UnitGrid:
    """The availability grid of a building: floors × units with their status (one query)."""
    return grid(uow.session, load_building(uow, building_id, field="id"))


@command(MANAGE, scope="sales.create_unit")
def create_unit(uow: UnitOfWork, data: UnitInput) -> SalesUnitView:
    b = load_building(uow, data.building_id)
    code = domain.code_of(data.code)
    size = domain.size_of(data.kind, data.size_sft)
    if data.facing not in domain.FACINGS:
        raise domain.SalesError("sales.facing_invalid", "Facing is a compass direction (north, south_east, ...)",
                                "মুখ একটি দিক (উত্তর, দক্ষিণ-পূর্ব, ...)", field="facing")
    if data.floor > b.floors:
        raise domain.SalesError("sales.floor_invalid", f"The building has {b.floors} floors",
                                f"ভবনটিতে {format_count(b.floors, 'bn')}টি তলা", field="floor")
    if uow.session.scalar(select(UnitRow.id).where(UnitRow.building_id == b.id, UnitRow.code == code)) is not None:
        raise Conflict("sales.unit_exists", f"Unit {code} already exists in this building",
                       f"এই ভবনে {code} ইউনিট আগে থেকেই আছে", field="code")
    row = UnitRow(tenant_id=b.tenant_id, company_id=b.company_id, project_id=b.project_id, building_id=b.id,
                  code=code, kind=data.kind, floor=data.floor, size_sft=size, facing=data.facing, status="available")
    uow.session.add(row)
    uow.session.flush()
    return unit_view(row)


@query(READ)
def list_units(uow: UnitOfWork, building_id: UUID, first: int = 50, after: str | None = None) -> UnitPage:
    load_building(uow, building_id)
    page = paginate(uow.session, select(UnitRow).where(UnitRow.building_id == building_id), UnitRow.id,
                    first=first, after=after)
    return UnitPage(items=[unit_view(r) for r in page.items], end_cursor=page.end_cursor,
                    has_next_page=page.has_next_page)


@query(READ)
def get_unit(uow: UnitOfWork, unit_id: UUID) -> SalesUnitView:
    return unit_view(load_unit(uow, unit_id, field="id"))


def move_unit(uow: UnitOfWork, row: UnitRow, target: str, reason: str) -> None:
    """The one place a unit's status changes: the pure transition, then the event."""
    before = row.status
    row.status = domain.check_transition(before, target)
    uow.session.flush()
    uow.emit(UnitStatusChanged(unit_id=row.id, building_id=row.building_id, code=row.code, from_status=before,
                               to_status=row.status, reason=reason))


@command(MANAGE, scope="sales.change_unit_status")
def change_unit_status(uow: UnitOfWork, unit_id: UUID, status: str, expected_version: int | None = None) -> SalesUnitView:
    """Hold a unit for a buyer, release a hold, or release a cancelled unit for sale again."""
    row = load_unit(uow, unit_id, field="id")
    check_version(row, expected_version, f"unit {row.code}")
    if status not in HAND_MOVES:
        raise domain.SalesError("sales.status_by_booking", "Booking, sale and handover move a unit by themselves",
                                "বুকিং, বিক্রয় ও হস্তান্তর ইউনিটের অবস্থা নিজেই বদলায়", field="status")
    move_unit(uow, row, status, "hand")
    return unit_view(row)


@command(MANAGE, scope="sales.set_price")
def set_price(uow: UnitOfWork, data: PriceInput) -> SalesPriceView:
    """A project's price list from a date (a second list for the same date is refused)."""
    company = project_company(data.project_id)
    for name in ("rate_per_sft", "shop_rate_per_sft", "parking_charge", "utility_charge"):
        value = getattr(data, name)
        check_amount(value, name, places=2)
        if value < 0:
            raise domain.SalesError("sales.amount_negative", "An amount cannot be negative",
                                    "পরিমাণ ঋণাত্মক হতে পারে না", field=name)
    if data.rate_per_sft <= ZERO:
        raise domain.SalesError("sales.rate_invalid", "The rate per sft must be above zero",
                                "প্রতি বর্গফুটের দর শূন্যের বেশি হতে হবে", field="rate_per_sft")
    if uow.session.scalar(select(PriceRow.id).where(PriceRow.project_id == data.project_id,
                                                    PriceRow.effective_from == data.effective_from)) is not None:
        raise Conflict("sales.price_exists", "A price list from this date already exists",
                       "এই তারিখ থেকে একটি মূল্য তালিকা আগে থেকেই আছে", field="effective_from")
    row = PriceRow(tenant_id=context.require_tenant(), company_id=company, **data.model_dump())
    uow.session.add(row)
    uow.session.flush()
    return price_view(row)


def price_row_on(uow: UnitOfWork, project_id: UUID, on: date) -> PriceRow | None:
    return uow.session.scalars(select(PriceRow).where(PriceRow.project_id == project_id,
                                                      PriceRow.effective_from <= on)
                               .order_by(PriceRow.effective_from.desc()).limit(1)).first()


@query(READ)
def price_lists(uow: UnitOfWork, project_id: UUID) -> list[SalesPriceView]:
    project_company(project_id)
    return [price_view(r) for r in uow.session.scalars(select(PriceRow).where(PriceRow.project_id == project_id)
                                                       .order_by(PriceRow.effective_from))]


def unit_price(uow: UnitOfWork, unit: UnitRow, on: date, field: str = "price"):
    p = price_row_on(uow, unit.project_id, on)
    if p is None:
        raise domain.SalesError("sales.no_price_list", f"The project has no price list on {on}",
                                f"{format_date(on, 'bn')} তারিখে প্রকল্পের কোনো মূল্য তালিকা নেই", field=field)
    return domain.price_of(unit.kind, unit.size_sft, p.rate_per_sft, p.shop_rate_per_sft, p.parking_charge,
                           p.utility_charge)


@query(READ)
def price_of_unit(uow: UnitOfWork, unit_id: UUID, on: date):
    """A unit's price on the project's price list of a date."""
    return unit_price(uow, load_unit(uow, unit_id, field="id"), on)


@query(READ)
def get_price(uow: UnitOfWork, price_id: UUID) -> SalesPriceView:
    row = uow.session.get(PriceRow, price_id)
    if row is None or row.tenant_id != context.require_tenant():
        raise domain.Missing("price list", "মূল্য তালিকা", price_id, field="id")
    context.require_company(row.company_id, "price list", price_id, field="id")
    return price_view(row)


OFFERED = ("available", "held")  # units that may still be quoted and booked
MAX_QUOTED = 200


@query(READ)
def priced_units(uow: UnitOfWork, project_id: UUID, on: date, unit_ids: list[UUID] | None = None) -> list[PricedUnit]:
    """Units of a project priced on its price list in force on `on`: the ones named (each of this project and
    available or held; a refusal names `unit_ids[i]`), else every available or held unit (at most 200), by
    building, floor and code. No price list on that date refuses (`sales.no_price_list`, field `price_date`)."""
    project_company(project_id)
    p = price_row_on(uow, project_id, on)
    if p is None:
        raise domain.SalesError("sales.no_price_list", f"The project has no price list on {on}",
                                f"{format_date(on, 'bn')} তারিখে প্রকল্পের কোনো মূল্য তালিকা নেই", field="price_date")
    if unit_ids:
        if len(unit_ids) > MAX_QUOTED:
            raise domain.SalesError("sales.too_many_units", f"At most {MAX_QUOTED} units at once",
                                    f"একবারে সর্বোচ্চ {format_count(MAX_QUOTED, 'bn')}টি ইউনিট", field="unit_ids")
        rows = []
        for i, uid in enumerate(unit_ids):
            row = load_unit(uow, uid, field=f"unit_ids[{i}]")
            if row.project_id != project_id:
                raise domain.Missing("unit", "ইউনিট", uid, field=f"unit_ids[{i}]")
            if row.status not in OFFERED:
                raise domain.SalesError("sales.unit_not_available", f"Unit {row.code} is {row.status}",
                                        f"ইউনিট {row.code} এখন {domain.units.STATUS_BN.get(row.status, row.status)}",
                                        field=f"unit_ids[{i}]", details={"status": row.status})
            rows.append(row)
    else:
        rows = list(uow.session.scalars(
            select(UnitRow).join(BuildingRow, BuildingRow.id == UnitRow.building_id)
            .where(UnitRow.project_id == project_id, UnitRow.status.in_(OFFERED))
            .order_by(BuildingRow.code, UnitRow.floor, UnitRow.code).limit(MAX_QUOTED + 1)))
        if len(rows) > MAX_QUOTED:
            raise domain.SalesError("sales.too_many_units", f"The project has more than {MAX_QUOTED} units on "
                                    "offer: choose the units", f"প্রকল্পে {format_count(MAX_QUOTED, 'bn')}টির বেশি ইউনিট খালি: ইউনিট বেছে নিন",
                                    field="unit_ids")
    codes = dict(uow.session.execute(select(BuildingRow.id, BuildingRow.code).where(
        BuildingRow.id.in_({r.building_id for r in rows}))).all()) if rows else {}
    out = []
    for r in rows:
        parking = r.kind == "parking"
        rate = p.parking_charge if parking else (
            p.shop_rate_per_sft if r.kind == "shop" and p.shop_rate_per_sft > ZERO else p.rate_per_sft)
        price = domain.price_of(r.kind, r.size_sft, p.rate_per_sft, p.shop_rate_per_sft, p.parking_charge,
                                p.utility_charge)
        utility = ZERO if parking else p.utility_charge
        out.append(PricedUnit(unit_id=r.id, project_id=r.project_id, building_code=codes.get(r.building_id, ""),
                              code=r.code, kind=r.kind, floor=r.floor, size_sft=r.size_sft, facing=r.facing or "",
                              status=r.status, price_list_from=p.effective_from, rate=rate, base=price - utility,
                              utility_charge=utility, price=price))
    return out


@query(READ)
def offered_units(uow: UnitOfWork, limit: int = MAX_QUOTED) -> list[UnitChoice]:
    """Available or held units of the active company (every project), by project, building, floor, code: a
    pick list of at most `limit` (≤ 200)."""
    stmt = (select(UnitRow.id, UnitRow.project_id, BuildingRow.code, UnitRow.code, UnitRow.kind, UnitRow.size_sft,
                   UnitRow.status).join(BuildingRow, BuildingRow.id == UnitRow.building_id)
            .where(UnitRow.status.in_(OFFERED)))
    scope = context.company_scope()
    if scope is not None:
        stmt = stmt.where(UnitRow.company_id == scope)
    rows = uow.session.execute(stmt.order_by(UnitRow.project_id, BuildingRow.code, UnitRow.floor, UnitRow.code)
                               .limit(max(0, min(limit, MAX_QUOTED)))).all()
    return [UnitChoice(unit_id=a, project_id=b, building_code=c, code=d, kind=e, size_sft=f, status=g)
            for a, b, c, d, e, f, g in rows]
