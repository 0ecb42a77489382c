"""audit: archive files purged at the end of retention (the ends of each run of records stay)

Revision ID: audit_0003
Revises: audit_0002
Create Date: 2026-12-06

An archive file whose every record is past its policy's `retain_years` is deleted; its row keeps
`purged_at` and `purged_runs` ([first seq, last seq, first prev_hash, last hash] per run of consecutive
records) so `audit verify` still links the records before and after the gap.
"""

import sqlalchemy as sa
from alembic import op

from vextrus.platform import db as vdb

revision = "audit_0003"
down_revision = "audit_0002"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map
    return "audit" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("audit_archive", sa.Column("purged_at", vdb.UtcDateTime(), nullable=True), schema=S)
    op.add_column("audit_archive", sa.Column("purged_runs", sa.JSON(), nullable=True), schema=S)


def downgrade() -> None:
    S = _schema()
    with op.batch_alter_table("audit_archive", schema=S) as b:
        b.drop_column("purged_runs")
        b.drop_column("purged_at")
