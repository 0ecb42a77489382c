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
