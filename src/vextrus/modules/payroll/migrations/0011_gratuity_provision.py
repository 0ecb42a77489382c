"""payroll: the month's gratuity provision on the payslip (issue 18, BLA 2006 s.2(10))

Revision ID: payroll_0011
Revises: payroll_0010
Create Date: 2026-12-07

`gratuity_provision`: the gratuity accrued this month (a cost posted with the run, Dr salary expense by
project / Cr the gratuity provision; not paid to the employee). Default 0, so both databases add it in place.
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb

revision = "payroll_0011"
down_revision = "payroll_0010"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "payroll" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column("payroll_payslip", sa.Column("gratuity_provision", vdb.Amount(2), nullable=False,
                                               server_default=sa.text("0")), schema=_schema())


def downgrade() -> None:
    with op.batch_alter_table("payroll_payslip", schema=_schema()) as batch:
        batch.drop_column("gratuity_provision")
