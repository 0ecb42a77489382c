"""sales: an instalment remembers the due date its buyer was reminded of (the daily due-soon reminders)

Revision ID: sales_0003
Revises: sales_0002
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "sales_0003"
down_revision = "sales_0002"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map
    return "sales" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column("sales_instalment", sa.Column("reminded_for", sa.Date(), nullable=True), schema=_schema())


def downgrade() -> None:
    with op.batch_alter_table("sales_instalment", schema=_schema()) as b:
        b.drop_column("reminded_for")
