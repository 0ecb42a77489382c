"""platform: row-level security on the tenant rows of the outbox and idempotency records

Revision ID: platform_0002
Revises: platform_0001
Create Date: 2026-11-23
"""
from alembic import op

from vextrus.platform.tenancy import rls_policy_sql

revision = "platform_0002"
down_revision = "platform_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in ("platform.outbox_event", "platform.idempotency_record"):
        for sql in rls_policy_sql(table):
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in ("platform.outbox_event", "platform.idempotency_record"):
        op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
