"""Item commands and queries: create/update (validated by domain.Item), lifecycle, dated prices,
quantity conversion with the item's own conversions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import clock, context
from vextrus.platform.changes import field_changes
from vextrus.platform.errors import Conflict
from vextrus.platform.pagination import Page
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version, touch

from .. import domain, search
from ..domain.lifecycle import ACTIVE, ARCHIVED, INACTIVE
from ..events import ItemCreated, ItemDeleted, ItemPriceSet, ItemStatusChanged, ItemUpdated
from ..repository import item_by_code, item_row_to_domain, item_to_domain, load_item, store_item
from ..schemas import ConversionIn, ItemBrief, ItemInput, ItemView, PriceView
from ..tables import ItemRow, PriceRow
from .parties import refuse_if_referenced

# the mapping under the names this module always had (the CSV import calls `items.to_domain`)
to_domain, row_to_domain = item_to_domain, item_row_to_domain

READ = "master_data.item.read"
CREATE = "master_data.item.create"
UPDATE = "master_data.item.update"
ARCHIVE = "master_data.item.archive"
DELETE = "master_data.item.delete"
PRICE = "master_data.item.price"


def view(row: ItemRow) -> ItemView:
    return ItemView(
        id=row.id, code=row.code, name=row.name, name_bn=row.name_bn, kind=row.kind, base_unit=row.base_unit,
        hs_code=row.hs_code, vat_category=row.vat_category, withholding_category=row.withholding_category,
        standard_cost=row.standard_cost, currency=row.currency, specification=dict(row.specification or {}),
        conversions=[ConversionIn(from_unit=c.from_unit, to_unit=c.to_unit, factor=c.factor) for c in row.conversions],
        status=row.status, version=row.version, created_at=row.created_at, updated_at=row.updated_at,
    )


@command(CREATE, scope="master_data.create_item")
def create_item(uow: UnitOfWork, data: ItemInput) -> ItemView:
    it = item_to_domain(data)
    if item_by_code(uow.session, it.code) is not None:
        raise Conflict("master_data.duplicate_item_code", f"Item code {it.code} is already used",
                       f"পণ্য কোড {it.code} ইতিমধ্যে ব্যবহৃত", field="code", details={"code": it.code})
    row = ItemRow(status=ACTIVE, version=1, tenant_id=context.require_tenant())
    uow.session.add(row)
    store_item(uow.session, row, it)
    uow.emit(ItemCreated(item_id=row.id, code=row.code, name_en=row.name, base_unit=row.base_unit))
    return view(row)


@command(UPDATE, scope="master_data.update_item")
def update_item(uow: UnitOfWork, item_id: UUID, data: ItemInput, expected_version: int) -> ItemView:
    row = load_item(uow.session, item_id)
    check_version(row, expected_version, f"item {row.code}")
    it = item_to_domain(data)
    if it.code != row.code:
        other = item_by_code(uow.session, it.code)
        if other is not None:
            raise Conflict("master_data.duplicate_item_code", f"Item code {it.code} is already used",
                           f"পণ্য কোড {it.code} ইতিমধ্যে ব্যবহৃত", field="code")
        refuse_if_referenced(uow.session, "item", row.id, row.code, "renamed to another code",
                             "অন্য কোডে পরিবর্তন করা")
    before = view(row).model_dump(include=set(ItemInput.model_fields))
    store_item(uow.session, row, it)
    after = view(row).model_dump(include=set(ItemInput.model_fields))
    changed = sorted(k for k in after if before[k] != after[k])
    if changed:
        touch(row)  # a changed conversion changes the item too
        uow.session.flush()  # the version moves on here (Versioned)
        uow.emit(ItemUpdated(item_id=row.id, code=row.code, changed=changed, revision=row.version,
                             changes=field_changes(before, after, changed)))
    return view(row)


def _set_status(uow: UnitOfWork, row: ItemRow, to: str) -> ItemView:
    before = row.status
    if before != to:
        row.status = to
        uow.session.flush()  # the version moves on here (Versioned)
        uow.emit(ItemStatusChanged(item_id=row.id, code=row.code, from_status=before, to_status=to))
    return view(row)


@command(ARCHIVE, scope="master_data.archive_item")
def archive_item(uow: UnitOfWork, item_id: UUID) -> ItemView:
    return _set_status(uow, load_item(uow.session, item_id), ARCHIVED)


@command(UPDATE, scope="master_data.deactivate_item")
def deactivate_item(uow: UnitOfWork, item_id: UUID) -> ItemView:
    row = load_item(uow.session, item_id)
    refuse_if_referenced(uow.session, "item", row.id, f"{row.code} {row.name}", "deactivated", "নিষ্ক্রিয় করা",
                         f"{row.code} {row.name_bn or row.name}")
    return _set_status(uow, row, INACTIVE)


@command(UPDATE, scope="master_data.activate_item")
def activate_item(uow: UnitOfWork, item_id: UUID) -> ItemView:
    return _set_status(uow, load_item(uow.session, item_id), ACTIVE)


@command(DELETE, scope="master_data.delete_item")
def delete_item(uow: UnitOfWork, item_id: UUID) -> bool:
    row = load_item(uow.session, item_id)
    refuse_if_referenced(uow.session, "item", row.id, f"{row.code} {row.name}", "deleted", "মুছে ফেলা",
                         f"{row.code} {row.name_bn or row.name}")
    search.unindex(uow.session, "item", row.id)
    code = row.code
    uow.session.delete(row)
    uow.session.flush()
    uow.emit(ItemDeleted(item_id=item_id, code=code))
    return True


@command(PRICE, scope="master_data.set_price")
def set_price(uow: UnitOfWork, item_id: UUID, price: Decimal, valid_from: date, unit: str | None = None,
              valid_to: date | None = None, price_list: str = "standard", currency: str = "BDT") -> PriceView:
    """Add (or correct, same list/unit/start date) a dated price; the newest start date wins."""
    row = load_item(uow.session, item_id)
    entry = domain.PriceListEntry(row.code, unit or row.base_unit, price, valid_from, valid_to, currency,
                                  price_list.strip() or "standard")
    existing = uow.session.execute(select(PriceRow).where(
        PriceRow.item_id == row.id, PriceRow.price_list == entry.price_list, PriceRow.unit == entry.unit,
        PriceRow.valid_from == entry.valid_from)).scalar_one_or_none()
    if existing is None:
        existing = PriceRow(item_id=row.id, tenant_id=row.tenant_id, price_list=entry.price_list, unit=entry.unit,
                            valid_from=entry.valid_from)
        uow.session.add(existing)
    existing.price, existing.valid_to, existing.currency = entry.price, entry.valid_to, entry.currency
    uow.session.flush()
    uow.emit(ItemPriceSet(item_id=row.id, code=row.code, price_list=entry.price_list, unit=entry.unit,
                          price=str(entry.price), currency=entry.currency, valid_from=entry.valid_from,
                          valid_to=entry.valid_to))
    return PriceView(item_id=row.id, item_code=row.code, price_list=entry.price_list, unit=entry.unit,
                     price=entry.price, currency=entry.currency, valid_from=entry.valid_from, valid_to=entry.valid_to)


@query(READ)
def get_item(uow: UnitOfWork, item_id: UUID) -> ItemView:
    return view(load_item(uow.session, item_id))


@query(READ)
def items_brief(uow: UnitOfWork, item_ids: list[UUID]) -> dict[UUID, ItemBrief]:
    """Many items by id, one statement a 1,000 ids (the tenant's only; an unknown id is left out): a slip of
    200 lines names each item once here instead of a `get_item` (item + conversions) per item."""
    tenant, out = context.require_tenant(), {}
    ids = list(dict.fromkeys(item_ids))
    cols = (ItemRow.id, ItemRow.code, ItemRow.name, ItemRow.name_bn, ItemRow.base_unit, ItemRow.status)
    for k in range(0, len(ids), 1000):
        rows = uow.session.execute(select(*cols).where(ItemRow.tenant_id == tenant, ItemRow.id.in_(ids[k:k + 1000])))
        out.update({r.id: ItemBrief(id=r.id, code=r.code, name=r.name, name_bn=r.name_bn, base_unit=r.base_unit,
                                    status=r.status) for r in rows})
    return out


@query(READ)
def get_item_by_code(uow: UnitOfWork, code: str) -> ItemView | None:
    row = item_by_code(uow.session, domain.normalise_code(code))
    return view(row) if row else None


@query(READ)
def price_on(uow: UnitOfWork, item_id: UUID, on: date | None = None, price_list: str = "standard",
             unit: str | None = None) -> PriceView | None:
    row = load_item(uow.session, item_id)
    prices = uow.session.execute(select(PriceRow).where(PriceRow.item_id == row.id)).scalars().all()
    entries = [domain.PriceListEntry(row.code, p.unit, p.price, p.valid_from, p.valid_to, p.currency,
                                     p.price_list) for p in prices]
    found = domain.price_on(entries, row.code, on or clock.today(), price_list, unit, item_row_to_domain(row))
    if found is None:
        return None
    return PriceView(item_id=row.id, item_code=row.code, price_list=found.price_list, unit=found.unit,
                     price=found.price, currency=found.currency, valid_from=found.valid_from,
                     valid_to=found.valid_to)


@query(READ)
def prices_on(uow: UnitOfWork, item_ids: list[UUID], on: date | None = None, price_list: str = "standard",
              unit: str | None = None) -> dict[UUID, PriceView | None]:
    """`price_on` for a whole list of items (a page of items with their prices) in two queries: the
    items (with their conversions) and their prices. An id that is not an item of the tenant is absent."""
    wanted = list(dict.fromkeys(item_ids))
    if not wanted:
        return {}
    tid = context.require_tenant()
    rows = [r for r in uow.session.execute(select(ItemRow).where(ItemRow.id.in_(wanted))).scalars()
            if r.tenant_id == tid]
    prices: dict[UUID, list[PriceRow]] = {}
    for p in uow.session.execute(select(PriceRow).where(PriceRow.item_id.in_([r.id for r in rows]))).scalars():
        prices.setdefault(p.item_id, []).append(p)
    out: dict[UUID, PriceView | None] = {}
    for row in rows:
        entries = [domain.PriceListEntry(row.code, p.unit, p.price, p.valid_from, p.valid_to, p.currency,
                                         p.price_list) for p in prices.get(row.id, [])]
        found = domain.price_on(entries, row.code, on or clock.today(), price_list, unit, item_row_to_domain(row))
        out[row.id] = None if found is None else PriceView(
            item_id=row.id, item_code=row.code, price_list=found.price_list, unit=found.unit, price=found.price,
            currency=found.currency, valid_from=found.valid_from, valid_to=found.valid_to)
    return out


@query(READ)
def convert_quantity(uow: UnitOfWork, item_id: UUID, quantity: Decimal, from_unit: str, to_unit: str) -> Decimal:
    return item_row_to_domain(load_item(uow.session, item_id)).convert(quantity, from_unit, to_unit)


@query(READ)
def search_items(uow: UnitOfWork, q: str = "", *, kind: str | None = None, include_archived: bool = False, first: int = 50,
                 after: str | None = None) -> Page[ItemView]:
    filters = []
    if kind:
        filters.append(ItemRow.kind == kind)
    if not include_archived:
        filters.append(ItemRow.status != ARCHIVED)
    page = search.search_page(uow.session, ItemRow, "item", context.require_tenant(), q, filters=filters,
                              first=first,
                              after=after)
    return Page([view(r) for r in page.items], page.end_cursor, page.has_next_page)
