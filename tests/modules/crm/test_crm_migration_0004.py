"""crm_0004 on a database of its own, both backends: quotations written under crm_0003 (numbered tenant-wide)
keep their numbers after the upgrade, with no project or contract; the unique key is per company (the same
number in another company is accepted, twice in one company refused); `crm_sequence` is gone; on PostgreSQL the
mapping's indexes and constraints match the migrated tables (autogenerate finds nothing)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from migration_helpers import MigrationTables
from vextrus.platform import migrations


def test_quotations_numbered_per_tenant_stay_valid_per_company(own_database):
    engine = own_database
    migrations.upgrade(engine)
    migrations.downgrade(engine, "crm_0003")
    m = MigrationTables(engine, "crm")
    pg, schema, uid, connect = m.pg, m.schema, m.uid, m.connect
    tenant, a, b = m.tenant, uuid.uuid4(), uuid.uuid4()

    def quotation(number: str, company: uuid.UUID) -> dict:
        return {"id": uid(uuid.uuid4()), "tenant_id": uid(tenant), "company_id": uid(company), "number": number,
                "revision": 1, "party_id": uid(uuid.uuid4()), "title": "x", "quote_date": dt.date(2026, 12, 1),
                "terms": "", "status": "accepted", "subtotal": 100, "vat": 0, "total": 100, "version": 1,
                "created_at": dt.datetime(2026, 12, 1, tzinfo=dt.UTC), "updated_at": dt.datetime(2026, 12, 1, tzinfo=dt.UTC)}

    with connect() as c:
        m.add_tenant(c, dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
        table, sequence = m.tables(c, "crm_quotation", "crm_sequence")
        c.execute(table.insert(), [quotation("QT-000001", a), quotation("QT-000002", b)])
        c.execute(sequence.insert().values(
            tenant_id=uid(tenant), series="quotation", last_value=2))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)
    with connect() as c:
        assert "crm_sequence" not in sa.inspect(c).get_table_names(schema=schema)
        (table,) = m.tables(c, "crm_quotation")
        rows = c.execute(sa.select(table.c.number, table.c.started_project_id, table.c.contract_id)
                         .order_by(table.c.number)).all()
        assert [tuple(r) for r in rows] == [("QT-000001", None, None), ("QT-000002", None, None)]
        c.execute(table.insert().values(quotation("QT-000001", b)))  # the same number in another company
        with pytest.raises(sa.exc.IntegrityError):
            c.execute(table.insert().values(quotation("QT-000002", b)))
        c.rollback()
        if pg:  # the mapping (tables.py) and the migrated tables agree on indexes and unique constraints
            from alembic.autogenerate import compare_metadata
            from alembic.runtime.migration import MigrationContext

            from vextrus.platform.modules import available_modules

            def only(obj, _name, type_, _reflected, _compare_to) -> bool:  # noqa: ANN001
                t = obj if type_ == "table" else getattr(obj, "table", None)
                return getattr(t, "schema", None) == "crm"

            mod = available_modules()["crm"]
            ctx = MigrationContext.configure(c, opts={"include_schemas": True, "include_object": only})
            diffs = [d for d in compare_metadata(ctx, mod.load(mod.metadata).metadata)
                     if isinstance(d, tuple) and d[0] in ("add_index", "remove_index", "add_constraint",
                                                           "remove_constraint", "add_column", "remove_column",
                                                           "add_table", "remove_table")]
            assert diffs == [], diffs
    with connect() as c:  # back to crm_0003 (one company's repeated number removed): the series goes on after 2
        c.execute(table.delete().where(table.c.company_id == uid(b), table.c.number == "QT-000001"))
        c.commit()
    migrations.downgrade(engine, "crm_0003")
    with connect() as c:
        (seq,) = m.tables(c, "crm_sequence")
        assert [tuple(r) for r in c.execute(sa.select(seq.c.series, seq.c.last_value))] == [("quotation", 2)]
    migrations.upgrade(engine)

