"""Reorder levels per store and item, the suggested purchases, and the slow-moving stock report (issue 17).

`set_reorder_level`: load (company, store in reach, item from master_data) → guard (`domain.reorder.check_level`,
the version) → store (insert or replace the one row per store and item) → emit `inventory.reorder_level.set` →
view. Suggestions and the slow-moving report read each item's stock per store as of a date from the checkpoints
(`repository.positions_at`: O(items + one month's moves)); procurement turns chosen suggestions into a draft
requisition through `inventory.api.reorder_suggestions` (procurement depends on inventory, not the reverse)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import func, or_, select, union_all

from vextrus.platform import clock, context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.money import ZERO
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from ..domain import from_units
from ..domain import reorder as rules
from ..events import ReorderLevelRemoved, ReorderLevelSet
from ..repository import positions_at
from ..schemas import (
    ReorderLevelInput,
    ReorderLevelView,
    ReorderSuggestion,
    SlowMovingLine,
    SlowMovingReport,
)
from ..tables import MoveRow, ReorderLevelRow, StoreRow, TransferRow
from .stores import check_company, in_reach, load_store, reached_stores


def _view(row: Any, store_code: str) -> ReorderLevelView:
    return ReorderLevelView(id=row.id, company_id=row.company_id, store_id=row.store_id, store_code=store_code,
                            item_id=row.item_id, item_code=row.item_code, item_name=row.item_name,
                            item_name_bn=row.item_name_bn, unit=row.unit, reorder_point=row.reorder_point,
                            reorder_quantity=row.reorder_quantity, max_quantity=row.max_quantity, version=row.version)


@command("inventory.store.manage", scope="inventory.set_reorder_level")
def set_reorder_level(uow: UnitOfWork, data: ReorderLevelInput) -> ReorderLevelView:
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    # load
    check_company(data.company_id)
    store = load_store(uow, data.store_id, data.company_id)
    with context.calling_as(MODULE):
        item = master_data.items_by_id([data.item_id]).get(data.item_id)
    if item is None:
        raise ValidationFailed("inventory.item_unknown", f"Item {data.item_id} does not exist",
                               "এমন কোনো পণ্য নেই", field="item_id")
    row = uow.session.scalar(select(ReorderLevelRow).where(ReorderLevelRow.company_id == data.company_id,
                                                           ReorderLevelRow.store_id == store.id,
                                                           ReorderLevelRow.item_id == item.id))
    # guard (pure)
    point, qty, top = rules.check_level(data.reorder_point, data.reorder_quantity, data.max_quantity)
    if row is not None:
        check_version(row, data.expected_version, f"reorder level {store.code}/{item.code}")
    # store
    if row is None:
        row = ReorderLevelRow(tenant_id=context.require_tenant(), company_id=data.company_id, store_id=store.id,
                              item_id=item.id)
        uow.session.add(row)
    row.item_code, row.item_name, row.item_name_bn, row.unit = item.code, item.name, item.name_bn, item.base_unit
    row.reorder_point, row.reorder_quantity, row.max_quantity = point, qty, top
    uow.session.flush()
    # emit → view
    uow.emit(ReorderLevelSet(level_id=row.id, company_id=row.company_id, store_id=row.store_id, item_id=row.item_id,
                             reorder_point=point, reorder_quantity=qty, max_quantity=top))
    return _view(row, store.code)


@command("inventory.store.manage", scope="inventory.remove_reorder_level")
def remove_reorder_level(uow: UnitOfWork, level_id: UUID, expected_version: int | None = None) -> ReorderLevelView:
    """Remove a store's reorder level of an item (answers it as it was)."""
    from .. import domain

    row = uow.session.get(ReorderLevelRow, level_id)
    if row is None:
        raise domain.Missing("reorder level", "পুনঃক্রয় স্তর", level_id)
    store = load_store(uow, row.store_id)  # another company's or another project's store: not found
    check_version(row, expected_version, f"reorder level {store.code}/{row.item_code}")
    view = _view(row, store.code)
    uow.session.delete(row)
    uow.session.flush()
    uow.emit(ReorderLevelRemoved(level_id=view.id, company_id=view.company_id, store_id=view.store_id,
                                 item_id=view.item_id))
    return view


LEVEL_COLUMNS = (ReorderLevelRow.id, ReorderLevelRow.company_id, ReorderLevelRow.store_id, ReorderLevelRow.item_id,
                 ReorderLevelRow.item_code, ReorderLevelRow.item_name, ReorderLevelRow.item_name_bn,
                 ReorderLevelRow.unit, ReorderLevelRow.reorder_point, ReorderLevelRow.reorder_quantity,
                 ReorderLevelRow.max_quantity, ReorderLevelRow.version)


