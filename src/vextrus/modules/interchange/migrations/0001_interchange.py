"""interchange: saved column mappings and import runs

Revision ID: interchange_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "interchange_0001"
down_revision = None
branch_labels = ("interchange",)
depends_on = "platform_0001"
S = "interchange"


def upgrade() -> None:
    op.create_table(
        "interchange_mapping",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("target", sa.String(80), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_interchange_mapping"),
        sa.UniqueConstraint("tenant_id", "user_id", "target", name="uq_interchange_mapping_tenant_id_user_id_target"),
        schema=S,
    )
    op.create_index("ix_interchange_mapping_tenant_id", "interchange_mapping", ["tenant_id"], schema=S)
    op.create_table(
        "interchange_import_run",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("target", sa.String(80), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("file_format", sa.String(8), nullable=False),
        sa.Column("encoding", sa.String(20), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("header", sa.JSON(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("mode", sa.String(20), nullable=True),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_valid", sa.Integer(), nullable=False),
        sa.Column("rows_refused", sa.Integer(), nullable=False),
        sa.Column("rows_written", sa.Integer(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("result_file_id", sa.Uuid(), nullable=True),
        sa.Column("result_format", sa.String(8), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("checked_at", vdb.UtcDateTime(), nullable=True),
        sa.Column("committed_at", vdb.UtcDateTime(), nullable=True),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_interchange_import_run"),
        schema=S,
    )
    op.create_index("ix_interchange_import_run_tenant_id", "interchange_import_run", ["tenant_id"], schema=S)
    op.create_index("ix_interchange_import_run_user", "interchange_import_run", ["tenant_id", "user_id", "created_at"],
                    schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for table in ("interchange_mapping", "interchange_import_run"):
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_interchange_import_run_user", table_name="interchange_import_run", schema=S)
    op.drop_index("ix_interchange_import_run_tenant_id", table_name="interchange_import_run", schema=S)
    op.drop_table("interchange_import_run", schema=S)
    op.drop_index("ix_interchange_mapping_tenant_id", table_name="interchange_mapping", schema=S)
    op.drop_table("interchange_mapping", schema=S)
