"""contracts: receipts against RA bills (cash and VDS) and a posted bill's reversal

Revision ID: contracts_0002
Revises: contracts_0001
Create Date: 2026-12-05

`contracts_receipt` holds the client's payments of posted bills (each with its journal: Dr bank, Dr VDS
receivable / Cr trade receivable, referenced by the bill's number). A bill gains the id and number of
finance's reversal of its journal (status `reversed`). Existing bills have neither: nothing to backfill.
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "contracts_0002"
down_revision = "contracts_0001"
branch_labels = None
depends_on = None
T = "contracts_receipt"


def _schema() -> str | None:
    """The module's schema on PostgreSQL; None on SQLite (one namespace, names prefixed)."""
    return "contracts" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("contracts_bill", sa.Column("reversal_entry_id", sa.Uuid(), nullable=True), schema=S)
    op.add_column("contracts_bill", sa.Column("reversal_entry_number", sa.String(40), nullable=False,
                                              server_default=""), schema=S)
    op.create_table(
        T,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("bill_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(80), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("vds", vdb.Amount(2), nullable=False),
        sa.Column("certificate_no", sa.String(60), nullable=False),
        sa.Column("account_code", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{T}"),
        sa.ForeignKeyConstraint(["bill_id"], [f"{S + '.' if S else ''}contracts_bill.id"], ondelete="CASCADE",
                                name=f"fk_{T}_bill_id_contracts_bill"),
        sa.UniqueConstraint("bill_id", "seq", name=f"uq_{T}_bill_id_seq"),
        schema=S,
    )
    op.create_index(f"ix_{T}_bill_id", T, ["bill_id"], schema=S)
    op.create_index(f"ix_{T}_tenant_id", T, ["tenant_id"], schema=S)
    if S is not None:
        for sql in rls_policy_sql(f"{S}.{T}"):
            op.execute(sql)


def downgrade() -> None:
    S = _schema()
    op.drop_table(T, schema=S)
    with op.batch_alter_table("contracts_bill", schema=S) as batch:  # SQLite rebuilds the table
        batch.drop_column("reversal_entry_number")
        batch.drop_column("reversal_entry_id")
