"""master_data: per-tenant code counters (party codes no longer come from a count)

Revision ID: master_data_0003
Revises: master_data_0002
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

from vextrus.platform.tenancy import rls_policy_sql

revision = "master_data_0003"
down_revision = "master_data_0002"
branch_labels = None
depends_on = None

S = "master_data"


def upgrade() -> None:
    op.create_table(
        "code_counter",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("series", sa.String(length=20), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "series", name=op.f("pk_code_counter")),
        schema=S,
    )
    if op.get_bind().dialect.name == "postgresql":
        for stmt in rls_policy_sql(f"{S}.code_counter"):
            op.execute(stmt)


def downgrade() -> None:
    op.drop_table("code_counter", schema=S)
