"""contracts: a receipt's reversal (status, date, reason and finance's reversal entry)

Revision ID: contracts_0003
Revises: contracts_0002
Create Date: 2026-12-05

A receipt recorded against an RA bill can be reversed (a wrong amount, a bounced cheque): finance reverses its
journal and the row stays, `status` reversed, with the reversal's date (`reversed_at`), the reason and the
reversal entry's id and number. Existing receipts are posted: the server default backfills them.
"""
import sqlalchemy as sa
from alembic import op

revision = "contracts_0003"
down_revision = "contracts_0002"
branch_labels = None
depends_on = None
T = "contracts_receipt"


def _schema() -> str | None:
    """The module's schema on PostgreSQL; None on SQLite (one namespace, names prefixed)."""
    return "contracts" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column(T, sa.Column("status", sa.String(12), nullable=False, server_default="posted"), schema=S)
    op.add_column(T, sa.Column("reversed_at", sa.Date(), nullable=True), schema=S)
    op.add_column(T, sa.Column("reversal_reason", sa.String(300), nullable=False, server_default=""), schema=S)
    op.add_column(T, sa.Column("reversal_entry_id", sa.Uuid(), nullable=True), schema=S)
    op.add_column(T, sa.Column("reversal_entry_number", sa.String(40), nullable=False, server_default=""), schema=S)


def downgrade() -> None:
    S = _schema()
    with op.batch_alter_table(T, schema=S) as batch:  # SQLite rebuilds the table
        batch.drop_column("reversal_entry_number")
        batch.drop_column("reversal_entry_id")
        batch.drop_column("reversal_reason")
        batch.drop_column("reversed_at")
        batch.drop_column("status")
