"""audit: records (hash chain per tenant), chain heads, retention policies, archive manifest,
full-text index (PostgreSQL GIN over tsvector; SQLite FTS5)

Revision ID: audit_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "audit_0001"
down_revision = None
branch_labels = ("audit",)
depends_on = "platform_0001"
S = "audit"


def upgrade() -> None:
    op.create_table(
        "audit_record",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("event_name", sa.String(120), nullable=False),
        sa.Column("event_version", sa.Integer(), nullable=False),
        sa.Column("occurred_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("recorded_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("request_id", sa.String(120)),
        sa.Column("client_address", sa.String(120)),
        sa.Column("object_type", sa.String(120), nullable=False),
        sa.Column("object_id", sa.String(120), nullable=False),
        sa.Column("object_label", sa.String(200), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("changes", sa.JSON()),
        sa.Column("before_known", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON()),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.UniqueConstraint("tenant_id", "seq", name="uq_audit_record_tenant_id_seq"),
        sa.UniqueConstraint("tenant_id", "event_id", name="uq_audit_record_tenant_id_event_id"),
        schema=S,
    )
    op.create_index("ix_audit_record_object", "audit_record", ["tenant_id", "object_type", "object_id", "seq"], schema=S)
    op.create_index("ix_audit_record_occurred", "audit_record", ["tenant_id", "occurred_at"], schema=S)
    op.create_index("ix_audit_record_actor", "audit_record", ["tenant_id", "actor"], schema=S)
    op.create_table(
        "audit_chain_head",
        sa.Column("tenant_id", sa.Uuid(), primary_key=True),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        schema=S,
    )
    op.create_table(
        "audit_retention_policy",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("pattern", sa.String(120), nullable=False),
        sa.Column("live_days", sa.Integer(), nullable=False),
        sa.Column("retain_years", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "pattern", name="uq_audit_retention_policy_tenant_id_pattern"),
        schema=S,
    )
    op.create_table(
        "audit_archive",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("oldest_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("newest_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_audit_record_fts ON {S}.audit_record "
                   "USING gin (to_tsvector('simple'::regconfig, search_text))")
        for table in ("audit_record", "audit_chain_head", "audit_retention_policy", "audit_archive"):
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)
    else:
        # the words of each record (Bangla keeps its vowel signs: no diacritic removal)
        op.execute("CREATE VIRTUAL TABLE audit_record_fts USING fts5(record_id UNINDEXED, tenant_id UNINDEXED, "
                   "body, tokenize = 'unicode61 remove_diacritics 0')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS audit_record_fts")
    for t in ("audit_archive", "audit_retention_policy", "audit_chain_head", "audit_record"):
        op.drop_table(t, schema=S)
