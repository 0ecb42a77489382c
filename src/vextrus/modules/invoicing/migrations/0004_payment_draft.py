"""invoicing: payment drafts (a payment or receipt saved before it is posted, approved through workflow)

Revision ID: invoicing_0004
Revises: invoicing_0003
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "invoicing_0004"
down_revision = "invoicing_0003"
branch_labels = None
depends_on = None

S = "invoicing"
T = "invoicing_payment_draft"
ZERO = sa.text("0")


def upgrade() -> None:
    op.create_table(
        T,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("vds", vdb.Amount(2), nullable=False, server_default=ZERO),
        sa.Column("ait", vdb.Amount(2), nullable=False, server_default=ZERO),
        sa.Column("cash_amount", vdb.Amount(2), nullable=False, server_default=ZERO),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("payment", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        sa.Column("error", sa.String(500), nullable=False),
        sa.Column("error_bn", sa.String(500), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{T}"),
        schema=S,
    )
    op.create_index(f"ix_{T}_tenant_id", T, ["tenant_id"], schema=S)
    op.create_index("ix_invoicing_payment_draft_company_party", T, ["company_id", "party_id", "status"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.{T}"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_table(T, schema=S)
