"""payroll: absent days and the pay withheld for them on a payslip (from hr's muster roll)

Revision ID: payroll_0002
Revises: payroll_0001
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb

revision = "payroll_0002"
down_revision = "payroll_0001"
branch_labels = None
depends_on = None
S = "payroll"


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map (audit_0002)
    return S if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    for name in ("absent_days", "absence"):
        op.add_column("payroll_payslip", sa.Column(name, vdb.Amount(2), nullable=False, server_default=sa.text("0")),
                      schema=_schema())


def downgrade() -> None:
    for name in ("absence", "absent_days"):
        op.drop_column("payroll_payslip", name, schema=_schema())
