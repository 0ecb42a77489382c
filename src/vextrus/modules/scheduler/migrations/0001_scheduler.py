"""scheduler: scheduled jobs and their runs (the claim rows)

Revision ID: scheduler_0001
Revises:
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "scheduler_0001"
down_revision = None
branch_labels = ("scheduler",)
depends_on = "platform_0001"
S = "scheduler"
TABLES = ("scheduler_job", "scheduler_run")


def upgrade() -> None:
    op.create_table(
        "scheduler_job",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("action", sa.String(120), nullable=False),
        sa.Column("description", sa.String(400), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("cron", sa.String(120)),
        sa.Column("interval_seconds", sa.Integer()),
        sa.Column("run_at", vdb.UtcDateTime()),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", vdb.UtcDateTime()),
        sa.Column("max_retries", sa.Integer(), nullable=False),
        sa.Column("retry_base_seconds", sa.Integer(), nullable=False),
        sa.Column("timeout_seconds", sa.Integer(), nullable=False),
        sa.Column("last_run_at", vdb.UtcDateTime()),
        sa.Column("last_status", sa.String(12), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "name", name="uq_scheduler_job_tenant_id_name"),
        schema=S,
    )
    op.create_index("ix_scheduler_job_due", "scheduler_job", ["tenant_id", "paused", "next_run_at"], schema=S)
    op.create_table(
        "scheduler_run",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("job_name", sa.String(120), nullable=False),
        sa.Column("job_id", sa.Uuid()),
        sa.Column("planned_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(10), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("started_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("finished_at", vdb.UtcDateTime()),
        sa.Column("lag_ms", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer()),
        sa.Column("error", sa.String(2000), nullable=False),
        sa.Column("retry_at", vdb.UtcDateTime()),
        sa.Column("worker", sa.String(120), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.UniqueConstraint("tenant_id", "job_name", "planned_at", "attempt",
                            name="uq_scheduler_run_tenant_id_job_name_planned_at_attempt"),
        schema=S,
    )
    op.create_index("ix_scheduler_run_job", "scheduler_run", ["tenant_id", "job_name", "started_at"], schema=S)
    op.create_index("ix_scheduler_run_retry", "scheduler_run", ["tenant_id", "retry_at"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for sql in rls_policy_sql(f"{S}.{table}"):
                op.execute(sql)


def downgrade() -> None:
    for t in reversed(TABLES):
        op.drop_table(t, schema=S)
