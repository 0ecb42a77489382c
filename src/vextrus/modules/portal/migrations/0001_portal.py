"""portal: accounts linking a customer's sign-in to their party

Revision ID: portal_0001
Revises:
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb
from vextrus.platform.tenancy import rls_policy_sql

revision = "portal_0001"
down_revision = None
branch_labels = ("portal",)
depends_on = "platform_0001"
S = "portal"


def upgrade() -> None:
    op.create_table(
        "portal_account",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("invited_by", sa.String(120), nullable=False),
        sa.Column("created_at", vdb.UtcDateTime(), nullable=False),
        sa.Column("updated_at", vdb.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_portal_account"),
        sa.UniqueConstraint("tenant_id", "user_id", name="uq_portal_account_tenant_id_user_id"),
        schema=S,
    )
    op.create_index("ix_portal_account_tenant_id", "portal_account", ["tenant_id"], schema=S)
    op.create_index("ix_portal_account_party_id", "portal_account", ["party_id"], schema=S)
    if op.get_bind().dialect.name == "postgresql":
        for sql in rls_policy_sql(f"{S}.portal_account"):
            op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_portal_account_party_id", table_name="portal_account", schema=S)
    op.drop_index("ix_portal_account_tenant_id", table_name="portal_account", schema=S)
    op.drop_table("portal_account", schema=S)
