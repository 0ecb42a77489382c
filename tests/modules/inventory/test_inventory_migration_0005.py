"""inventory_0005 on a database of its own, both backends: the reorder level table is created (a row of an
existing store stored and read back exactly, one per store and item), dropped by the downgrade with the stores and
moves untouched, and created again by the upgrade."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations


def test_reorder_levels_table_up_down_up(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "inventory_0004")
    tenant, company, store, item = (uuid.uuid4() for _ in range(4))
    now = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)

    m = MigrationTables(engine, "inventory", tenant)
    uid, connect = m.uid, m.connect

    with connect() as c:
        assert "inventory_reorder_level" not in m.table_names(c)
        m.add_tenant(c, now)
        c.execute(m.tables(c, "inventory_store")[0].insert().values(
            id=uid(store), tenant_id=uid(tenant), company_id=uid(company), code="SITE-1", name="Site store",
            name_bn="", kind="site", version=1, created_at=now, updated_at=now))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    level = dict(tenant_id=uid(tenant), company_id=uid(company), store_id=uid(store), item_id=uid(item),
                 item_code="CEM", item_name="Cement", item_name_bn="সিমেন্ট", unit="bag",
                 reorder_point=1_000_500_000, reorder_quantity=500 * 10**6, max_quantity=None, version=1,
                 created_at=now, updated_at=now)
    with connect() as c:
        lv = m.tables(c, "inventory_reorder_level")[0]
        c.execute(lv.insert().values(id=uid(uuid.uuid4()), **level))
        c.commit()
        assert c.execute(sa.select(lv.c.reorder_point, lv.c.reorder_quantity)).one() == (1_000_500_000, 500 * 10**6)
        with pytest.raises(sa.exc.IntegrityError):  # one level per store and item
            c.execute(lv.insert().values(id=uid(uuid.uuid4()), **level))
        c.rollback()
    migrations.downgrade(engine, "inventory_0004")
    with connect() as c:
        assert "inventory_reorder_level" not in m.table_names(c)
        assert c.execute(sa.select(sa.func.count()).select_from(m.tables(c, "inventory_store")[0])).scalar() == 1
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
