"""payroll: notes

Revision ID: payroll_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "payroll_0001"
down_revision = None
branch_labels = ("payroll",)
depends_on = "platform_0001"
S = "payroll"


def upgrade() -> None:
    op.create_table(
        "payroll_note",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("title_bn", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_payroll_note"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_payroll_note_tenant_id_code"),
        schema=S,
    )
    op.create_index("ix_payroll_note_tenant_id", "payroll_note", ["tenant_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.payroll_note"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_payroll_note_tenant_id", table_name="payroll_note", schema=S)
    op.drop_table("payroll_note", schema=S)
