"""ORM <-> views; the item's monthly checkpoints (docs/inventory.md, "Checkpoints"): a position as of a date
is the checkpoint of the month before plus that month's moves replayed by `domain.walk`; the read of the later
rows a backdated move re-costs (posted columns only, through the driver's cursor); the checkpoints' writes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, aliased

from vextrus.platform import clock, context
from vextrus.platform.ids import new_id

from .domain import Figures, from_units, walk
from .domain.fifo import Layers, layers_json, layers_of, walk_fifo
from .schemas import MoveView, StoreView
from .tables import CheckpointRow, MoveRow, SettingRow, StoreRow

METHODS = ("moving_average", "fifo")


def store_view(row: StoreRow) -> StoreView:
    return StoreView(id=row.id, company_id=row.company_id, code=row.code, name=row.name, name_bn=row.name_bn,
                     kind=row.kind, version=row.version, project_id=row.project_id,
                     active=row.active)


def move_view(row: MoveRow, fig: Figures) -> MoveView:
    """A move with its figures (derived at read time): its current value and the running totals after it."""
    return MoveView(id=row.id, company_id=row.company_id, item_id=row.item_id, item_code=row.item_code, seq=row.seq,
                    move_date=row.move_date, kind=row.kind, store_id=row.store_id, to_store_id=row.to_store_id,
                    quantity=row.quantity, unit_cost=row.unit_cost, value=from_units(fig.value),
                    quantity_after=from_units(fig.quantity_after, 6), value_after=from_units(fig.value_after),
                    project_id=row.project_id, activity_code=row.activity_code, entry_id=row.entry_id, memo=row.memo)


def costing_method(s: Session, company_id: UUID) -> str:
    """The company's costing method: `moving_average` (no settings row: the default) or `fifo`."""
    return s.scalar(select(SettingRow.costing_method).where(SettingRow.company_id == company_id)) or METHODS[0]


def is_fifo(s: Session, company_id: UUID) -> bool:
    return costing_method(s, company_id) == "fifo"


def next_seq(s: Session, company_id: UUID, item_id: UUID) -> int:
    """The insertion counter of the item's next move (never renumbered; unique per company and item, so two
    concurrent moves of one item cannot both be written)."""
    top = s.scalar(select(func.max(MoveRow.seq)).where(MoveRow.company_id == company_id,
                                                       MoveRow.item_id == item_id))
    return (top or 0) + 1



def month_start(on: date) -> date:
    return on.replace(day=1)


