"""invoicing_0005 on a database of its own, both backends: bills and payments written under invoicing_0004 stay as
they were; the advance and allocation tables come (an advance and its allocation are written and read back) and go
again on the downgrade, the earlier tables untouched."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations

NOW = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)


def test_advances_tables_come_and_go_leaving_invoices_as_they_were(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "invoicing_0004")
    m = MigrationTables(engine, "invoicing")
    uid = m.uid
    company, party, bill_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with m.connect() as c:
        assert "invoicing_advance" not in m.table_names(c)
        m.add_tenant(c, NOW)
        (invoice,) = m.tables(c, "invoicing_invoice")
        c.execute(invoice.insert().values(
            id=uid(bill_id), tenant_id=uid(m.tenant), company_id=uid(company), kind="purchase", number="PB-2025-26-00001",
            fiscal_year="2025-26", status="posted", party_id=uid(party), invoice_date=dt.date(2025, 8, 10),
            due_date=dt.date(2025, 9, 9), reference="", narration="", net=1000, vat=150, gross=1150, paid=0, credited=0,
            debited=0, entry_number="", version=1, created_at=NOW, updated_at=NOW))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    with m.connect() as c:
        invoice, advance, allocation = m.tables(c, "invoicing_invoice", "invoicing_advance", "invoicing_advance_allocation")
        assert [tuple(r) for r in c.execute(sa.select(invoice.c.number, invoice.c.status, invoice.c.gross))] == [
            ("PB-2025-26-00001", "posted", 1150)]
        adv_id = uuid.uuid4()
        c.execute(advance.insert().values(
            id=uid(adv_id), tenant_id=uid(m.tenant), company_id=uid(company), kind="purchase", party_id=uid(party),
            number="ADP-2025-26-00001", fiscal_year="2025-26", status="partly_allocated", paid_on=dt.date(2025, 8, 1),
            amount=500, allocated=100, account_code="1120", advance_account="1141", method="bank_transfer",
            instrument_no="", reference="BEFTN-1", narration="", entry_number="JV-1", reversal_entry_number="",
            version=2, created_at=NOW, updated_at=NOW))
        c.execute(allocation.insert().values(
            id=uid(uuid.uuid4()), tenant_id=uid(m.tenant), advance_id=uid(adv_id), invoice_id=uid(bill_id),
            payment_id=uid(uuid.uuid4()), allocated_on=dt.date(2025, 8, 30), amount=115, applied=100, vds=15,
            entry_number="JV-2", created_at=NOW, updated_at=NOW))
        c.commit()
        assert [tuple(r) for r in c.execute(sa.select(advance.c.number, advance.c.currency, advance.c.allocated))] == [
            ("ADP-2025-26-00001", "BDT", 100)]
        assert [tuple(r) for r in c.execute(sa.select(allocation.c.applied, allocation.c.vds, allocation.c.ait))] == [
            (100, 15, 0)]
    migrations.downgrade(engine, "invoicing_0004")
    with m.connect() as c:
        names = m.table_names(c)
        assert "invoicing_advance" not in names and "invoicing_advance_allocation" not in names
        (invoice,) = m.tables(c, "invoicing_invoice")
        assert c.execute(sa.select(sa.func.count()).select_from(invoice)).scalar() == 1
    migrations.upgrade(engine)