def _levels(uow: UnitOfWork, company_id: UUID, store_id: UUID | None) -> list[tuple[Any, StoreRow]]:
    """The company's levels (the stores in reach), by store code and item code: plain rows of the columns, not
    ORM entities (20,000 levels: entities cost 0.9 s of 2.4 s under profiling), and each store's row once."""
    context.require_company(company_id, "company", company_id, field="company_id")
    stores = {st.id: st for st in uow.session.scalars(in_reach(select(StoreRow).where(StoreRow.company_id == company_id)))}
    if store_id is not None:
        stores = {k: v for k, v in stores.items() if k == store_id}
    if not stores:
        return []
    q = select(*LEVEL_COLUMNS).where(ReorderLevelRow.company_id == company_id)
    if store_id is not None:
        q = q.where(ReorderLevelRow.store_id == store_id)
    rows = [(r, stores[r.store_id]) for r in uow.session.execute(q) if r.store_id in stores]
    rows.sort(key=lambda x: (x[1].code, x[0].item_code))
    return rows


@query("inventory.stock.view")
def list_reorder_levels(uow: UnitOfWork, company_id: UUID, store_id: UUID | None = None) -> list[ReorderLevelView]:
    """The company's reorder levels (the stores a role assigned for some projects reaches), by store and item."""
    return [_view(r, s.code) for r, s in _levels(uow, company_id, store_id)]


@query("inventory.stock.view")
def reorder_suggestions(uow: UnitOfWork, company_id: UUID, store_id: UUID | None = None,
                        as_of: date | None = None) -> list[ReorderSuggestion]:
    """Per active store, the items whose stock as of `as_of` (default today, Asia/Dhaka) — on hand plus what is
    on the road to the store (dispatched, not yet received) plus what is on order (procurement's approved
    requisitions not yet ordered and open orders not yet delivered) — is at or below their reorder point, with the
    quantity to buy (`domain.reorder.suggest`): a truck already sent, or an order already placed, is not bought again."""
    levels = [(lv, st) for lv, st in _levels(uow, company_id, store_id) if st.active]
    if not levels:
        return []
    on = as_of or clock.today()
    pos = positions_at(uow.session, company_id, on)
    coming = _in_transit_to(uow, company_id, on)
    ordered = _on_order(company_id, store_id, on)
    out = []
    for lv, st in levels:
        held = pos.get(lv.item_id)
        on_hand = from_units(held[3].get(st.id, [0, 0])[0], 6) if held else ZERO
        in_transit = coming.get((st.id, lv.item_id), ZERO)
        on_order = ordered.get((st.id, lv.item_id), ZERO)
        qty = rules.suggest(on_hand + in_transit + on_order, lv.reorder_point, lv.reorder_quantity, lv.max_quantity)
        if qty is not None:
            out.append(ReorderSuggestion(store_id=st.id, store_code=st.code, store_project_id=st.project_id,
                                         item_id=lv.item_id, item_code=lv.item_code, item_name=lv.item_name,
                                         item_name_bn=lv.item_name_bn, unit=lv.unit, on_hand=on_hand,
                                         in_transit=in_transit, on_order=on_order,
                                         reorder_point=lv.reorder_point, reorder_quantity=lv.reorder_quantity,
                                         max_quantity=lv.max_quantity, suggested_quantity=qty))
    return out


OnOrderSource = Callable[[UUID, "UUID | None", date], Mapping[tuple[UUID, UUID], Decimal]]
_on_order_sources: dict[str, OnOrderSource] = {}


def register_on_order(name: str, source: OnOrderSource) -> None:
    """A module that buys for the stores (procurement) tells inventory what it already has on order: `source(company_id,
    store_id or None, as_of)` → {(store, item): quantity in the item's base unit}. Inventory never imports the buyer:
    the buyer depends on inventory and registers here (as modules register their file types with files)."""
    _on_order_sources[name] = source


def _on_order(company_id: UUID, store_id: UUID | None, on: date) -> dict[tuple[UUID, UUID], Decimal]:
    """(store, item) → what the registered buyers have on order for it (nothing when none runs in this process)."""
    out: dict[tuple[UUID, UUID], Decimal] = {}
    for source in _on_order_sources.values():
        for key, qty in source(company_id, store_id, on).items():
            out[key] = out.get(key, ZERO) + qty
    return out


def _in_transit_to(uow: UnitOfWork, company_id: UUID, on: date) -> dict[tuple[UUID, UUID], Decimal]:
    """(destination store, item) → the quantity dispatched on or before `on` and not received by then."""
    t = TransferRow
    rows = uow.session.execute(
        select(t.to_store_id, t.item_id, func.sum(t.quantity))
        .where(t.company_id == company_id, t.dispatch_date <= on, or_(t.receive_date.is_(None), t.receive_date > on))
        .group_by(t.to_store_id, t.item_id))
    return {(store, item): Decimal(qty) for store, item, qty in rows}


