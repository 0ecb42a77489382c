"""contracts: payments to subcontractors against posted subcontract bills (allocated per bill)

Revision ID: contracts_0005
Revises: contracts_0004
Create Date: 2026-12-06

`contracts_payment` holds the company's payments to a subcontractor (one subcontract; its journal Dr 2111 / Cr
bank, status posted | reversed with finance's reversal) and `contracts_payment_allocation` what each pays of
each posted bill. New tables: nothing to backfill.
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "contracts_0005"
down_revision = "contracts_0004"
branch_labels = None
depends_on = None
P = "contracts_payment"
A = "contracts_payment_allocation"


def _schema() -> str | None:
    """The module's schema on PostgreSQL; None on SQLite (one namespace, names prefixed)."""
    return "contracts" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    pre = f"{S}." if S else ""
    op.create_table(
        P,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(80), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("account_code", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("reversed_at", sa.Date(), nullable=True),
        sa.Column("reversal_reason", sa.String(300), nullable=False),
        sa.Column("reversal_entry_id", sa.Uuid(), nullable=True),
        sa.Column("reversal_entry_number", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{P}"),
        sa.ForeignKeyConstraint(["contract_id"], [f"{pre}contracts_contract.id"], ondelete="CASCADE",
                                name=f"fk_{P}_contract_id_contracts_contract"),
        sa.UniqueConstraint("contract_id", "seq", name=f"uq_{P}_contract_id_seq"),
        schema=S,
    )
    op.create_index(f"ix_{P}_contract_id", P, ["contract_id"], schema=S)
    op.create_index(f"ix_{P}_tenant_id", P, ["tenant_id"], schema=S)
    op.create_table(
        A,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("bill_id", sa.Uuid(), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{A}"),
        sa.ForeignKeyConstraint(["payment_id"], [f"{pre}{P}.id"], ondelete="CASCADE",
                                name=f"fk_{A}_payment_id_{P}"),
        sa.ForeignKeyConstraint(["bill_id"], [f"{pre}contracts_bill.id"], ondelete="CASCADE",
                                name=f"fk_{A}_bill_id_contracts_bill"),
        sa.UniqueConstraint("payment_id", "bill_id", name=f"uq_{A}_payment_id_bill_id"),
        schema=S,
    )
    op.create_index(f"ix_{A}_payment_id", A, ["payment_id"], schema=S)
    op.create_index(f"ix_{A}_bill_id", A, ["bill_id"], schema=S)
    op.create_index(f"ix_{A}_tenant_id", A, ["tenant_id"], schema=S)
    if S is not None:
        for t in (P, A):
            for sql in rls_policy_sql(f"{S}.{t}"):
                op.execute(sql)


def downgrade() -> None:
    S = _schema()
    op.drop_table(A, schema=S)
    op.drop_table(P, schema=S)
