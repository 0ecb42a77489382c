"""Migrations: one branch per module, fast up-to-date check agrees with Alembic."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from vextrus.platform import migrations


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
    migrations.upgrade(db.engine)
    assert not migrations.pending(db.engine)
