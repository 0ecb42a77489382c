"""platform: background runs (long work as a job with progress, issue 10)

Revision ID: platform_0004
Revises: platform_0003
Create Date: 2026-12-04

One row per piece of work submitted to the job queue on a user's behalf (a large import): who
submitted it, its status and progress, and its result or error. A tenant table with the same
row-level security as every other (PostgreSQL).
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "platform_0004"
down_revision = "platform_0003"
branch_labels = None
depends_on = None
S = "platform"
T = "platform_background_run"


def upgrade() -> None:
    op.create_table(
        T,
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid()),
        sa.Column("kind", sa.String(80), nullable=False),
        sa.Column("work", sa.String(200), nullable=False),
        sa.Column("submitted_by", sa.Uuid(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("view_permission", sa.String(120), nullable=False),
        sa.Column("idempotency_key", sa.String(200)),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("phase", sa.String(40)),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON()),
        sa.Column("error", sa.JSON()),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("started_at", vdb.UtcDateTime()),
        sa.Column("finished_at", vdb.UtcDateTime()),
        sa.UniqueConstraint("tenant_id", "kind", "idempotency_key", name="uq_platform_background_run_key"),
        schema=S,
    )
    op.create_index("ix_platform_background_run_submitter", T, ["tenant_id", "submitted_by", "created_at"],
                    schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.{T}"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_platform_background_run_submitter", T, schema=S)
    op.drop_table(T, schema=S)
