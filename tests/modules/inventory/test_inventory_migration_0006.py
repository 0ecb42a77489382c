"""inventory_0006 on a database of its own, both backends: the transfer table is created (a dispatched transfer
between two existing stores stored and read back exactly; its number unique in the company), dropped by the
downgrade with the stores untouched, and created again by the upgrade."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations


def test_transfer_table_up_down_up(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "inventory_0005")
    tenant, company, cw, site, transit, item, move = (uuid.uuid4() for _ in range(7))
    now = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)

    m = MigrationTables(engine, "inventory", tenant)
    uid, connect = m.uid, m.connect

    with connect() as c:
        assert "inventory_transfer" not in m.table_names(c)
        m.add_tenant(c, now)
        st = m.tables(c, "inventory_store")[0]
        for sid, code, kind in ((cw, "CW", "central"), (site, "SITE-1", "site"), (transit, "~IN-TRANSIT", "transit")):
            c.execute(st.insert().values(id=uid(sid), tenant_id=uid(tenant), company_id=uid(company), code=code,
                                         name=code, name_bn="", kind=kind, version=1, created_at=now, updated_at=now))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    row = dict(tenant_id=uid(tenant), company_id=uid(company), number="TR-00001", item_id=uid(item), item_code="CEM",
               from_store_id=uid(cw), to_store_id=uid(site), transit_store_id=uid(transit), quantity=40_500_000,
               value=2_120_000, status="dispatched", dispatch_date=dt.date(2025, 8, 10), dispatch_move_id=uid(move),
               dispatched_by=None, receive_date=None, receive_move_id=None, received_by=None, memo="", version=1,
               created_at=now, updated_at=now)
    with connect() as c:
        tr = m.tables(c, "inventory_transfer")[0]
        c.execute(tr.insert().values(id=uid(uuid.uuid4()), **row))
        c.commit()
        assert c.execute(sa.select(tr.c.quantity, tr.c.value, tr.c.status, tr.c.dispatch_date)).one() == (
            40_500_000, 2_120_000, "dispatched", dt.date(2025, 8, 10))
        with pytest.raises(sa.exc.IntegrityError):  # one number per company
            c.execute(tr.insert().values(id=uid(uuid.uuid4()), **row))
        c.rollback()
    migrations.downgrade(engine, "inventory_0005")
    with connect() as c:
        assert "inventory_transfer" not in m.table_names(c)
        assert c.execute(sa.select(sa.func.count()).select_from(m.tables(c, "inventory_store")[0])).scalar() == 3
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
