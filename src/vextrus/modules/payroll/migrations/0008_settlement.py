"""payroll: separation and final settlement (issue 18)

Revision ID: payroll_0008
Revises: payroll_0007
Create Date: 2026-12-07

Table `payroll_settlement` (one per employee: draft → approved → posted, its lines with the law's sections)
and the employee's `separated_on` / `separation_kind` (set when the settlement is posted; runs of later
months leave the employee out).
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "payroll_0008"
down_revision = "payroll_0007"
branch_labels = None
depends_on = None
S = "payroll"


def _schema() -> str | None:
    return S if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column("payroll_employee", sa.Column("separated_on", sa.Date(), nullable=True), schema=_schema())
    op.add_column("payroll_employee", sa.Column("separation_kind", sa.String(length=20), nullable=False,
                                                server_default=""), schema=_schema())
    op.create_table(
        "payroll_settlement",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("notice_given_days", sa.Integer(), nullable=False),
        sa.Column("leave_days", vdb.Amount(2), nullable=False),
        sa.Column("leave_source", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("service_months", sa.Integer(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("earnings", vdb.Amount(2), nullable=False),
        sa.Column("deductions", vdb.Amount(2), nullable=False),
        sa.Column("net", vdb.Amount(2), nullable=False),
        sa.Column("pf_forfeited", vdb.Amount(2), nullable=False),
        sa.Column("advances_left", vdb.Amount(2), nullable=False),
        sa.Column("due_by", sa.Date(), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payroll_settlement")),
        sa.UniqueConstraint("tenant_id", "employee_id", name=op.f("uq_payroll_settlement_tenant_id_employee_id")),
        schema=S,
    )
    op.create_index(op.f("ix_payroll_settlement_tenant_id"), "payroll_settlement", ["tenant_id"], schema=S)
    op.create_index("ix_payroll_settlement_company", "payroll_settlement", ["company_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.payroll_settlement"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_table("payroll_settlement", schema=S)
    with op.batch_alter_table("payroll_employee", schema=_schema()) as batch:
        batch.drop_column("separation_kind")
        batch.drop_column("separated_on")
