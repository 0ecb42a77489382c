"""Migrations: one branch per module, fast up-to-date check agrees with Alembic."""

from __future__ import annotations

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from vextrus.platform import bootstrap, migrations


def test_fast_head_scan_agrees_with_alembic(db):
    with db.engine.connect() as conn:
        opts = {"version_table_schema": "platform"} if conn.dialect.name == "postgresql" else {}
        recorded = set(MigrationContext.configure(conn, opts=opts).get_current_heads())
        assert migrations.shipped_heads() == recorded
        script = ScriptDirectory.from_config(migrations._config(conn))
        labels = {label for rev in script.walk_revisions() for label in (rev.branch_labels or ())}
    assert {"platform", "configuration"} <= labels


def test_migrated_database_is_not_pending_and_upgrade_is_idempotent(db):
    assert not migrations.pending(db.engine)
    bootstrap.migrate(db)  # as the owner role on PostgreSQL, then the runtime role's grants again
    assert not migrations.pending(db.engine)


@pytest.mark.sqlite_only  # PostgreSQL alters tables in place; SQLite rebuilds them
def test_a_table_rebuild_on_sqlite_keeps_the_rows_that_reference_it(db, tenant_id, admin):
    """Alembic's batch mode copies a table and drops the old one; with foreign keys on, that DROP
    would delete every referencing row (ON DELETE CASCADE). Migrations run with them off."""
    from vextrus.modules.projects import demo

    demo.load(tenant_id)

    def counts() -> tuple[int, int]:
        with db.engine.connect() as c:
            return (c.exec_driver_sql("SELECT count(*) FROM project_activity").scalar(),
                    c.exec_driver_sql("SELECT count(*) FROM project_relationship").scalar())

    before = counts()
    assert before[0] > 100 and before[1] > 100
    migrations.downgrade(db.engine, "projects_0001")  # 0002-0004 rebuild project and project_activity
    assert counts() == before
    migrations.upgrade(db.engine)
    assert counts() == before and not migrations.pending(db.engine)
    with db.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # switched on again for the app


# The module-prefix renames (issue 21): the old names, module by module, and the revision before each rename.
RENAMED = {
    "configuration": ("configuration_0001", ("setting_value", "feature_flag", "flag_override")),
    "organization": ("organization_0001", ("company", "branch", "department", "cost_centre", "company_member")),
    "master_data": ("master_data_0004", ("party", "party_role", "party_identifier", "party_contact", "party_address",
                                         "party_bank_account", "party_wallet", "party_document", "party_merge",
                                         "item", "item_conversion", "item_price", "search_term", "master_reference",
                                         "code_counter")),
}


@pytest.fixture
def own_database(db):
    """A database of its own on the same backend (migrated from empty as the owner role), so going
    back a revision does not disturb the session's shared database."""
    import os

    from vextrus.platform.db import make_engine
    from vextrus.platform.scratch import scratch_database

    pg = db.engine.dialect.name == "postgresql"
    admin = os.environ.get("VEXTRUS_TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test") if pg else None
    scratch = scratch_database(admin, prefix="vextrus_test_rename")
    engine = make_engine(scratch.owner_url, migrations.all_schemas())
    try:
        yield engine
    finally:
        engine.dispose()
        scratch.drop()


def _rows(conn, schema: str | None, tables: list[str]) -> dict[str, list[dict]]:  # noqa: ANN001
    import sqlalchemy as sa

    md = sa.MetaData()
    md.reflect(conn, schema=schema, only=tables)
    return {t: sorted(({k: str(v) for k, v in r._mapping.items()} for r in conn.execute(
        sa.select(md.tables[f"{schema}.{t}" if schema else t]))), key=lambda d: d["id"] if "id" in d else str(d))
        for t in tables}


def _fill_old_tables(conn, schema: str | None, tables: tuple[str, ...], tenant) -> None:  # noqa: ANN001
    """One row in every table, every NOT NULL column given a value, children pointing at their parents."""
    import datetime as dt
    import uuid

    import sqlalchemy as sa

    sqlite = conn.dialect.name == "sqlite"
    md = sa.MetaData()
    md.reflect(conn, schema=schema, only=list(tables))
    ids: dict[str, object] = {}

    def uid(u: uuid.UUID):  # noqa: ANN202
        return u.hex if sqlite else u

    for table in md.sorted_tables:
        row = {}
        for col in table.columns:
            if col.name == "tenant_id":
                row[col.name] = uid(tenant)
            elif col.foreign_keys:
                if not col.nullable:
                    row[col.name] = ids[next(iter(col.foreign_keys)).column.table.name]
            elif col.name == "id" or col.name.endswith("_id"):
                row[col.name] = uid(uuid.uuid4())
            elif col.nullable:
                continue
            else:
                t = col.type
                py = t.python_type if not isinstance(t, sa.types.NullType) else str
                row[col.name] = {bool: True, int: 1, dt.date: dt.date(2026, 12, 4), dt.datetime: dt.datetime(
                    2026, 12, 4, tzinfo=dt.UTC), dict: {}, list: []}.get(py, "x")
                if isinstance(t, sa.JSON):
                    row[col.name] = {}
        if "id" in row:
            ids[table.name] = row["id"]
        conn.execute(table.insert().values(**row))


