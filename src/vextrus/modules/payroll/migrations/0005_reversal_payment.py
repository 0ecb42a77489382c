"""payroll: reversing a posted run (monthly and wage), employees' bank and MFS details for disbursement files

Revision ID: payroll_0005
Revises: payroll_0004
Create Date: 2026-12-06

A reversed monthly run keeps its row and payslips; the month can be prepared again, so the unique key of
`payroll_run` becomes (tenant, company, month, revision): the corrected run takes the next revision. SQLite
rebuilds the table (batch mode, foreign keys off while migrating); PostgreSQL alters it in place.
"""
import sqlalchemy as sa
from alembic import op

revision = "payroll_0005"
down_revision = "payroll_0004"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "payroll" if op.get_bind().dialect.name == "postgresql" else None


def _reversal_columns() -> list[sa.Column]:
    return [sa.Column("reversed_on", sa.Date(), nullable=True),
            sa.Column("reversal_reason", sa.String(length=400), nullable=False, server_default=""),
            sa.Column("reversal_entry_id", sa.Uuid(), nullable=True),
            sa.Column("reversal_entry_number", sa.String(length=40), nullable=False, server_default="")]


EMPLOYEE = (("bank_name", 100), ("bank_branch", 100), ("routing_no", 9), ("mfs_provider", 20))


def upgrade() -> None:
    with op.batch_alter_table("payroll_run", schema=_schema()) as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default=sa.text("0")))
        for c in _reversal_columns():
            batch.add_column(c)
        batch.drop_constraint("uq_payroll_run_tenant_id_company_id_month", type_="unique")
        batch.create_unique_constraint("uq_payroll_run_tenant_id_company_id_month_revision",
                                       ["tenant_id", "company_id", "month", "revision"])
    for c in _reversal_columns():
        op.add_column("payroll_wage_run", c, schema=_schema())
    for name, length in EMPLOYEE:
        op.add_column("payroll_employee", sa.Column(name, sa.String(length=length), nullable=False,
                                                    server_default=""), schema=_schema())


def downgrade() -> None:
    # a month prepared again after a reversal has two rows: the downgrade keeps the unique key only if not
    for name, _ in reversed(EMPLOYEE):
        op.drop_column("payroll_employee", name, schema=_schema())
    for c in reversed(_reversal_columns()):
        op.drop_column("payroll_wage_run", c.name, schema=_schema())
    with op.batch_alter_table("payroll_run", schema=_schema()) as batch:
        batch.drop_constraint("uq_payroll_run_tenant_id_company_id_month_revision", type_="unique")
        batch.create_unique_constraint("uq_payroll_run_tenant_id_company_id_month", ["tenant_id", "company_id", "month"])
        for c in reversed(_reversal_columns()):
            batch.drop_column(c.name)
        batch.drop_column("revision")
