"""scheduler: pause switches for the jobs modules declare (their periodic runs are recorded in scheduler_run)

Revision ID: scheduler_0002
Revises: scheduler_0001
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "scheduler_0002"
down_revision = "scheduler_0001"
branch_labels = None
depends_on = None
S = "scheduler"


def upgrade() -> None:
    op.create_table(
        "scheduler_declared",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.UniqueConstraint("tenant_id", "name", name="uq_scheduler_declared_tenant_id_name"),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.scheduler_declared"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_table("scheduler_declared", schema=S)