def _index_and_constraint_differences(conn, modules: list[str]) -> dict[str, list[str]]:  # noqa: ANN001
    """What `vextrus db revision` (Alembic autogenerate) would add or drop in these modules' indexes
    and unique constraints on PostgreSQL."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from vextrus.platform.modules import available_modules

    out = {}
    for name in modules:
        m = available_modules()[name]

        def only(obj, _name, type_, _reflected, _compare_to, schema=name) -> bool:  # noqa: ANN001
            table = obj if type_ == "table" else getattr(obj, "table", None)
            return getattr(table, "schema", None) == schema

        ctx = MigrationContext.configure(conn, opts={"include_schemas": True, "include_object": only})
        diffs = [str(d[1].name) for d in compare_metadata(ctx, m.load(m.metadata).metadata)
                 if isinstance(d, tuple) and d[0] in ("add_index", "remove_index", "add_constraint", "remove_constraint")]
        if diffs:
            out[name] = diffs
    return out


def test_rows_written_before_the_module_prefix_rename_are_read_after_it(own_database):
    """Upgrade from empty, go back to the revisions before the renames, write a row into every table
    under its old name, upgrade again: every row is there under the new name; on PostgreSQL the
    row-level security policy followed each table, on SQLite the planner statistics did."""
    import sqlalchemy as sa

    from vextrus.modules.master_data import search
    from vextrus.modules.master_data.tables import PartyRow
    from vextrus.platform.ids import new_id
    from vextrus.platform.tenancy import TENANT_SETTING

    engine = own_database
    migrations.upgrade(engine)
    pg = engine.dialect.name == "postgresql"
    for before, _ in RENAMED.values():
        migrations.downgrade(engine, before)
    tenant = new_id()
    written = {}
    with engine.connect() as c:
        if pg:
            c.execute(sa.text("SELECT set_config(:s, :t, false)"), {"s": TENANT_SETTING, "t": str(tenant)})
        for module, (_, tables) in RENAMED.items():
            schema = module if pg else None
            _fill_old_tables(c, schema, tables, tenant)
            written[module] = _rows(c, schema, list(tables))
        c.commit()
    migrations.upgrade(engine)
    assert not migrations.pending(engine)

    with engine.connect() as c:
        if pg:
            c.execute(sa.text("SELECT set_config(:s, :t, false)"), {"s": TENANT_SETTING, "t": str(tenant)})
        for module, (_, tables) in RENAMED.items():
            schema = module if pg else None
            after = {t.removeprefix(f"{module}_"): rows
                     for t, rows in _rows(c, schema, [f"{module}_{t}" for t in tables]).items()}
            # columns a later revision added (master_data_0006's party created_by) are not compared
            after = {t: [{k: v for k, v in r.items() if k in written[module][t][0]} for r in rows]
                     for t, rows in after.items()}
            assert after == written[module]
            assert all(len(rows) == 1 for rows in after.values())
            left = sa.inspect(c).get_table_names(schema=schema)
            assert not set(tables) & set(left), "an old name is still there"
        # the application's own mapping reads the party written under the old name
        code = c.execute(sa.select(PartyRow.code).where(PartyRow.tenant_id == tenant)).scalar_one()
        assert code == "x"
        if pg:
            policies = {(r[0], r[1]) for r in c.exec_driver_sql(
                "SELECT schemaname, tablename FROM pg_policies WHERE policyname = 'tenant_isolation'")}
            forced = {(r[0], r[1]) for r in c.exec_driver_sql(
                "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relrowsecurity AND c.relforcerowsecurity")}
            for module, (_, tables) in RENAMED.items():
                for t in tables:
                    assert (module, f"{module}_{t}") in policies & forced, t
            c.execute(sa.text("SELECT set_config(:s, :t, false)"), {"s": TENANT_SETTING, "t": str(new_id())})
            assert c.execute(sa.select(sa.func.count()).select_from(PartyRow)).scalar() == 0  # another tenant: none
            # indexes and constraints carry the new names too: autogenerate finds nothing to rename
            assert _index_and_constraint_differences(c, list(RENAMED)) == {}
        else:
            stats = {r[0] for r in c.exec_driver_sql("SELECT tbl FROM sqlite_stat1")}
            old = {t for _, tables in RENAMED.values() for t in tables}
            assert not stats & old and "master_data_search_term" in stats
            idx = {r[0] for r in c.exec_driver_sql(
                "SELECT idx FROM sqlite_stat1 WHERE tbl = 'master_data_search_term'")}
            assert search.SQLITE_PK_INDEX in idx
            # the search probe names that index (INDEXED BY fails outright on a wrong name)
            c.exec_driver_sql(f"SELECT 1 FROM master_data_search_term INDEXED BY {search.SQLITE_PK_INDEX} "
                              "WHERE kind = 'x' AND entity_id = 'x'").all()
            assert c.exec_driver_sql("PRAGMA foreign_key_check").all() == []
