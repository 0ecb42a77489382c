"""configuration: every table's name starts with the module's ("configuration_"), so that the
tables of modules still to come (inventory's items, HR's departments) cannot collide with these

Revision ID: configuration_0002
Revises: configuration_0001
Create Date: 2026-12-04

`ALTER TABLE … RENAME` changes only the catalogue: rows, indexes, constraints, foreign keys of
other tables (SQLite rewrites their REFERENCES clauses), grants and, on PostgreSQL, the
row-level security policy (it belongs to the table, not its name) all follow the table. Index and
constraint names keep their old spelling: they are unique within the module's schema on
PostgreSQL and, since every new table name carries a module prefix, cannot collide in SQLite's
single namespace either; renaming them would rebuild every table on SQLite. SQLite does not
rename a table's planner statistics (`sqlite_stat1`, seeded by master_data_0004): they are
moved here, with the primary-key index `sqlite_autoindex_<table>_N`, which SQLite does rename.
"""
from alembic import op

revision = "configuration_0002"
down_revision = "configuration_0001"
branch_labels = None
depends_on = None

S = "configuration"
TABLES = ('setting_value', 'feature_flag', 'flag_override')  # old names; the new ones are f"{S}_{old}"


def _rename(pairs: list[tuple[str, str]]) -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    stats = sqlite and bind.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").first() is not None
    for old, new in pairs:
        op.execute(f'ALTER TABLE {old if sqlite else f"{S}.{old}"} RENAME TO {new}')
        if stats:
            op.execute(f"UPDATE sqlite_stat1 SET tbl = '{new}', idx = CASE WHEN idx LIKE 'sqlite\\_autoindex\\_%' "
                       f"ESCAPE '\\' THEN 'sqlite_autoindex_{new}' || substr(idx, length('sqlite_autoindex_{old}') + 1) "
                       f"ELSE idx END WHERE tbl = '{old}'")
    if stats:
        op.execute("ANALYZE sqlite_schema")  # reload the statistics in this connection


def upgrade() -> None:
    _rename([(old, f"{S}_{old}") for old in TABLES])


def downgrade() -> None:
    _rename([(f"{S}_{old}", old) for old in reversed(TABLES)])