@query("inventory.stock.view")
def slow_moving(uow: UnitOfWork, company_id: UUID, as_of: date | None = None, days: int = 90) -> SlowMovingReport:
    """Per store and item with stock on hand as of `as_of` (default today): the last issue from the store, the
    last movement touching it (any move from or into it), the days since each, quantity and value on hand; only
    those with no issue in `days` days (never issued included). A role assigned for some projects: their stores."""
    check_company(company_id)
    days = rules.check_days(days)
    on = as_of or clock.today()
    reached = reached_stores(uow, company_id)
    s = uow.session
    codes = dict(s.execute(select(StoreRow.id, StoreRow.code).where(StoreRow.company_id == company_id)).all())
    m = MoveRow
    upto = (m.company_id == company_id, m.move_date <= on)
    issues = dict(((i, st), d) for i, st, d in s.execute(
        select(m.item_id, m.store_id, func.max(m.move_date)).where(*upto, m.kind == "issue")
        .group_by(m.item_id, m.store_id)))
    touched = union_all(select(m.item_id.label("item_id"), m.store_id.label("store_id"), m.move_date.label("d"))
                        .where(*upto),
                        select(m.item_id, m.to_store_id, m.move_date).where(*upto, m.to_store_id.is_not(None))
                        ).subquery()
    moved = dict(((i, st), d) for i, st, d in s.execute(
        select(touched.c.item_id, touched.c.store_id, func.max(touched.c.d))
        .group_by(touched.c.item_id, touched.c.store_id)))
    lines = []
    for item_id, (code, _q, _v, stores) in positions_at(s, company_id, on).items():
        for st, (q, v) in stores.items():
            if q <= 0 or (reached is not None and st not in reached):
                continue
            last_issue, last_move = _as_date(issues.get((item_id, st))), _as_date(moved.get((item_id, st)))
            if not rules.is_slow(last_issue, on, days):
                continue
            lines.append(SlowMovingLine(store_id=st, store_code=codes.get(st, ""), item_id=item_id, item_code=code,
                                        last_issue=last_issue, last_movement=last_move,
                                        days_since_issue=rules.days_between(last_issue, on),
                                        days_since_movement=rules.days_between(last_move, on),
                                        quantity=from_units(q, 6), value=from_units(v)))
    lines.sort(key=lambda ln: (ln.store_code, ln.item_code))
    return SlowMovingReport(company_id=company_id, as_of=on, days=days, lines=lines,
                            total_value=sum((ln.value for ln in lines), ZERO))


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


COLUMNS = (("store_code", "Store", "গুদাম", "text"), ("item_code", "Item", "পণ্য", "text"),
           ("last_issue", "Last issue", "শেষ প্রদান", "date"),
           ("days_since_issue", "Days since issue", "প্রদানের পর দিন", "int"),
           ("last_movement", "Last movement", "শেষ চলাচল", "date"),
           ("days_since_movement", "Days since movement", "চলাচলের পর দিন", "int"),
           ("quantity", "Quantity on hand", "হাতে পরিমাণ", "number"), ("value", "Value on hand", "হাতে মূল্য", "money"))


def slow_moving_file(company_id: UUID, as_of: date | None, days: int, fmt: str, lang: str = "en"
                     ) -> tuple[str, str, bytes]:
    """(file name, media type, content) of the slow-moving report: CSV (exact decimals; UTF-8 with a BOM in
    Bangla) or XLSX through documents' `xlsx_table` (the platform's shared Excel writer), headed in `lang`."""
    import csv
    import io

    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed("inventory.report_format_unknown", "The file is csv or xlsx", "ফাইল csv বা xlsx হয়",
                               field="format")
    report = slow_moving(company_id, as_of, days)
    bn = lang == "bn"
    rows = [ln.model_dump() for ln in report.lines]
    base = f"slow_moving_{report.as_of:%Y-%m-%d}_{report.days}d"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([c[2] if bn else c[1] for c in COLUMNS])
        for r in rows:
            w.writerow(["" if r[k] is None else format(r[k], "f") if isinstance(r[k], Decimal) else r[k]
                        for k, *_ in COLUMNS])
        return f"{base}.csv", "text/csv; charset=utf-8", buf.getvalue().encode("utf-8-sig" if bn else "utf-8")
    from vextrus.modules.documents import api as documents

    title = (to_bangla_digits(f"ধীরগতির পণ্য · {report.as_of:%d-%m-%Y} · {report.days} দিন") if bn
             else f"Slow-moving items · {report.as_of:%d-%m-%Y} · {report.days} days")
    content = documents.xlsx_table([documents.Column(k, en, b, kind=kind) for k, en, b, kind in COLUMNS], rows,
                                   sheet="slow-moving", locale="bn" if bn else "en", title=title)
    return f"{base}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content
