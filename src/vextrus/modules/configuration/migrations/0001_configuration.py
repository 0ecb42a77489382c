"""configuration: setting values, feature flags, overrides

Revision ID: configuration_0001
Revises:
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "configuration_0001"
down_revision = None
branch_labels = ("configuration",)
depends_on = "platform_0001"
S = "configuration"


def upgrade() -> None:
    op.create_table(
        "setting_value",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("value", sa.JSON()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "key", name="uq_setting_value_tenant_id_key"),
        schema=S,
    )
    op.create_table(
        "feature_flag",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("description", sa.String(400), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("rollout_percent", sa.Integer()),
        sa.Column("starts_at", vdb.UtcDateTime()),
        sa.Column("ends_at", vdb.UtcDateTime()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "key", name="uq_feature_flag_tenant_id_key"),
        schema=S,
    )
    op.create_table(
        "flag_override",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("flag_id", sa.Uuid(), sa.ForeignKey(f"{S}.feature_flag.id", ondelete="CASCADE",
                                                      name="fk_flag_override_flag_id_feature_flag"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("subject", sa.String(120), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("flag_id", "kind", "subject", name="uq_flag_override_flag_id_kind_subject"),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in ("setting_value", "feature_flag", "flag_override"):
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for t in ("flag_override", "feature_flag", "setting_value"):
        op.drop_table(t, schema=S)
