"""hr: site muster rolls (a day's attendance per project site) and leave applications

Revision ID: hr_0001
Revises:
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "hr_0001"
down_revision = None
branch_labels = ("hr",)
depends_on = "platform_0001"
S = "hr"
TABLES = ["hr_muster", "hr_attendance", "hr_leave"]


def _base(name: str, timestamps: bool = True) -> list:
    cols = [sa.Column("id", sa.Uuid(), nullable=False), sa.Column("tenant_id", sa.Uuid(), nullable=False)]
    if timestamps:
        cols += [sa.Column("version", sa.Integer(), nullable=False),
                 sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
                 sa.Column("updated_at", vdb.UtcDateTime(), nullable=False)]
    return cols + [sa.PrimaryKeyConstraint("id", name=f"pk_{name}")]


def upgrade() -> None:
    op.create_table(
        "hr_muster", *_base("hr_muster"),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("approved_by", sa.String(120), nullable=False),
        sa.Column("approved_at", vdb.UtcDateTime(), nullable=True),
        sa.UniqueConstraint("tenant_id", "company_id", "project_id", "day",
                            name="uq_hr_muster_tenant_id_company_id_project_id_day"),
        schema=S)
    op.create_index("ix_hr_muster_company_day", "hr_muster", ["company_id", "day"], schema=S)
    op.create_table(
        "hr_attendance", *_base("hr_attendance", timestamps=False),
        sa.Column("muster_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("hours", vdb.Amount(2), nullable=False),
        sa.Column("overtime_hours", vdb.Amount(2), nullable=False),
        sa.ForeignKeyConstraint(["muster_id"], [f"{S}.hr_muster.id"], name="fk_hr_attendance_muster_id_hr_muster",
                                ondelete="CASCADE"),
        sa.UniqueConstraint("muster_id", "employee_id", name="uq_hr_attendance_muster_id_employee_id"),
        schema=S)
    op.create_index("ix_hr_attendance_employee", "hr_attendance", ["employee_id"], schema=S)
    op.create_table(
        "hr_leave", *_base("hr_leave"),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("leave_type", sa.String(20), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("days", vdb.Amount(2), nullable=False),
        sa.Column("reason", sa.String(400), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("decided_by", sa.String(120), nullable=False),
        schema=S)
    op.create_index("ix_hr_leave_employee", "hr_leave", ["employee_id", "start"], schema=S)
    for t in TABLES:
        op.create_index(f"ix_{t}_tenant_id", t, ["tenant_id"], schema=S)
        if op.get_bind().dialect.name == "postgresql":
            for sql in rls_policy_sql(f"{S}.{t}"):
                op.execute(sql)


def downgrade() -> None:
    for t in reversed(TABLES):
        op.drop_table(t, schema=S)
