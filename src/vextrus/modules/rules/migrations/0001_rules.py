"""rules: rule sets and their versions

Revision ID: rules_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "rules_0001"
down_revision = None
branch_labels = ("rules",)
depends_on = "platform_0001"
S = "rules"


def upgrade() -> None:
    op.create_table(
        "rules_rule_set",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("subject", sa.String(80), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_bn", sa.String(200), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "code", name="uq_rules_rule_set_tenant_id_code"),
        schema=S,
    )
    op.create_table(
        "rules_rule_set_version",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("rule_set_id", sa.Uuid(), sa.ForeignKey(f"{S}.rules_rule_set.id", ondelete="CASCADE",
                                                          name="fk_rules_rule_set_version_rule_set_id_rules_rule_set"),
                  nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("rules", sa.JSON()),
        sa.Column("note", sa.String(400), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("rule_set_id", "number", name="uq_rules_rule_set_version_rule_set_id_number"),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in ("rules_rule_set", "rules_rule_set_version"):
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for t in ("rules_rule_set_version", "rules_rule_set"):
        op.drop_table(t, schema=S)
