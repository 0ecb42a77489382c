"""inventory_0007 on a database of its own, both backends: every existing store is active after the upgrade (a
store added before it reads back active), an inactive one is stored and read back, the downgrade drops the column
with the stores untouched, and the upgrade adds it again."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations


def test_store_active_up_down_up(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "inventory_0006")
    tenant, company, cw, site = (uuid.uuid4() for _ in range(4))
    now = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
    m = MigrationTables(engine, "inventory", tenant)
    uid, connect = m.uid, m.connect

    with connect() as c:
        m.add_tenant(c, now)
        st = m.tables(c, "inventory_store")[0]
        assert "active" not in st.c
        c.execute(st.insert().values(id=uid(cw), tenant_id=uid(tenant), company_id=uid(company), code="CW", name="CW",
                                     name_bn="", kind="central", version=1, created_at=now, updated_at=now))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    with connect() as c:
        st = m.tables(c, "inventory_store")[0]
        assert c.execute(sa.select(st.c.code, st.c.active)).all() == [("CW", True)]  # an existing store is active
        c.execute(st.insert().values(id=uid(site), tenant_id=uid(tenant), company_id=uid(company), code="SITE-1",
                                     name="Site", name_bn="", kind="site", version=1, created_at=now, updated_at=now,
                                     active=False))
        c.commit()
        assert dict(c.execute(sa.select(st.c.code, st.c.active)).all()) == {"CW": True, "SITE-1": False}
    migrations.downgrade(engine, "inventory_0006")
    with connect() as c:
        st = m.tables(c, "inventory_store")[0]
        assert "active" not in st.c
        assert c.execute(sa.select(sa.func.count()).select_from(st)).scalar() == 2
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
