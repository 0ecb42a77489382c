"""configuration: every table's name starts with the module's ("configuration_"), so that the
tables of modules still to come (inventory's items, HR's departments) cannot collide with these

Revision ID: configuration_0002
Revises: configuration_0001
Create Date: 2026-12-04

`ALTER TABLE … RENAME` changes only the catalogue: rows, indexes, constraints, foreign keys of
other tables (SQLite rewrites their REFERENCES clauses), grants and, on PostgreSQL, the
row-level security policy (it belongs to the table, not its name) all follow the table. On
PostgreSQL the indexes and constraints named by the naming convention are renamed too (catalogue
only), so that autogenerate finds the schema matching the tables; on SQLite they keep their old
spelling (renaming a constraint rebuilds the table; an index name there cannot collide, since
every new table name carries a module prefix, and autogenerate runs against PostgreSQL). SQLite does not
rename a table's planner statistics (`sqlite_stat1`, seeded by master_data_0004): they are
moved here, with the primary-key index `sqlite_autoindex_<table>_N`, which SQLite does rename.
"""
from alembic import op
from sqlalchemy.util import md5_hex

revision = "configuration_0002"
down_revision = "configuration_0001"
branch_labels = None
depends_on = None

S = "configuration"
TABLES = ('setting_value', 'feature_flag', 'flag_override')  # old names; the new ones are f"{S}_{old}"


def _rename(pairs: list[tuple[str, str]]) -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if not sqlite:
        _rename_names_on_postgresql(pairs)  # while every table still has its old name
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


def _convention(kind: str, table: str, columns: list[str], referred: str | None = None) -> str:
    """The name the metadata's naming convention gives (vextrus.platform.db.NAMING_CONVENTION), cut to
    PostgreSQL's 63 characters the way SQLAlchemy cuts it."""
    name = f"pk_{table}" if kind == "pk" else "_".join([kind, table, *columns, *([referred] if referred else [])])
    return name if len(name) <= 63 else f"{name[:55]}_{md5_hex(name)[-4:]}"


def _rename_names_on_postgresql(pairs: list[tuple[str, str]]) -> None:
    """Indexes and constraints named by the convention after the old table name get the name the
    convention gives the new one (only the catalogue changes), so that autogenerate (`vextrus db
    revision`) finds nothing to do; names given by hand (`ix_party_tenant_search_key`) stay."""
    bind = op.get_bind()
    renamed = dict(pairs)
    for old, new in pairs:
        for name, contype, referred, columns in bind.exec_driver_sql(
                "SELECT c.conname, c.contype, r.relname, ARRAY(SELECT a.attname FROM unnest(c.conkey) "
                "WITH ORDINALITY AS k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n "
                "ORDER BY k.i) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
                "JOIN pg_namespace s ON s.oid = t.relnamespace LEFT JOIN pg_class r ON r.oid = c.confrelid "
                "WHERE s.nspname = %(s)s AND t.relname = %(t)s ORDER BY 1", {"s": S, "t": old}).all():
            kind = {"p": "pk", "u": "uq", "f": "fk"}.get(contype)
            if kind and name == _convention(kind, old, list(columns), referred if kind == "fk" else None):
                to = _convention(kind, new, list(columns), renamed.get(referred, referred) if kind == "fk" else None)
                op.execute(f'ALTER TABLE {S}.{old} RENAME CONSTRAINT "{name}" TO "{to}"')
        for name, columns in bind.exec_driver_sql(
                "SELECT i.relname, ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(n, i) "
                "JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.i) "
                "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "JOIN pg_namespace s ON s.oid = t.relnamespace WHERE s.nspname = %(s)s AND t.relname = %(t)s "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY 1",
                {"s": S, "t": old}).all():
            if name == _convention("ix", old, list(columns)):
                op.execute(f'ALTER INDEX {S}."{name}" RENAME TO "{_convention("ix", new, list(columns))}"')


def upgrade() -> None:
    _rename([(old, f"{S}_{old}") for old in TABLES])


def downgrade() -> None:
    _rename([(f"{S}_{old}", old) for old in reversed(TABLES)])
