"""payroll: salary advances and loans, their recovery by runs, the recovered amount on payslips and wage slips

Revision ID: payroll_0004
Revises: payroll_0003
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "payroll_0004"
down_revision = "payroll_0003"
branch_labels = None
depends_on = None
S = "payroll"
TABLES = ["payroll_advance", "payroll_advance_recovery"]
COLUMNS = (("payroll_run", "advances"), ("payroll_payslip", "advance"), ("payroll_payslip", "advance_due"),
           ("payroll_wage_slip", "advance_due"))


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map (audit_0002)
    return S if op.get_bind().dialect.name == "postgresql" else None


def _base() -> list:
    return [sa.Column("id", sa.Uuid(), nullable=False), sa.Column("tenant_id", sa.Uuid(), nullable=False)]


def upgrade() -> None:
    for table, name in COLUMNS:
        op.add_column(table, sa.Column(name, vdb.Amount(2), nullable=False, server_default=sa.text("0")),
                      schema=_schema())
    op.create_table(
        "payroll_advance",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("instalment_amount", vdb.Amount(2), nullable=False),
        sa.Column("instalments", sa.Integer(), nullable=True),
        sa.Column("start_month", sa.Date(), nullable=False),
        sa.Column("paid_from", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("recovered", vdb.Amount(2), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(length=40), nullable=False),
        *_base(),
        sa.Column("created_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payroll_advance")),
        schema=S,
    )
    op.create_index(op.f("ix_payroll_advance_tenant_id"), "payroll_advance", ["tenant_id"], schema=S)
    op.create_index("ix_payroll_advance_employee", "payroll_advance", ["company_id", "employee_id"], schema=S)
    op.create_table(
        "payroll_advance_recovery",
        sa.Column("advance_id", sa.Uuid(), nullable=False),
        sa.Column("run_kind", sa.String(length=10), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("due", vdb.Amount(2), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.Column("posted", sa.Boolean(), nullable=False),
        *_base(),
        sa.ForeignKeyConstraint(["advance_id"], ["payroll.payroll_advance.id"],
                                name=op.f("fk_payroll_advance_recovery_advance_id_payroll_advance"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payroll_advance_recovery")),
        sa.UniqueConstraint("advance_id", "run_id", name=op.f("uq_payroll_advance_recovery_advance_id_run_id")),
        schema=S,
    )
    op.create_index(op.f("ix_payroll_advance_recovery_tenant_id"), "payroll_advance_recovery", ["tenant_id"], schema=S)
    op.create_index("ix_payroll_advance_recovery_run", "payroll_advance_recovery", ["run_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table, schema=S)
    for table, name in reversed(COLUMNS):
        op.drop_column(table, name, schema=_schema())
