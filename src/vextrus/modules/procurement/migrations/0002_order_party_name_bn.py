"""procurement: an order keeps the vendor's Bangla name too (Bangla pages show it)

Revision ID: procurement_0002
Revises: procurement_0001
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "procurement_0002"
down_revision = "procurement_0001"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    """The module's schema on PostgreSQL; None on SQLite (one namespace, names prefixed)."""
    return "procurement" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("procurement_order", sa.Column("party_name_bn", sa.String(200), nullable=False, server_default=""),
                  schema=S)


def downgrade() -> None:
    S = _schema()
    with op.batch_alter_table("procurement_order", schema=S) as batch:  # SQLite rebuilds the table
        batch.drop_column("party_name_bn")
