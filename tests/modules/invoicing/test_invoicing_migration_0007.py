"""invoicing_0007 on a database of its own, both backends: an advance and its allocation written under invoicing_0006
read after it as nothing refunded and the allocation live (not undone); the refund table is there; the downgrade takes
the columns and the table away and keeps the rows."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations

NOW = dt.datetime(2026, 12, 7, 22, 0, tzinfo=dt.UTC)


def test_advances_before_0007_read_as_not_refunded_and_not_undone_and_the_downgrade_keeps_them(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "invoicing_0006")
    m = MigrationTables(engine, "invoicing")
    uid = m.uid
    adv_id = uuid.uuid4()
    with m.connect() as c:
        m.add_tenant(c, NOW)
        advance, alloc = m.tables(c, "invoicing_advance", "invoicing_advance_allocation")
        assert "refunded" not in advance.c and "reversed_on" not in alloc.c
        assert "invoicing_advance_refund" not in m.table_names(c)
        c.execute(advance.insert().values(
            id=uid(adv_id), tenant_id=uid(m.tenant), company_id=uid(uuid.uuid4()), kind="purchase",
            party_id=uid(uuid.uuid4()), number="ADP-2025-26-00001", fiscal_year="2025-26", status="partly_allocated",
            paid_on=dt.date(2025, 8, 1), amount=500, allocated=200, account_code="1120", advance_account="1141",
            method="bank_transfer", instrument_no="", reference="", narration="", entry_number="JV-1",
            reversal_entry_number="", version=2, created_at=NOW, updated_at=NOW))
        c.execute(alloc.insert().values(
            id=uid(uuid.uuid4()), tenant_id=uid(m.tenant), advance_id=uid(adv_id), invoice_id=uid(uuid.uuid4()),
            payment_id=uid(uuid.uuid4()), allocated_on=dt.date(2025, 8, 30), amount=200, applied=200, vds=0, ait=0,
            entry_number="JV-2", created_at=NOW, updated_at=NOW))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    with m.connect() as c:
        advance, alloc = m.tables(c, "invoicing_advance", "invoicing_advance_allocation")
        assert [int(r.refunded) for r in c.execute(sa.select(advance.c.refunded))] == [0]
        assert [(r.reversed_on, r.reversal_reason, r.reversal_entry_number) for r in c.execute(
            sa.select(alloc.c.reversed_on, alloc.c.reversal_reason, alloc.c.reversal_entry_number))] == [(None, "", "")]
        assert "invoicing_advance_refund" in m.table_names(c)
    migrations.downgrade(engine, "invoicing_0006")
    with m.connect() as c:
        advance, alloc = m.tables(c, "invoicing_advance", "invoicing_advance_allocation")
        assert "refunded" not in advance.c and "reversed_on" not in alloc.c
        assert "invoicing_advance_refund" not in m.table_names(c)
        assert [c.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in (advance, alloc)] == [1, 1]
    migrations.upgrade(engine)
