"""inventory_0008 on a database of its own, both backends: the material estimate table is created (a row stored
and read back exactly, one per project, activity and item), dropped by the downgrade with the stores untouched,
and created again by the upgrade."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations


def test_material_estimate_table_up_down_up(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "inventory_0007")
    tenant, company, store, project, item = (uuid.uuid4() for _ in range(5))
    now = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
    m = MigrationTables(engine, "inventory", tenant)
    uid, connect = m.uid, m.connect

    with connect() as c:
        assert "inventory_material_estimate" not in m.table_names(c)
        m.add_tenant(c, now)
        c.execute(m.tables(c, "inventory_store")[0].insert().values(
            id=uid(store), tenant_id=uid(tenant), company_id=uid(company), code="SITE-1", name="Site store",
            name_bn="", kind="site", version=1, created_at=now, updated_at=now))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    row = dict(tenant_id=uid(tenant), company_id=uid(company), project_id=uid(project), activity_code="A1020",
               item_id=uid(item), item_code="CEM", item_name="Cement", item_name_bn="সিমেন্ট", unit="bag",
               quantity=320 * 10**6, entered_quantity=16_000 * 10**6, entered_unit="kg", contract_id=None,
               contract_item_id=None, boq_item_no=None, boq_quantity=None, boq_unit=None, norm=None, note="",
               version=1, created_at=now, updated_at=now)
    with connect() as c:
        est = m.tables(c, "inventory_material_estimate")[0]
        c.execute(est.insert().values(id=uid(uuid.uuid4()), **row))
        c.commit()
        assert c.execute(sa.select(est.c.quantity, est.c.entered_quantity)).one() == (320 * 10**6, 16_000 * 10**6)
        with pytest.raises(sa.exc.IntegrityError):  # one estimate per project, activity and item
            c.execute(est.insert().values(id=uid(uuid.uuid4()), **row))
        c.rollback()
    migrations.downgrade(engine, "inventory_0007")
    with connect() as c:
        assert "inventory_material_estimate" not in m.table_names(c)
        assert c.execute(sa.select(sa.func.count()).select_from(m.tables(c, "inventory_store")[0])).scalar() == 1
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
