"""ORM <-> views, the domain's position (the running totals of the last row at or before a date, rows
ordered by (move_date, seq)), the set-based shift of the rows after a backdated transfer, and the read and
the one set-based write of the later rows a backdated receipt or issue re-costs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    String,
    Uuid,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from vextrus.platform.db import Amount

from .domain import Position, Restated
from .schemas import MoveView, StoreView
from .tables import MoveRow, StoreRow

QTY, VAL = Amount(6), Amount(2)


def store_view(row: StoreRow) -> StoreView:
    return StoreView(id=row.id, company_id=row.company_id, code=row.code, name=row.name, name_bn=row.name_bn,
                     kind=row.kind, version=row.version, project_id=row.project_id)


def move_view(row: MoveRow) -> MoveView:
    return MoveView.model_validate(row, from_attributes=True)


def next_seq(s: Session, company_id: UUID, item_id: UUID) -> int:
    """The insertion counter of the item's next move (never renumbered; unique per company and item, so two
    concurrent moves of one item cannot both be written)."""
    top = s.scalar(select(func.max(MoveRow.seq)).where(MoveRow.company_id == company_id,
                                                       MoveRow.item_id == item_id))
    return (top or 0) + 1


def _item(company_id: UUID, item_id: UUID) -> list[ColumnElement[bool]]:
    return [MoveRow.company_id == company_id, MoveRow.item_id == item_id]


def _order_desc() -> tuple:
    return (MoveRow.move_date.desc(), MoveRow.seq.desc())


def position(s: Session, company_id: UUID, item_id: UUID, on: date, stores: list[UUID]) -> Position:
    """The item's company totals and the named stores' totals as they stood at the end of `on`: from the
    last row (by move date, then seq) dated on or before it: for a store, the last row that touched it as
    the source store or as a transfer's destination."""
    pos = Position()
    last = s.scalar(select(MoveRow).where(*_item(company_id, item_id), MoveRow.move_date <= on)
                    .order_by(*_order_desc()).limit(1))
    if last is None:
        return pos
    pos.quantity, pos.value = last.quantity_after, last.value_after
    for store in stores:
        row = s.scalar(select(MoveRow).where(*_item(company_id, item_id), MoveRow.move_date <= on,
                                             or_(MoveRow.store_id == store, MoveRow.to_store_id == store))
                       .order_by(*_order_desc()).limit(1))
        if row is None:
            continue
        if row.store_id == store:
            pos.stores[str(store)] = (row.store_quantity_after, row.store_value_after)
        else:
            pos.stores[str(store)] = (row.to_store_quantity_after, row.to_store_value_after)  # type: ignore[assignment]
    return pos


def _later(company_id: UUID, item_id: UUID, on: date) -> list[ColumnElement[bool]]:
    # A new row takes seq = max + 1, so the rows after it in (move_date, seq) order are exactly those dated later.
    return [*_item(company_id, item_id), MoveRow.move_date > on]


def lowest_later(s: Session, company_id: UUID, item_id: UUID, on: date, store: UUID) -> tuple[Decimal | None, Decimal | None]:
    """One MIN() over the rows after `on`: the lowest later running quantity of the company and of `store`
    (None when no later row has one)."""
    store_qty = case((MoveRow.store_id == store, MoveRow.store_quantity_after),
                     (MoveRow.to_store_id == store, MoveRow.to_store_quantity_after), else_=None)
    company_min, store_min = s.execute(select(func.min(MoveRow.quantity_after), func.min(store_qty))
                                       .where(*_later(company_id, item_id, on))).one()
    return company_min, store_min  # both typed Amount(6): already Decimal


def shift_later(s: Session, company_id: UUID, item_id: UUID, on: date, company: tuple[Decimal, Decimal],
                stores: dict[UUID, tuple[Decimal, Decimal]]) -> int:
    """ONE set-based UPDATE: every row of the item dated after `on` gets the company's (quantity, value)
    change added to its running totals, and each touched store's change added to that store's totals on the
    rows that name it (as source or destination). Returns the number of rows shifted."""

    def by_store(col: str, idx: int, kind: Amount) -> ColumnElement:
        whens = [(getattr(MoveRow, col) == sid, literal(d[idx], kind)) for sid, d in stores.items() if d[idx]]
        return case(*whens, else_=literal(Decimal(0), kind)) if whens else literal(Decimal(0), kind)

    values: dict = {}
    dq, dv = company
    if dq:
        values["quantity_after"] = MoveRow.quantity_after + literal(dq, QTY)
    if dv:
        values["value_after"] = MoveRow.value_after + literal(dv, VAL)
    if any(d[0] for d in stores.values()):
        values["store_quantity_after"] = MoveRow.store_quantity_after + by_store("store_id", 0, QTY)
        values["to_store_quantity_after"] = MoveRow.to_store_quantity_after + by_store("to_store_id", 0, QTY)
    if any(d[1] for d in stores.values()):
        values["store_value_after"] = MoveRow.store_value_after + by_store("store_id", 1, VAL)
        values["to_store_value_after"] = MoveRow.to_store_value_after + by_store("to_store_id", 1, VAL)
    if not values:
        return 0
    result = s.execute(update(MoveRow).where(*_later(company_id, item_id, on)).values(**values)
                       .execution_options(synchronize_session=False))
    return result.rowcount or 0


