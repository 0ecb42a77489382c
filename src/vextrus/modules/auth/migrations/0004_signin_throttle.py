"""auth: sign-in throttling counters (growing delays per account + address, a lock per address)

Revision ID: auth_0004
Revises: auth_0003
Create Date: 2026-12-04

Replaces the hard account lockout for sign-in (`auth_login_attempt` stays for the password
reset request limiter). Not tenant-scoped: before sign-in nobody knows the tenant.
"""
import sqlalchemy as sa
from alembic import op

import vextrus.platform.db as vdb

revision = "auth_0004"
down_revision = "auth_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auth_signin_throttle",
        sa.Column("key", sa.String(length=320), nullable=False),
        sa.Column("identifier", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=100), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", vdb.UtcDateTime(), nullable=True),
        sa.Column("last_failure_at", vdb.UtcDateTime(), nullable=True),
        sa.Column("blocked_until", vdb.UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_auth_signin_throttle")),
        schema="auth",
    )
    op.create_index(op.f("ix_auth_signin_throttle_identifier"), "auth_signin_throttle", ["identifier"],
                    unique=False, schema="auth")


def downgrade() -> None:
    op.drop_index(op.f("ix_auth_signin_throttle_identifier"), table_name="auth_signin_throttle", schema="auth")
    op.drop_table("auth_signin_throttle", schema="auth")
