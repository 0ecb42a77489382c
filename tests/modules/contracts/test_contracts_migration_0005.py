"""contracts_0005 on a database of its own, both backends: the payment tables are created (with row-level security
on PostgreSQL), dropped by the downgrade to contracts_0004 without touching the contracts, and created again."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from vextrus.platform import migrations

NEW = {"contracts_payment", "contracts_payment_allocation"}


@pytest.fixture
def own_database(db):
    from vextrus.platform.db import make_engine
    from vextrus.platform.scratch import scratch_database

    pg = db.engine.dialect.name == "postgresql"
    admin = os.environ.get("VEXTRUS_TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test") if pg else None
    scratch = scratch_database(admin, prefix="vextrus_test_con5")
    engine = make_engine(scratch.owner_url, migrations.all_schemas())
    try:
        yield engine
    finally:
        engine.dispose()
        scratch.drop()


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
