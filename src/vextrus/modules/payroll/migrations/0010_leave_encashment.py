"""payroll: annual leave encashed in a monthly run (issue 18, BLA 2006 s.117)

Revision ID: payroll_0010
Revises: payroll_0009
Create Date: 2026-12-07

Two amounts on the payslip: the days of unavailed annual leave paid (`leave_days_encashed`, which hr's balance
subtracts once the run is posted) and their wages (`leave_encashment`, part of gross). Defaults 0, so both
databases add them in place.
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb

revision = "payroll_0010"
down_revision = "payroll_0009"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "payroll" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    for name in ("leave_days_encashed", "leave_encashment"):
        op.add_column("payroll_payslip", sa.Column(name, vdb.Amount(2), nullable=False, server_default=sa.text("0")),
                      schema=S)


def downgrade() -> None:
    with op.batch_alter_table("payroll_payslip", schema=_schema()) as batch:
        batch.drop_column("leave_encashment")
        batch.drop_column("leave_days_encashed")
