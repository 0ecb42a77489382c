"""payroll: earlier attempts of a final settlement (issue 18)

Revision ID: payroll_0014
Revises: payroll_0013
Create Date: 2026-12-07

Table `payroll_settlement_attempt`: a posted settlement that was reversed is kept here when the settlement is
computed again (the one settlement row per employee is reused: its entry and reversal fields are cleared), so the
employee page can show every earlier attempt (journal, dates, reasons). Nothing to copy: a settlement reversed
before this version still holds its attempt on its row until it is computed again.
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "payroll_0014"
down_revision = "payroll_0013"
branch_labels = None
depends_on = None
S = "payroll"
T = "payroll_settlement_attempt"


def upgrade() -> None:
    op.create_table(
        T,
        sa.Column("settlement_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("net", vdb.Amount(2), nullable=False),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(length=40), nullable=False),
        sa.Column("reversed_on", sa.Date(), nullable=True),
        sa.Column("reversal_reason", sa.String(length=400), nullable=False),
        sa.Column("reversal_entry_id", sa.Uuid(), nullable=True),
        sa.Column("reversal_entry_number", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["settlement_id"], ["payroll.payroll_settlement.id"],
                                name=op.f("fk_payroll_settlement_attempt_settlement_id_payroll_settlement")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payroll_settlement_attempt")),
        sa.UniqueConstraint("tenant_id", "employee_id", "attempt",
                            name=op.f("uq_payroll_settlement_attempt_tenant_id_employee_id_attempt")),
        schema=S,
    )
    op.create_index(op.f("ix_payroll_settlement_attempt_tenant_id"), T, ["tenant_id"], schema=S)
    op.create_index(op.f("ix_payroll_settlement_attempt_employee_id"), T, ["employee_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.{T}"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_table(T, schema=S)