def month_end(on: date) -> date:
    return (on.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _stores_of(cp: CheckpointRow | None) -> dict[UUID, list[int]]:
    return {UUID(k): [q, v] for k, (q, v) in json.loads(cp.stores).items()} if cp is not None else {}


def _start(cp: CheckpointRow | None) -> tuple[int, int, dict[UUID, list[int]]]:
    if cp is None:
        return 0, 0, {}
    return to_scaled(cp.quantity), to_scaled(cp.value, 2), _stores_of(cp)


def checkpoint_layers(cp: CheckpointRow | None) -> Layers:
    """The open FIFO layers at the checkpoint's month end (none before the first)."""
    return layers_of(cp.layers) if cp is not None else Layers()


def _walk(rows: list[tuple], q: int, v: int, stores: dict, layers: Layers | None, marks=()) -> tuple:
    """`domain.walk` (moving average, `layers` None) or `walk_fifo` (FIFO: `layers` mutated)."""
    if layers is None:
        return walk(rows, q, v, stores, marks)
    return walk_fifo(rows, q, v, stores, layers, marks)


def stores_json(stores: dict) -> str:
    return json.dumps({str(k): [q, v] for k, (q, v) in stores.items()}, sort_keys=True)


def posted(r: MoveRow) -> tuple:
    """A stored move as `domain.walk` reads it (minor units)."""
    return (r.kind, r.store_id, r.to_store_id, to_scaled(r.quantity), r.unit_cost is not None, to_scaled(r.value, 2))


def checkpoint_before(s: Session, company_id: UUID, item_id: UUID, before: date) -> CheckpointRow | None:
    """The item's last checkpoint of a month ending before `before`."""
    return s.scalar(select(CheckpointRow).where(CheckpointRow.company_id == company_id, CheckpointRow.item_id == item_id,
                                                CheckpointRow.month_end < before)
                    .order_by(CheckpointRow.month_end.desc()).limit(1))


def month_rows(s: Session, company_id: UUID, item_id: UUID, first: date | None, last: date | None,
               stores: set[UUID] | None = None) -> list[MoveRow]:
    q = select(MoveRow).where(MoveRow.company_id == company_id, MoveRow.item_id == item_id)
    if first is not None:
        q = q.where(MoveRow.move_date >= first)
    if last is not None:
        q = q.where(MoveRow.move_date <= last)
    return list(s.scalars(q.order_by(MoveRow.move_date, MoveRow.seq)))


def position(s: Session, company_id: UUID, item_id: UUID, on: date) -> tuple[int, int, dict[UUID, list[int]]]:
    """The item's company totals and each store's (minor units) at the end of `on`: the month's checkpoint when
    no move of the month is dated after `on`, else the checkpoint before the month and the month's moves up to
    `on` replayed (by the company's costing method)."""
    return position_layers(s, company_id, item_id, on, is_fifo(s, company_id))[:3]


def position_layers(s: Session, company_id: UUID, item_id: UUID, on: date, fifo: bool
                    ) -> tuple[int, int, dict[UUID, list[int]], Layers | None]:
    """`position` and, under FIFO, the open layers at the end of `on` (None under moving average)."""
    cp = s.scalar(select(CheckpointRow).where(CheckpointRow.company_id == company_id, CheckpointRow.item_id == item_id,
                                              CheckpointRow.month_end <= month_end(on))
                  .order_by(CheckpointRow.month_end.desc()).limit(1))
    if cp is None or cp.month_end < month_start(on) or cp.last_date <= on:
        return (*_start(cp), checkpoint_layers(cp) if fifo else None)
    before = checkpoint_before(s, company_id, item_id, month_start(on))
    q, v, stores = _start(before)
    layers = checkpoint_layers(before) if fifo else None
    figs, _, _ = _walk([posted(r) for r in month_rows(s, company_id, item_id, month_start(on), on)], q, v, stores,
                       layers)
    return (figs[-1].quantity_after, figs[-1].value_after, stores, layers) if figs else (q, v, stores, layers)


def figures(s: Session, company_id: UUID, item_id: UUID, first: date | None, last: date | None
            ) -> list[tuple[MoveRow, Figures]]:
    """The item's moves dated from the month of `first` (None: the first) to `last` (None: the last), each with
    its figures: from the checkpoint before that month, the moves replayed."""
    lo = month_start(first) if first is not None else None
    cp = checkpoint_before(s, company_id, item_id, lo) if lo is not None else None
    q, v, stores = _start(cp)
    rows = month_rows(s, company_id, item_id, lo, last)
    figs, _, _ = _walk([posted(r) for r in rows], q, v, stores, checkpoint_layers(cp) if is_fifo(s, company_id) else None)
    return list(zip(rows, figs, strict=True))


def later_rows(s: Session, company_id: UUID, item_id: UUID, on: date) -> list[tuple]:
    """The rows of the item dated after `on`, in (move_date, seq) order, as `domain.restate` reads them: kind,
    store, destination store, quantity (millionths of a unit), the fixed value (poisha) when a unit cost was given
    else None, then the date, project and activity. Through the driver's cursor and as few Python objects as
    the walk needs (one read of 100,000 rows must not build 100,000 ORM rows nor 300,000 UUIDs and dates): ids and
    the date come as text (`store_key` names a store the same way; `as_date`, `as_uuid` turn them back), the
    fixed value and the unit cost's presence are one column. A new row takes seq = max + 1, so the rows after it
    are those dated later."""
    conn = s.connection()
    pg = conn.dialect.name == "postgresql"
    mark, text = ("%s", "::text") if pg else ("?", "")
    sql = (f"SELECT kind, store_id{text}, to_store_id{text}, quantity, CASE WHEN unit_cost IS NULL THEN NULL "
           f"ELSE value END, move_date{text}, project_id{text}, activity_code FROM {_target(conn, MoveRow)} "
           f"WHERE company_id = {mark} AND item_id = {mark} AND move_date > {mark} ORDER BY move_date, seq")
    cur = conn.connection.dbapi_connection.cursor()
    try:
        cur.execute(sql, (raw_id(s, company_id), raw_id(s, item_id), on if pg else on.isoformat()))
        return cur.fetchall()
    finally:
        cur.close()


def store_key(s: Session, store_id: UUID) -> str:
    """A store's id as `later_rows` gives it: the canonical text on PostgreSQL, the stored hex on SQLite."""
    return str(store_id) if s.get_bind().dialect.name == "postgresql" else str(raw_id(s, store_id))


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def as_uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)


def replace_checkpoints(s: Session, company_id: UUID, item_id: UUID, item_code: str, since: date,
                        months: list[tuple]) -> None:
    """The item's checkpoints of the months from `since`'s on replaced by `months` (month end, last move date,
    quantity and value in minor units, {store: (quantity, value)}, and under FIFO the open layers): one DELETE,
    one INSERT."""
    s.execute(delete(CheckpointRow).where(CheckpointRow.company_id == company_id, CheckpointRow.item_id == item_id,
                                          CheckpointRow.month_end >= month_end(since))
              .execution_options(synchronize_session=False))
    add_checkpoints(s, [dict(company_id=company_id, item_id=item_id, item_code=item_code, month_end=m, last_date=d,
                             quantity=from_units(q, 6), value=from_units(v), stores=stores_json(st),
                             layers=layers_json(rest[0]) if rest and rest[0] is not None else None)
                        for m, d, q, v, st, *rest in months])


