"""inventory_0005 on a database of its own, both backends: the reorder level table is created (a row of an
existing store stored and read back exactly, one per store and item), dropped by the downgrade with the stores and
moves untouched, and created again by the upgrade."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from vextrus.platform import migrations


def test_reorder_levels_table_up_down_up(own_database):
    from vextrus.platform.tables import Tenant
    from vextrus.platform.tenancy import TENANT_SETTING

    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "inventory_0004")
    pg = engine.dialect.name == "postgresql"
    schema = "inventory" if pg else None
    tenant, company, store, item = (uuid.uuid4() for _ in range(4))
    now = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)

    def uid(u: uuid.UUID):  # noqa: ANN202
        return u if pg else u.hex

    def connect() -> sa.Connection:
        c = engine.connect()
        if pg:
            c.execute(sa.text("SELECT set_config(:s, :t, false)"), {"s": TENANT_SETTING, "t": str(tenant)})
        return c

    def tables(c: sa.Connection) -> list[str]:
        return sa.inspect(c).get_table_names(schema=schema)

    def table(c: sa.Connection, name: str) -> sa.Table:
        md = sa.MetaData()
        md.reflect(c, schema=schema, only=[name])
        return md.tables[f"{schema}.{name}" if schema else name]

    with connect() as c:
        assert "inventory_reorder_level" not in tables(c)
        c.execute(Tenant.__table__.insert().values(id=tenant, code=f"t{tenant.hex[-12:]}", name="Test Builders Ltd.",
                                                   is_demo=False, created_at=now))
        c.execute(table(c, "inventory_store").insert().values(
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
        lv = table(c, "inventory_reorder_level")
        c.execute(lv.insert().values(id=uid(uuid.uuid4()), **level))
        c.commit()
        assert c.execute(sa.select(lv.c.reorder_point, lv.c.reorder_quantity)).one() == (1_000_500_000, 500 * 10**6)
        with pytest.raises(sa.exc.IntegrityError):  # one level per store and item
            c.execute(lv.insert().values(id=uid(uuid.uuid4()), **level))
        c.rollback()
    migrations.downgrade(engine, "inventory_0004")
    with connect() as c:
        assert "inventory_reorder_level" not in tables(c)
        assert c.execute(sa.select(sa.func.count()).select_from(table(c, "inventory_store"))).scalar() == 1
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
