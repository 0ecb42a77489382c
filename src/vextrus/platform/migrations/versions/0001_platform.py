"""platform: tenants, outbox, inbox, idempotency records

Revision ID: platform_0001
Revises:
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb

revision = "platform_0001"
down_revision = None
branch_labels = ("platform",)
depends_on = None
S = "platform"


def upgrade() -> None:
    op.create_table(
        "tenant",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_bn", sa.String(200)),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("code", name="uq_tenant_code"),
        schema=S,
    )
    op.create_table(
        "outbox_event",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid()),
        sa.Column("occurred_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("published_at", vdb.UtcDateTime()),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text()),
        schema=S,
    )
    op.create_index("ix_outbox_event_unpublished", "outbox_event", ["published_at", "id"], schema=S)
    op.create_table(
        "inbox_entry",
        sa.Column("handler", sa.String(160), primary_key=True),
        sa.Column("event_id", sa.Uuid(), primary_key=True),
        sa.Column("handled_at", vdb.UtcDateTime(), nullable=False),
        schema=S,
    )
    op.create_table(
        "idempotency_record",
        sa.Column("tenant_id", sa.Uuid(), primary_key=True),
        sa.Column("scope", sa.String(120), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("response", sa.JSON()),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        schema=S,
    )


def downgrade() -> None:
    for t in ("idempotency_record", "inbox_entry", "outbox_event", "tenant"):
        op.drop_table(t, schema=S)
