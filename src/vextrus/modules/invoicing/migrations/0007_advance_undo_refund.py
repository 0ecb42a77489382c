"""invoicing: an advance's allocation undone (its reversal on the allocation row) and its remainder refunded

Revision ID: invoicing_0007
Revises: invoicing_0006
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "invoicing_0007"
down_revision = "invoicing_0006"
branch_labels = None
depends_on = None

S = "invoicing"
A = "invoicing_advance"
L = "invoicing_advance_allocation"
R = "invoicing_advance_refund"
ZERO = sa.text("0")


def _alter_schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map (invoicing_0003)
    return S if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column(A, sa.Column("refunded", vdb.Amount(2), nullable=False, server_default=ZERO),
                  schema=_alter_schema())
    for col in (sa.Column("reversed_on", sa.Date(), nullable=True),
                sa.Column("reversal_reason", sa.String(500), nullable=False, server_default=""),
                sa.Column("reversal_payment_id", sa.Uuid(), nullable=True),
                sa.Column("reversal_entry_id", sa.Uuid(), nullable=True),
                sa.Column("reversal_entry_number", sa.String(40), nullable=False, server_default="")):
        op.add_column(L, col, schema=_alter_schema())
    op.create_table(
        R,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("advance_id", sa.Uuid(), nullable=False),
        sa.Column("refunded_on", sa.Date(), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("account_code", sa.String(20), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("instrument_no", sa.String(40), nullable=False),
        sa.Column("instrument_date", sa.Date(), nullable=True),
        sa.Column("reference", sa.String(60), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(["advance_id"], [f"{S}.{A}.id"], ondelete="CASCADE",
                                name=f"fk_{R}_advance_id_{A}"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{R}"),
        schema=S,
    )
    op.create_index(f"ix_{R}_tenant_id", R, ["tenant_id"], schema=S)
    op.create_index("ix_invoicing_advance_refund_advance", R, ["advance_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.{R}"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_table(R, schema=S)
    for name in ("reversal_entry_number", "reversal_entry_id", "reversal_payment_id", "reversal_reason",
                 "reversed_on"):
        op.drop_column(L, name, schema=_alter_schema())
    op.drop_column(A, "refunded", schema=_alter_schema())
