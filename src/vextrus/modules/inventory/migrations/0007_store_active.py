"""inventory: a store can be deactivated (`active`, true for every existing store): no move, slip line, dispatch or
reorder level names an inactive store; it stays listed on the stores page and in its history (issue 17)

Revision ID: inventory_0007
Revises: inventory_0006
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "inventory_0007"
down_revision = "inventory_0006"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "inventory" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column("inventory_store", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
                  schema=_schema())


def downgrade() -> None:
    with op.batch_alter_table("inventory_store", schema=_schema()) as b:
        b.drop_column("active")
