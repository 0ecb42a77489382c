"""payroll: a posted run paid (monthly and wage): the payment journal's date, entry and account

Revision ID: payroll_0006
Revises: payroll_0005
Create Date: 2026-12-06

Columns only (nullable or with a server default), so both databases add them in place.
"""
import sqlalchemy as sa
from alembic import op

revision = "payroll_0006"
down_revision = "payroll_0005"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "payroll" if op.get_bind().dialect.name == "postgresql" else None


def _columns() -> list[sa.Column]:
    return [sa.Column("paid_on", sa.Date(), nullable=True),
            sa.Column("payment_entry_id", sa.Uuid(), nullable=True),
            sa.Column("payment_entry_number", sa.String(length=40), nullable=False, server_default=""),
            sa.Column("payment_account", sa.String(length=20), nullable=False, server_default="")]


def upgrade() -> None:
    for table in ("payroll_run", "payroll_wage_run"):
        for c in _columns():
            op.add_column(table, c, schema=_schema())


def downgrade() -> None:
    for table in ("payroll_wage_run", "payroll_run"):
        with op.batch_alter_table(table, schema=_schema()) as batch:
            for c in reversed(_columns()):
                batch.drop_column(c.name)
