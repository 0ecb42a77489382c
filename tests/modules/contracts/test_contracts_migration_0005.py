"""contracts_0005 on a database of its own, both backends: the payment tables are created (with row-level security
on PostgreSQL), dropped by the downgrade to contracts_0004 without touching the contracts, and created again."""

from __future__ import annotations

import sqlalchemy as sa

from vextrus.platform import migrations

NEW = {"contracts_payment", "contracts_payment_allocation"}




def test_payment_tables_come_and_go_with_the_revision(own_database):
    engine = own_database
    schema = "contracts" if engine.dialect.name == "postgresql" else None

    def names() -> set[str]:
        return set(sa.inspect(engine).get_table_names(schema=schema))

    migrations.upgrade(engine)
    assert names() >= NEW and not migrations.pending(engine)
    cols = {c["name"] for c in sa.inspect(engine).get_columns("contracts_payment_allocation", schema=schema)}
    assert {"payment_id", "bill_id", "amount", "tenant_id"} <= cols
    if schema:
        with engine.connect() as c:
            rls = c.execute(sa.text("SELECT relrowsecurity FROM pg_class WHERE relname = 'contracts_payment'")).scalar()
        assert rls is True
    migrations.downgrade(engine, "contracts_0004")
    assert not (NEW & names()) and "contracts_bill" in names()
    migrations.upgrade(engine)
    assert names() >= NEW and not migrations.pending(engine)
