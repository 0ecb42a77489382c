"""tax: VAT rates a tenant adds

Revision ID: tax_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "tax_0001"
down_revision = None
branch_labels = ("tax",)
depends_on = "platform_0001"
S = "tax"


def upgrade() -> None:
    op.create_table(
        "tax_vat_rate",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_bn", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("rate", vdb.Amount(6), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("confidence", sa.String(10), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tax_vat_rate"),
        sa.UniqueConstraint("tenant_id", "code", "valid_from", name="uq_tax_vat_rate_tenant_id_code_valid_from"),
        schema=S,
    )
    op.create_index("ix_tax_vat_rate_tenant_id", "tax_vat_rate", ["tenant_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.tax_vat_rate"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_tax_vat_rate_tenant_id", table_name="tax_vat_rate", schema=S)
    op.drop_table("tax_vat_rate", schema=S)
