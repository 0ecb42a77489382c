"""invoicing: advances paid to vendors and received from customers before their invoice, and their allocation

Revision ID: invoicing_0005
Revises: invoicing_0004
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "invoicing_0005"
down_revision = "invoicing_0004"
branch_labels = None
depends_on = None

S = "invoicing"
A = "invoicing_advance"
L = "invoicing_advance_allocation"
ZERO = sa.text("0")


def upgrade() -> None:
    op.create_table(
        A,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("fiscal_year", sa.String(7), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("allocated", vdb.Amount(2), nullable=False, server_default=ZERO),
        sa.Column("currency", sa.String(3), nullable=False, server_default="BDT"),
        sa.Column("account_code", sa.String(20), nullable=False),
        sa.Column("advance_account", sa.String(20), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("instrument_no", sa.String(40), nullable=False),
        sa.Column("instrument_date", sa.Date(), nullable=True),
        sa.Column("reference", sa.String(60), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("narration", sa.String(500), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        sa.Column("reversal_entry_id", sa.Uuid(), nullable=True),
        sa.Column("reversal_entry_number", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{A}"),
        sa.UniqueConstraint("tenant_id", "company_id", "kind", "number",
                            name=f"uq_{A}_tenant_id_company_id_kind_number"),
        schema=S,
    )
    op.create_index(f"ix_{A}_tenant_id", A, ["tenant_id"], schema=S)
    op.create_index("ix_invoicing_advance_company_party", A, ["company_id", "party_id", "status"], schema=S)
    op.create_table(
        L,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("advance_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_id", sa.Uuid(), nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("allocated_on", sa.Date(), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("applied", vdb.Amount(2), nullable=False),
        sa.Column("vds", vdb.Amount(2), nullable=False, server_default=ZERO),
        sa.Column("ait", vdb.Amount(2), nullable=False, server_default=ZERO),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(["advance_id"], [f"{S}.{A}.id"], ondelete="CASCADE",
                                name=f"fk_{L}_advance_id_{A}"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{L}"),
        schema=S,
    )
    op.create_index(f"ix_{L}_tenant_id", L, ["tenant_id"], schema=S)
    op.create_index("ix_invoicing_advance_allocation_advance", L, ["advance_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for t in (A, L):
            for sql in rls_policy_sql(f"{S}.{t}"):
                op.execute(sql)


def downgrade() -> None:
    op.drop_table(L, schema=S)
    op.drop_table(A, schema=S)
