"""hr: an expense claim paid to the employee: the payment journal's date, entry, account and who paid

Revision ID: hr_0004
Revises: hr_0003
Create Date: 2026-12-06

Columns only (nullable or with a server default), so both databases add them in place.
"""
import sqlalchemy as sa
from alembic import op

revision = "hr_0004"
down_revision = "hr_0003"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "hr" if op.get_bind().dialect.name == "postgresql" else None


def _columns() -> list[sa.Column]:
    return [sa.Column("paid_on", sa.Date(), nullable=True),
            sa.Column("paid_entry_id", sa.Uuid(), nullable=True),
            sa.Column("paid_entry_number", sa.String(length=40), nullable=False, server_default=""),
            sa.Column("paid_account", sa.String(length=20), nullable=False, server_default=""),
            sa.Column("paid_by", sa.String(length=120), nullable=False, server_default="")]


def upgrade() -> None:
    for c in _columns():
        op.add_column("hr_expense_claim", c, schema=_schema())


def downgrade() -> None:
    with op.batch_alter_table("hr_expense_claim", schema=_schema()) as batch:
        for c in reversed(_columns()):
            batch.drop_column(c.name)
