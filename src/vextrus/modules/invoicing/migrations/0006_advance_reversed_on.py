"""invoicing: the date an advance was reversed (its statement line is dated by it)

Revision ID: invoicing_0006
Revises: invoicing_0005
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "invoicing_0006"
down_revision = "invoicing_0005"
branch_labels = None
depends_on = None

S = "invoicing"
A = "invoicing_advance"


def _alter_schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map (invoicing_0003)
    return S if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column(A, sa.Column("reversed_on", sa.Date(), nullable=True), schema=_alter_schema())
    # an advance reversed before this column: its last write was the reversal (a reversed advance is never written
    # again), so the day of updated_at (UTC) stands for the reversal's date
    t = sa.table(A, sa.column("status"), sa.column("updated_at"), sa.column("reversed_on"), schema=_alter_schema())
    pg = op.get_bind().dialect.name == "postgresql"
    day = sa.cast(t.c.updated_at, sa.Date()) if pg else sa.func.substr(t.c.updated_at, 1, 10)
    op.execute(t.update().where(t.c.status == "reversed").values(reversed_on=day))


def downgrade() -> None:
    op.drop_column(A, "reversed_on", schema=_alter_schema())
