"""invoicing: notes

Revision ID: invoicing_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "invoicing_0001"
down_revision = None
branch_labels = ("invoicing",)
depends_on = "platform_0001"
S = "invoicing"


def upgrade() -> None:
    op.create_table(
        "invoicing_note",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("title_bn", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_invoicing_note"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_invoicing_note_tenant_id_code"),
        schema=S,
    )
    op.create_index("ix_invoicing_note_tenant_id", "invoicing_note", ["tenant_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.invoicing_note"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_invoicing_note_tenant_id", table_name="invoicing_note", schema=S)
    op.drop_table("invoicing_note", schema=S)
