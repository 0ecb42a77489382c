"""hr: employees' expense claims and their lines

Revision ID: hr_0003
Revises: hr_0002
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "hr_0003"
down_revision = "hr_0002"
branch_labels = None
depends_on = None
S = "hr"
TABLES = ["hr_expense_claim", "hr_expense_line"]


def _ids() -> list:
    return [sa.Column("id", sa.Uuid(), nullable=False), sa.Column("tenant_id", sa.Uuid(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "hr_expense_claim", *_ids(),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("claim_date", sa.Date(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=True),
        sa.Column("purpose", sa.String(400), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("total", vdb.Amount(2), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("submitted_by", sa.String(120), nullable=False),
        sa.Column("decided_by", sa.String(120), nullable=False),
        sa.Column("comment", sa.String(400), nullable=False),
        sa.Column("approval_id", sa.Uuid(), nullable=True),
        sa.Column("entry_id", sa.Uuid(), nullable=True),
        sa.Column("entry_number", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_hr_expense_claim"),
        schema=S)
    op.create_index("ix_hr_expense_claim_company", "hr_expense_claim", ["company_id", "claim_date"], schema=S)
    op.create_index("ix_hr_expense_claim_employee", "hr_expense_claim", ["employee_id"], schema=S)
    op.create_table(
        "hr_expense_line", *_ids(),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("amount", vdb.Amount(2), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], [f"{S}.hr_expense_claim.id"],
                                name="fk_hr_expense_line_claim_id_hr_expense_claim", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_hr_expense_line"),
        schema=S)
    op.create_index("ix_hr_expense_line_claim", "hr_expense_line", ["claim_id", "line_no"], schema=S)
    for t in TABLES:
        op.create_index(f"ix_{t}_tenant_id", t, ["tenant_id"], schema=S)
        if op.get_bind().dialect.name == "postgresql":
            for sql in rls_policy_sql(f"{S}.{t}"):
                op.execute(sql)


def downgrade() -> None:
    for t in reversed(TABLES):
        op.drop_table(t, schema=S)
