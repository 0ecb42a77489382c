"""payroll: undoing a recorded payment (issue 18)

Revision ID: payroll_0015
Revises: payroll_0014
Create Date: 2026-12-07

Table `payroll_payment_undo`: a run's payment recorded by mistake and undone (its journal reversed through
finance, the run back to `posted`, its payment fields cleared) is kept here, one row per undo, with the
payment's date, journal and net, the undo's date, reason and reversing journal. `run_id` is a monthly run
(`run_kind` monthly) or a wage run (`wage`): no foreign key, as the two live in two tables.
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "payroll_0015"
down_revision = "payroll_0014"
branch_labels = None
depends_on = None
S = "payroll"
T = "payroll_payment_undo"


def upgrade() -> None:
    op.create_table(
        T,
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("run_kind", sa.String(length=10), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("payment_entry_id", sa.Uuid(), nullable=False),
        sa.Column("payment_entry_number", sa.String(length=40), nullable=False),
        sa.Column("payment_account", sa.String(length=20), nullable=False),
        sa.Column("net", vdb.Amount(2), nullable=False),
        sa.Column("undone_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("reversal_entry_id", sa.Uuid(), nullable=False),
        sa.Column("reversal_entry_number", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payroll_payment_undo")),
        schema=S,
    )
    op.create_index(op.f("ix_payroll_payment_undo_tenant_id"), T, ["tenant_id"], schema=S)
    op.create_index(op.f("ix_payroll_payment_undo_run_id"), T, ["run_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.{T}"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_table(T, schema=S)
