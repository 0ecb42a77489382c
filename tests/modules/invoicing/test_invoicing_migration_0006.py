"""invoicing_0006 on a database of its own, both backends: an advance reversed before the column gets the day of its
last write (the reversal's) as reversed_on, an open one none; the column goes again on the downgrade, rows kept."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations

NOW = dt.datetime(2026, 12, 7, 10, 30, tzinfo=dt.UTC)


def test_reversed_on_is_filled_for_reversed_advances_and_goes_on_the_downgrade(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "invoicing_0005")
    m = MigrationTables(engine, "invoicing")
    uid = m.uid
    with m.connect() as c:
        m.add_tenant(c, NOW)
        (advance,) = m.tables(c, "invoicing_advance")
        assert "reversed_on" not in advance.c
        for n, status in ((1, "reversed"), (2, "open")):
            c.execute(advance.insert().values(
                id=uid(uuid.uuid4()), tenant_id=uid(m.tenant), company_id=uid(uuid.uuid4()), kind="sales",
                party_id=uid(uuid.uuid4()), number=f"ADR-2025-26-0000{n}", fiscal_year="2025-26", status=status,
                paid_on=dt.date(2025, 8, 1), amount=500, allocated=0, account_code="1120", advance_account="2131",
                method="bank_transfer", instrument_no="", reference="", narration="", entry_number="JV-1",
                reversal_entry_number="", version=1, created_at=NOW, updated_at=NOW))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    with m.connect() as c:
        (advance,) = m.tables(c, "invoicing_advance")
        got = {r.number: r.reversed_on for r in c.execute(sa.select(advance.c.number, advance.c.reversed_on))}
        assert got == {"ADR-2025-26-00001": dt.date(2026, 12, 7), "ADR-2025-26-00002": None}
    migrations.downgrade(engine, "invoicing_0005")
    with m.connect() as c:
        (advance,) = m.tables(c, "invoicing_advance")
        assert "reversed_on" not in advance.c
        assert c.execute(sa.select(sa.func.count()).select_from(advance)).scalar() == 2
    migrations.upgrade(engine)
