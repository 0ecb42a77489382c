"""contracts_0004 on a database of its own, both backends: a contract and its RA bill written under
contracts_0003 read after the upgrade as a client contract (kind `client`) and a bill with no VDS (0); the
downgrade removes the columns again and the upgrade runs once more."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations


def test_existing_contracts_are_client_contracts_after_the_upgrade(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "contracts_0003")
    m = MigrationTables(engine, "contracts")
    uid, connect = m.uid, m.connect
    tenant, contract, bill = m.tenant, uuid.uuid4(), uuid.uuid4()
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)

    def tables(c: sa.Connection) -> tuple[sa.Table, ...]:
        return m.tables(c, "contracts_contract", "contracts_bill")

    with connect() as c:
        m.add_tenant(c, now)
        con, bil = tables(c)
        assert "kind" not in con.c and "vds" not in bil.c
        c.execute(con.insert().values(
            id=uid(contract), tenant_id=uid(tenant), created_at=now, updated_at=now, version=1,
            company_id=uid(uuid.uuid4()), project_id=uid(uuid.uuid4()), client_party_id=uid(uuid.uuid4()),
            code="C-01", title="x", title_bn="", contract_date=dt.date(2025, 7, 1), currency="BDT",
            contract_value=100000, retention_pct=50000, advance_amount=0, advance_recovery_pct=0,
            security_deposit_pct=0, vat_code="S004.00", ait_section="89", status="active"))
        c.execute(bil.insert().values(
            id=uid(bill), tenant_id=uid(tenant), created_at=now, updated_at=now, version=1,
            company_id=uid(uuid.uuid4()), contract_id=uid(contract), seq=1, number="C-01/RA-01",
            bill_date=dt.date(2025, 8, 31), final=False, status="draft", gross=100000, vat_rate=100000, vat=10000,
            retention=5000, advance_recovered=0, security_deposit=0, ait_rate=30000, ait=3000, net_payable=102000,
            certified_by="", entry_number="", reversal_entry_number=""))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    with connect() as c:
        con, bil = tables(c)
        assert c.execute(sa.select(con.c.kind)).scalars().all() == ["client"]
        assert [tuple(r) for r in c.execute(sa.select(bil.c.vds, bil.c.vds_rate, bil.c.net_payable))] == [(0, 0, 102000)]
    migrations.downgrade(engine, "contracts_0003")
    with connect() as c:
        con, bil = tables(c)
        assert "kind" not in con.c and "vds" not in bil.c and "vds_rate" not in bil.c
        assert c.execute(sa.select(sa.func.count()).select_from(bil)).scalar() == 1
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