def raw_id(s: Session, value: UUID | None) -> Any:
    """A UUID as the driver returns it from an untyped read (`later_rows`): hex on SQLite, UUID on PostgreSQL."""
    proc = MoveRow.__table__.c.store_id.type._cached_bind_processor(s.get_bind().dialect)
    return proc(value) if proc and value is not None else value


def _target(conn: Any) -> str:
    t = MoveRow.__table__
    schema = (conn.get_execution_options().get("schema_translate_map") or {}).get(t.schema, t.schema)
    return f"{schema}.{t.name}" if schema else t.name


def later_rows(s: Session, company_id: UUID, item_id: UUID, on: date) -> list[tuple]:
    """The rows of the item dated after `on`, in (move_date, seq) order, as `domain.Later` tuples in the
    columns' own units (BIGINT: millionths of a unit, poisha; ids and dates as the driver gives them), read
    through the driver's cursor: one read of 100,000 rows must not build 600,000 Decimals nor 100,000 ORM
    rows. `key` is what `write_recost` finds the row by: the seq on PostgreSQL, the rowid on SQLite."""
    conn = s.connection()
    pg = conn.dialect.name == "postgresql"
    mark = "%s" if pg else "?"
    sql = ("SELECT kind, store_id, to_store_id, quantity, unit_cost IS NOT NULL, value, moved_value, "
           f"store_value_after, to_store_value_after, {'seq' if pg else 'rowid'}, move_date, project_id, "
           f"activity_code FROM {_target(conn)} WHERE company_id = {mark} AND item_id = {mark} AND move_date > {mark} "
           "ORDER BY move_date, seq")
    cur = conn.connection.dbapi_connection.cursor()
    try:
        cur.execute(sql, (raw_id(s, company_id), raw_id(s, item_id), on if pg else on.isoformat()))
        return cur.fetchall()
    finally:
        cur.close()


def write_recost(s: Session, company_id: UUID, item_id: UUID, on: date, keys: Sequence[int],
                 rows: Sequence[Restated], stores: dict[UUID, Decimal]) -> int:
    """ONE set-based write of the later rows a re-cost valued again: each row's value, moved value and running
    totals from `rows` (found by the `key` of `later_rows`), and the stores' running quantities shifted by
    `stores` (the backdated move's quantity change per store). PostgreSQL: one `UPDATE ... FROM
    unnest(arrays)` (binary arrays; psycopg's executemany would be a statement per row). SQLite: one
    executemany by rowid (a C loop in process; `UPDATE ... FROM json_each()` was no faster once its
    JSON text was built, and the planner scanned the JSON once per row unless it was materialised)."""
    if not keys:
        return 0
    conn = s.connection()
    target = _target(conn)
    moved = [(raw_id(s, sid), to_scaled(dq)) for sid, dq in stores.items() if dq]
    pg = conn.dialect.name == "postgresql"
    mark = "%s" if pg else "?"

    def by_store(col: str) -> str:
        whens = " ".join(f"WHEN {col} = {mark} THEN {mark}" for _ in moved)
        return f"CASE {whens} ELSE 0 END" if moved else "0"

    shift = [v for pair in moved for v in pair] * 2  # the two CASEs' parameters
    sets = (f"store_quantity_after = store_quantity_after + {by_store('store_id')}, "
            f"to_store_quantity_after = to_store_quantity_after + {by_store('to_store_id')}")
    cur = conn.connection.dbapi_connection.cursor()
    try:
        if pg:
            cols = [list(c) for c in zip(*rows, strict=True)]
            sql = (f"UPDATE {target} AS m SET value = u.v, moved_value = u.mv, quantity_after = u.qa, value_after = u.va, "
                   f"store_value_after = u.sva, to_store_value_after = u.tva, {sets} "
                   "FROM unnest(%s::int[], %s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[], "
                   "%s::bigint[]) AS u(seq, v, mv, qa, va, sva, tva) "
                   "WHERE m.company_id = %s AND m.item_id = %s AND m.move_date > %s AND m.seq = u.seq")
            cur.execute(sql, [*shift, list(keys), *cols, company_id, item_id, on], binary=True)
            return cur.rowcount
        sql = (f"UPDATE {target} SET value = ?, moved_value = ?, quantity_after = ?, value_after = ?, "
               f"store_value_after = ?, to_store_value_after = ?, {sets} WHERE rowid = ?")
        cur.executemany(sql, [(*r, *shift, k) for r, k in zip(rows, keys, strict=True)])
        return cur.rowcount
    finally:
        cur.close()


def to_scaled(amount: Decimal, scale: int = 6) -> int:
    return int(amount.scaleb(scale))


