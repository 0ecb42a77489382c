"""inventory_0004 on a database of its own, both backends: moves written under inventory_0003 with their running
totals (one item, two stores, two months: a receipt, a transfer, an issue) give after the upgrade one checkpoint a
month with the month's last totals (company and each store) and no running columns; the downgrade puts the running
totals back (walked again) and drops the checkpoints; the upgrade runs once more."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations

RUNNING = ("quantity_after", "value_after", "store_quantity_after", "store_value_after", "to_store_quantity_after",
           "to_store_value_after")


def test_existing_moves_get_their_monthly_checkpoints(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "inventory_0003")
    m = MigrationTables(engine, "inventory")
    schema, uid, connect = m.schema, m.uid, m.connect
    tenant, company, item, a, b = m.tenant, *(uuid.uuid4() for _ in range(4))
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)

    def table(c: sa.Connection, name: str) -> sa.Table:
        return m.tables(c, name)[0]

    # 10 at ৳100 into A on 5 July; 4 from A to B on 3 Aug (৳400); 1 issued from B on 9 Aug (৳100); minor units
    moves = [(1, dt.date(2025, 7, 5), "receipt", a, None, 10, 100, 100000, 100000, 10, 100000, 10, 100000, None, None),
             (2, dt.date(2025, 8, 3), "transfer", a, b, 4, None, 0, 40000, 10, 100000, 6, 60000, 4, 40000),
             (3, dt.date(2025, 8, 9), "issue", b, None, 1, None, -10000, 10000, 9, 90000, 3, 30000, None, None)]
    with connect() as c:
        m.add_tenant(c, now)
        mv = table(c, "inventory_move")
        assert set(RUNNING) <= set(mv.c.keys())
        for seq, on, kind, src, dst, q, cost, v, moved, qa, va, sq, sv, tq, tv in moves:
            c.execute(mv.insert().values(
                id=uid(uuid.uuid4()), tenant_id=uid(tenant), company_id=uid(company), item_id=uid(item), item_code="CEM",
                seq=seq, move_date=on, kind=kind, store_id=uid(src), to_store_id=uid(dst) if dst else None,
                quantity=q * 10**6, unit_cost=cost * 10**6 if cost else None, value=v, moved_value=moved,
                quantity_after=qa * 10**6, value_after=va, store_quantity_after=sq * 10**6, store_value_after=sv,
                to_store_quantity_after=tq * 10**6 if tq else None, to_store_value_after=tv, project_id=None,
                activity_code=None, entry_id=None, memo="", created_at=now, updated_at=now))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    with connect() as c:
        assert not set(RUNNING) & set(table(c, "inventory_move").c.keys())
        cp = table(c, "inventory_checkpoint")
        got = [(r.month_end, r.last_date, r.quantity, r.value, json.loads(r.stores))
               for r in c.execute(sa.select(cp).order_by(cp.c.month_end))]
    assert got == [(dt.date(2025, 7, 31), dt.date(2025, 7, 5), 10 * 10**6, 100000, {str(a): [10 * 10**6, 100000]}),
                   (dt.date(2025, 8, 31), dt.date(2025, 8, 9), 9 * 10**6, 90000,
                    {str(a): [6 * 10**6, 60000], str(b): [3 * 10**6, 30000]})]
    migrations.downgrade(engine, "inventory_0003")
    with connect() as c:
        mv = table(c, "inventory_move")
        assert [tuple(r) for r in c.execute(sa.select(*(mv.c[k] for k in RUNNING)).order_by(mv.c.seq))] == [
            (m[9] * 10**6, m[10], m[11] * 10**6, m[12], m[13] * 10**6 if m[13] else None, m[14]) for m in moves]
        assert "inventory_checkpoint" not in sa.inspect(c).get_table_names(schema=schema)
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
