"""inventory_0009 on a database of its own, both backends: a checkpoint written before it reads back with no layers
(moving average), the settings table takes a company's method (one row a company), the downgrade drops the table
and the column with the checkpoint untouched, and the upgrade adds them again."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations


def test_costing_method_up_down_up(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "inventory_0008")
    tenant, company, item = (uuid.uuid4() for _ in range(3))
    now = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
    m = MigrationTables(engine, "inventory", tenant)
    uid, connect = m.uid, m.connect

    with connect() as c:
        m.add_tenant(c, now)
        cp = m.tables(c, "inventory_checkpoint")[0]
        assert "layers" not in cp.c
        c.execute(cp.insert().values(id=uid(uuid.uuid4()), tenant_id=uid(tenant), company_id=uid(company),
                                     item_id=uid(item), item_code="CEM", month_end=dt.date(2025, 8, 31),
                                     last_date=dt.date(2025, 8, 10), quantity=5_000000, value=500_00, stores="{}",
                                     created_at=now, updated_at=now))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    with connect() as c:
        cp, st = m.tables(c, "inventory_checkpoint", "inventory_setting")
        assert c.execute(sa.select(cp.c.item_code, cp.c.layers)).all() == [("CEM", None)]  # moving average
        row = dict(tenant_id=uid(tenant), company_id=uid(company), costing_method="fifo", version=1, created_at=now,
                   updated_at=now)
        c.execute(st.insert().values(id=uid(uuid.uuid4()), **row))
        c.commit()
        with pytest.raises(sa.exc.IntegrityError):  # one row a company
            c.execute(st.insert().values(id=uid(uuid.uuid4()), **row))
        c.rollback()
        assert c.execute(sa.select(st.c.costing_method)).scalars().all() == ["fifo"]
    migrations.downgrade(engine, "inventory_0008")
    with connect() as c:
        cp = m.tables(c, "inventory_checkpoint")[0]
        assert "layers" not in cp.c
        assert c.execute(sa.select(cp.c.item_code, cp.c.value)).all() == [("CEM", 500_00)]
        assert not sa.inspect(c).has_table("inventory_setting", schema=m.schema)
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