def latest_of_items(s: Session, company_id: UUID, items: Sequence[UUID]) -> dict[UUID, tuple[date, int, Decimal, Decimal]]:
    """Each item's last row by (move date, seq): its date, the item's highest seq and the company's running
    (quantity, value) after it; one statement for many items (a UNION ALL of one index seek an item, as
    `position` does for one; text SQL: building it as expressions cost more than running it), items without a
    move left out."""
    t = _target(s.connection())
    out: dict[UUID, tuple[date, int, Decimal, Decimal]] = {}
    for k in range(0, len(items), 200):
        chunk = items[k:k + 200]
        sql = " UNION ALL ".join(
            f"SELECT * FROM (SELECT item_id, move_date, (SELECT max(seq) FROM {t} WHERE company_id = :c AND "
            f"item_id = :i{n}) AS top, quantity_after, value_after FROM {t} WHERE company_id = :c AND item_id = :i{n} "
            "ORDER BY move_date DESC, seq DESC LIMIT 1) AS x" + str(n) for n in range(len(chunk)))
        q = (text(sql).bindparams(bindparam("c", company_id, type_=Uuid),
                                  *(bindparam(f"i{n}", item, type_=Uuid) for n, item in enumerate(chunk)))
             .columns(item_id=Uuid, move_date=Date, top=Integer, quantity_after=QTY, value_after=VAL))
        out.update({r[0]: (r[1], r[2], r[3], r[4]) for r in s.execute(q)})
    return out


def stores_of_items(s: Session, company_id: UUID, pairs: Sequence[tuple[UUID, UUID]]
                    ) -> dict[tuple[UUID, UUID], tuple[Decimal, Decimal]]:
    """Each (item, store)'s running (quantity, value) after the item's last row that touched the store (as source
    or as a transfer's destination): `position`'s per-store read, one statement for many pairs."""
    t = _target(s.connection())
    out: dict[tuple[UUID, UUID], tuple[Decimal, Decimal]] = {}
    for k in range(0, len(pairs), 200):
        chunk = pairs[k:k + 200]
        sql = " UNION ALL ".join(
            f"SELECT * FROM (SELECT item_id, :s{n} AS store, CASE WHEN store_id = :s{n} THEN store_quantity_after "
            f"ELSE to_store_quantity_after END AS q, CASE WHEN store_id = :s{n} THEN store_value_after ELSE "
            f"to_store_value_after END AS v FROM {t} WHERE company_id = :c AND item_id = :i{n} AND (store_id = :s{n} "
            f"OR to_store_id = :s{n}) ORDER BY move_date DESC, seq DESC LIMIT 1) AS x" + str(n) for n in range(len(chunk)))
        q = (text(sql).bindparams(bindparam("c", company_id, type_=Uuid),
                                  *(bindparam(f"i{n}", item, type_=Uuid) for n, (item, _) in enumerate(chunk)),
                                  *(bindparam(f"s{n}", store, type_=Uuid) for n, (_, store) in enumerate(chunk)))
             .columns(item_id=Uuid, store=Uuid, q=QTY, v=VAL))
        out.update({(r[0], r[1]): (r[2], r[3]) for r in s.execute(q)})
    return out


def last_of_each_item(s: Session, company_id: UUID, as_of: date | None) -> list[tuple[UUID, str, Decimal, Decimal]]:
    """Each item's last row on or before `as_of` (by move date, seq): (item id, item code, the company's running
    quantity and value after it), in item id order. The valuation as of a date, without reading every move:
    the company's items are found by a skip scan of the index `(company_id, item_id, move_date, seq)` (a
    recursive query, one index seek an item), then one seek an item for its last row; O(items × log moves),
    not O(moves). Items with no row on or before the date are left out."""
    t = _target(s.connection())
    day = "AND move_date <= :d" if as_of is not None else ""
    sql = (f"WITH RECURSIVE items(id) AS ("
           f"SELECT (SELECT item_id FROM {t} WHERE company_id = :c ORDER BY item_id LIMIT 1) "
           f"UNION ALL SELECT (SELECT m.item_id FROM {t} m WHERE m.company_id = :c AND m.item_id > items.id "
           "ORDER BY m.item_id LIMIT 1) FROM items WHERE items.id IS NOT NULL) "
           f"SELECT x.item_id, x.item_code, x.quantity_after, x.value_after FROM items JOIN {t} x ON x.id = "
           f"(SELECT l.id FROM {t} l WHERE l.company_id = :c AND l.item_id = items.id {day.replace('move_date', 'l.move_date')} "
           "ORDER BY l.move_date DESC, l.seq DESC LIMIT 1) WHERE items.id IS NOT NULL ORDER BY x.item_id")
    params = [bindparam("c", company_id, type_=Uuid)] + ([bindparam("d", as_of, type_=Date)] if as_of is not None else [])
    q = text(sql).bindparams(*params).columns(item_id=Uuid, item_code=String, quantity_after=QTY, value_after=VAL)
    return [(r[0], r[1], r[2], r[3]) for r in s.execute(q)]
