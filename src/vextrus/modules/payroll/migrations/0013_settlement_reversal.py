"""payroll: reversing a posted final settlement (issue 18)

Revision ID: payroll_0013
Revises: payroll_0012
Create Date: 2026-12-07

`payroll_settlement` gains the reversal's date, reason and reversing journal (as `payroll_run` did in
payroll_0005): a reversed settlement keeps its row (status `reversed`) until it is computed again as a draft.
Nullable or defaulted columns, so both databases add them in place.
"""
import sqlalchemy as sa
from alembic import op

revision = "payroll_0013"
down_revision = "payroll_0012"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "payroll" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("payroll_settlement", sa.Column("reversed_on", sa.Date(), nullable=True), schema=S)
    op.add_column("payroll_settlement", sa.Column("reversal_reason", sa.String(length=400), nullable=False,
                                                  server_default=""), schema=S)
    op.add_column("payroll_settlement", sa.Column("reversal_entry_id", sa.Uuid(), nullable=True), schema=S)
    op.add_column("payroll_settlement", sa.Column("reversal_entry_number", sa.String(length=40), nullable=False,
                                                  server_default=""), schema=S)


def downgrade() -> None:
    with op.batch_alter_table("payroll_settlement", schema=_schema()) as batch:
        for name in ("reversal_entry_number", "reversal_entry_id", "reversal_reason", "reversed_on"):
            batch.drop_column(name)