def add_checkpoints(s: Session, rows: list[dict]) -> None:
    if not rows:
        return
    tenant, now = context.require_tenant(), clock.now()
    s.execute(insert(CheckpointRow), [{"id": new_id(), "tenant_id": tenant, "created_at": now, "updated_at": now, **r}
                                      for r in rows])


def rebuild_checkpoints(s: Session, company_id: UUID, item_id: UUID) -> None:
    """The item's checkpoints computed again from all its moves (moves written beside the services: the bench)."""
    rows = month_rows(s, company_id, item_id, None, None)
    if not rows:
        return
    ends = [i for i in range(len(rows)) if i + 1 == len(rows) or month_end(rows[i + 1].move_date) != month_end(rows[i].move_date)]
    _, snaps, _ = _walk([posted(r) for r in rows], 0, 0, {}, Layers() if is_fifo(s, company_id) else None, ends)
    replace_checkpoints(s, company_id, item_id, rows[-1].item_code, rows[0].move_date,
                        [(month_end(rows[i].move_date), rows[i].move_date, *snaps[i]) for i in ends])


def latest_of_items(s: Session, company_id: UUID, items: Sequence[UUID]
                    ) -> dict[UUID, tuple[date, int, CheckpointRow]]:
    """Each item's latest checkpoint (its current position), its last move date and highest seq; two statements
    for many items, items without a move left out."""
    out: dict[UUID, tuple[date, int, CheckpointRow]] = {}
    for k in range(0, len(items), 500):
        chunk = list(items[k:k + 500])
        c2 = aliased(CheckpointRow)
        newest = (select(func.max(c2.month_end)).where(c2.company_id == CheckpointRow.company_id,
                                                        c2.item_id == CheckpointRow.item_id).scalar_subquery())
        cps = {cp.item_id: cp for cp in s.scalars(select(CheckpointRow).where(
            CheckpointRow.company_id == company_id, CheckpointRow.item_id.in_(chunk), CheckpointRow.month_end == newest))}
        tops = dict(s.execute(select(MoveRow.item_id, func.max(MoveRow.seq)).where(
            MoveRow.company_id == company_id, MoveRow.item_id.in_(chunk)).group_by(MoveRow.item_id)).all())
        out.update({i: (cp.last_date, tops.get(i, 0), cp) for i, cp in cps.items()})
    return out


def checkpoint_stores(cp: CheckpointRow) -> dict[UUID, list[int]]:
    return _stores_of(cp)


def positions_at(s: Session, company_id: UUID, as_of: date | None, item_id: UUID | None = None
                 ) -> dict[UUID, tuple[str, int, int, dict[UUID, list[int]]]]:
    """Each item's (code, company quantity, value, {store: [quantity, value]}) at the end of `as_of` (None: now),
    minor units: its last checkpoint up to the month of `as_of`, or, when a move of that month is dated after
    `as_of`, the checkpoint before the month plus the month's moves up to `as_of` replayed. O(items + the moves
    of one month of the items that moved after `as_of` in it), not O(moves)."""
    c2 = aliased(CheckpointRow)
    newest = select(func.max(c2.month_end)).where(c2.company_id == CheckpointRow.company_id,
                                                   c2.item_id == CheckpointRow.item_id)
    if as_of is not None:
        newest = newest.where(c2.month_end <= month_end(as_of))
    q = select(CheckpointRow).where(CheckpointRow.company_id == company_id,
                                    CheckpointRow.month_end == newest.scalar_subquery())
    if item_id is not None:
        q = q.where(CheckpointRow.item_id == item_id)
    out: dict[UUID, tuple[str, int, int, dict[UUID, list[int]]]] = {}
    fifo = None
    for cp in s.scalars(q):
        if as_of is None or cp.month_end < month_start(as_of) or cp.last_date <= as_of:
            out[cp.item_id] = (cp.item_code, *_start(cp))
        else:
            fifo = is_fifo(s, company_id) if fifo is None else fifo
            qty, val, stores, _ = position_layers(s, company_id, cp.item_id, as_of, fifo)
            out[cp.item_id] = (cp.item_code, qty, val, stores)
    return out


def raw_id(s: Session, value: UUID | None) -> Any:
    """A UUID as the driver returns it from an untyped read (`later_rows`): hex on SQLite, UUID on PostgreSQL."""
    proc = MoveRow.__table__.c.store_id.type._cached_bind_processor(s.get_bind().dialect)
    return proc(value) if proc and value is not None else value



def _target(conn: Any, table: Any = MoveRow) -> str:
    t = table.__table__
    schema = (conn.get_execution_options().get("schema_translate_map") or {}).get(t.schema, t.schema)
    return f"{schema}.{t.name}" if schema else t.name



def to_scaled(amount: Decimal, scale: int = 6) -> int:
    return int(amount.scaleb(scale))


