"""hr: office attendance from check-in/out devices (a day per employee) and the device files imported

Revision ID: hr_0005
Revises: hr_0004
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "hr_0005"
down_revision = "hr_0004"
branch_labels = None
depends_on = None
S = "hr"
TABLES = ["hr_office_day", "hr_office_import"]


def _ids() -> list:
    return [sa.Column("id", sa.Uuid(), nullable=False), sa.Column("tenant_id", sa.Uuid(), nullable=False),
            sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
            sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
            sa.Column("company_id", sa.Uuid(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "hr_office_day", *_ids(),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("first_in", sa.Integer(), nullable=True),
        sa.Column("last_out", sa.Integer(), nullable=True),
        sa.Column("import_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_hr_office_day"),
        sa.UniqueConstraint("tenant_id", "employee_id", "day", name="uq_hr_office_day_tenant_id_employee_id_day"),
        schema=S)
    op.create_index("ix_hr_office_day_company", "hr_office_day", ["company_id", "day"], schema=S)
    op.create_table(
        "hr_office_import", *_ids(),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("shape", sa.String(10), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("refused_rows", sa.Integer(), nullable=False),
        sa.Column("days_stored", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_hr_office_import"),
        sa.UniqueConstraint("tenant_id", "company_id", "sha256", name="uq_hr_office_import_tenant_id_company_id_sha256"),
        schema=S)
    for t in TABLES:
        op.create_index(f"ix_{t}_tenant_id", t, ["tenant_id"], schema=S)
        if op.get_bind().dialect.name == "postgresql":
            for sql in rls_policy_sql(f"{S}.{t}"):
                op.execute(sql)


def downgrade() -> None:
    for t in reversed(TABLES):
        op.drop_table(t, schema=S)
