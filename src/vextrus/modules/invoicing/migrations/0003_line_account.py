"""invoicing: a line may name the ledger account it posts to (a matched vendor bill's lines against 2115
goods received not invoiced, and its price variance)

Revision ID: invoicing_0003
Revises: invoicing_0002
Create Date: 2026-12-05

NULL (every existing line) keeps the old posting: the kind's revenue or expense account.
"""
import sqlalchemy as sa
from alembic import op

revision = "invoicing_0003"
down_revision = "invoicing_0002"
branch_labels = None
depends_on = None


def _alter_schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map (audit_0002)
    return "invoicing" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column("invoicing_line", sa.Column("account_code", sa.String(20), nullable=True), schema=_alter_schema())


def downgrade() -> None:
    op.drop_column("invoicing_line", "account_code", schema=_alter_schema())
