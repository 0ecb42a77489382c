"""auth: the tenant of a sign-in email, refresh token, reset link or API key, without "all tenants"

Revision ID: auth_0005
Revises: auth_0004
Create Date: 2026-12-04

Sign-in, token refresh, password reset and API keys begin before the tenant is known. Row-level
security no longer has an "all tenants" value (platform_0003), so each such lookup is a function
that tries the tenants one at a time (`tenancy.tenant_lookup_sql`) and returns only the tenant;
the row itself is then read with that tenant set. PostgreSQL only.
"""
from alembic import op

from vextrus.platform.tenancy import tenant_lookup_sql

revision = "auth_0005"
down_revision = "auth_0004"
branch_labels = None
depends_on = None

LOOKUPS = [  # (function, table, column): kept in step with sessions.py
    ("auth.tenant_of_email", "auth.auth_user", "email"),
    ("auth.tenant_of_refresh_token", "auth.auth_refresh_token", "token_hash"),
    ("auth.tenant_of_password_reset", "auth.auth_password_reset", "token_hash"),
    ("auth.tenant_of_api_key", "auth.auth_api_key", "prefix"),
    ("auth.tenant_with_a_user", "auth.auth_user", None),
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for function, table, column in LOOKUPS:
        op.execute(tenant_lookup_sql(function, table, column))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for function, _table, _column in LOOKUPS:
        op.execute(f"DROP FUNCTION IF EXISTS {function}(text)")
