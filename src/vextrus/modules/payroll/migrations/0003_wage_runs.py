"""payroll: a daily wage on the employee; wage runs of daily-wage workers from the muster roll

Revision ID: payroll_0003
Revises: payroll_0002
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "payroll_0003"
down_revision = "payroll_0002"
branch_labels = None
depends_on = None
S = "payroll"
TABLES = ["payroll_wage_run", "payroll_wage_slip", "payroll_wage_day"]


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map (audit_0002)
    return S if op.get_bind().dialect.name == "postgresql" else None


def _base() -> list:
    return [sa.Column("id", sa.Uuid(), nullable=False), sa.Column("tenant_id", sa.Uuid(), nullable=False)]


def upgrade() -> None:
    op.add_column("payroll_employee", sa.Column("daily_wage", vdb.Amount(2), nullable=True), schema=_schema())
    op.create_table(
        "payroll_wage_run",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("gross", vdb.Amount(2), nullable=False),
        sa.Column("deductions", vdb.Amount(2), nullable=False),
        sa.Column("net", vdb.Amount(2), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("costing", sa.JSON(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(length=40), nullable=False),
        *_base(),
        sa.Column("created_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payroll_wage_run")),
        schema=S,
    )
    op.create_index(op.f("ix_payroll_wage_run_tenant_id"), "payroll_wage_run", ["tenant_id"], schema=S)
    op.create_index("ix_payroll_wage_run_company", "payroll_wage_run", ["company_id", "period_start"], schema=S)
    amounts = ("present_days", "half_days", "absent_days", "leave_days", "holidays", "days_paid", "overtime_hours",
               "wages", "overtime", "gross", "deductions", "net")
    op.create_table(
        "payroll_wage_slip",
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("daily_wage", vdb.Amount(2), nullable=False),
        *[sa.Column(n, vdb.Amount(2), nullable=False) for n in amounts],
        *_base(),
        sa.ForeignKeyConstraint(["run_id"], ["payroll.payroll_wage_run.id"],
                                name=op.f("fk_payroll_wage_slip_run_id_payroll_wage_run"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payroll_wage_slip")),
        sa.UniqueConstraint("run_id", "employee_id", name=op.f("uq_payroll_wage_slip_run_id_employee_id")),
        schema=S,
    )
    op.create_index(op.f("ix_payroll_wage_slip_tenant_id"), "payroll_wage_slip", ["tenant_id"], schema=S)
    op.create_table(
        "payroll_wage_day",
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        *_base(),
        sa.ForeignKeyConstraint(["run_id"], ["payroll.payroll_wage_run.id"],
                                name=op.f("fk_payroll_wage_day_run_id_payroll_wage_run"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payroll_wage_day")),
        sa.UniqueConstraint("tenant_id", "employee_id", "day",
                            name=op.f("uq_payroll_wage_day_tenant_id_employee_id_day")),
        schema=S,
    )
    op.create_index(op.f("ix_payroll_wage_day_tenant_id"), "payroll_wage_day", ["tenant_id"], schema=S)
    op.create_index("ix_payroll_wage_day_run", "payroll_wage_day", ["run_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table, schema=S)
    op.drop_column("payroll_employee", "daily_wage", schema=_schema())
