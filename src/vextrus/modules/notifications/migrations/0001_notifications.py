"""notifications: templates, preferences, deliveries (the notification outbox), attempts, webhooks

Revision ID: notifications_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "notifications_0001"
down_revision = None
branch_labels = ("notifications",)
depends_on = "platform_0001"
S = "notifications"
TABLES = ("notifications_template", "notifications_preference", "notifications_delivery", "notifications_attempt",
          "notifications_webhook")


def _base() -> list[sa.Column]:
    return [sa.Column("id", sa.Uuid(), primary_key=True), sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True)]


def _stamps() -> list[sa.Column]:
    return [sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
            sa.Column("updated_at", vdb.UtcDateTime(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "notifications_template", *_base(),
        sa.Column("event", sa.String(120), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("locale", sa.String(5), nullable=False),
        sa.Column("subject", sa.String(400), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False), *_stamps(),
        sa.UniqueConstraint("tenant_id", "event", "channel", "locale",
                            name="uq_notifications_template_tenant_id_event_channel_locale"),
        schema=S,
    )
    op.create_table(
        "notifications_preference", *_base(),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("event", sa.String(120), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False), *_stamps(),
        sa.UniqueConstraint("tenant_id", "user_id", "event", "channel",
                            name="uq_notifications_preference_tenant_id_user_id_event_channel"),
        schema=S,
    )
    op.create_index("ix_notifications_preference_event", "notifications_preference", ["tenant_id", "event"], schema=S)
    op.create_table(
        "notifications_delivery", *_base(),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("event_id", sa.Uuid()),
        sa.Column("event", sa.String(120), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("user_id", sa.Uuid()),
        sa.Column("address", sa.String(500), nullable=False),
        sa.Column("webhook_id", sa.Uuid()),
        sa.Column("locale", sa.String(5), nullable=False),
        sa.Column("subject", sa.String(400), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(500), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", vdb.UtcDateTime()),
        sa.Column("claimed_until", vdb.UtcDateTime()),
        sa.Column("last_error", sa.String(1000), nullable=False),
        sa.Column("provider", sa.String(60), nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("sent_at", vdb.UtcDateTime()),
        sa.Column("read_at", vdb.UtcDateTime()),
        sa.UniqueConstraint("tenant_id", "key", name="uq_notifications_delivery_tenant_id_key"),
        schema=S,
    )
    op.create_index("ix_notifications_delivery_due", "notifications_delivery",
                    ["tenant_id", "status", "next_attempt_at"], schema=S)
    op.create_index("ix_notifications_delivery_user", "notifications_delivery",
                    ["tenant_id", "user_id", "channel", "read_at"], schema=S)
    op.create_table(
        "notifications_attempt", *_base(),
        sa.Column("delivery_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("at", vdb.UtcDateTime(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("provider", sa.String(60), nullable=False),
        sa.Column("error", sa.String(1000), nullable=False),
        schema=S,
    )
    op.create_table(
        "notifications_webhook", *_base(),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("secret", sa.String(200), nullable=False),
        sa.Column("events", sa.JSON()),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("max_failures", sa.Integer(), nullable=False),
        sa.Column("disabled_at", vdb.UtcDateTime()),
        sa.Column("version", sa.Integer(), nullable=False), *_stamps(),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for t in reversed(TABLES):
        op.drop_table(t, schema=S)
