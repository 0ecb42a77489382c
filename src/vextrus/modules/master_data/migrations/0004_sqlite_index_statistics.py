"""master_data: on SQLite, seed planner statistics for this module's indexes

Revision ID: master_data_0004
Revises: master_data_0003
Create Date: 2026-11-24

SQLite never gathers statistics by itself. Without them it assumes any equality on an indexed
column is selective, so `WHERE id IN (…21 ids…) AND tenant_id = ?` is planned on the tenant_id
index: every row of the tenant is read (65 ms at 100,000 parties instead of 0.2 ms). SQLite lets
an application write `sqlite_stat1` (https://sqlite.org/fileformat2.html#stat1tab); these rows
say what is true of this module's data whatever its size: a tenant is most of a table, a term
has few entities, a primary key is unique. A real `ANALYZE` later replaces them; rows that
already exist are left alone. PostgreSQL gathers its own statistics (autovacuum): nothing to do.
"""
import sqlalchemy as sa
from alembic import op

revision = "master_data_0004"
down_revision = "master_data_0003"
branch_labels = None
depends_on = None

TABLES = ("party", "party_role", "party_identifier", "party_contact", "party_address", "party_bank_account",
          "party_wallet", "party_document", "party_merge", "item", "item_conversion", "item_price",
          "search_term", "master_reference")
N = 100_000
ROWS = {"search_term": 60 * N, "party_identifier": 3 * N}
FEW_VALUES = {"kind", "target_kind", "role", "status"}  # a handful of values: half the rows each


def _stat(rows: int, columns: list[str], unique: bool) -> str:
    """`rows`, then the rows one value of each column prefix selects: a tenant is all of them, an
    id (or a term) a few, a unique index's full key one."""
    out, prev = [rows], rows
    for i, col in enumerate(columns):
        if col == "tenant_id":
            v = prev
        elif col in FEW_VALUES:
            v = max(1, prev // 2)
        else:
            v = max(1, min(prev, 8 if col == "term" else 2))
        if unique and i == len(columns) - 1:
            v = 1
        out.append(v)
        prev = v
    return " ".join(map(str, out))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    bind.exec_driver_sql("ANALYZE code_counter")  # creates sqlite_stat1 if missing (the table is empty)
    have = {(r[0], r[1]) for r in bind.exec_driver_sql("SELECT tbl, idx FROM sqlite_stat1")}
    for table in TABLES:
        for idx in bind.exec_driver_sql(f"PRAGMA index_list('{table}')").all():
            name, unique = idx[1], bool(idx[2])
            if (table, name) in have:
                continue
            cols = [c[2] for c in bind.exec_driver_sql(f"PRAGMA index_info('{name}')").all()]
            bind.execute(sa.text("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (:t, :i, :s)"),
                         {"t": table, "i": name, "s": _stat(ROWS.get(table, N), cols, unique)})
    bind.exec_driver_sql("ANALYZE sqlite_schema")  # reload the statistics in this connection


def downgrade() -> None:
    pass
