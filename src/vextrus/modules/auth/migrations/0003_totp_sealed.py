"""auth: TOTP seeds are stored encrypted ("v1:" + Fernet token), which needs a wider column

Revision ID: auth_0003
Revises: auth_0002
Create Date: 2026-11-25

Existing plaintext seeds are not touched here (the migration does not hold the app secret):
they keep working and are resealed on their next use (`sessions.totp_seed`).
SQLite does not enforce VARCHAR lengths, so only PostgreSQL needs the change.
"""
import sqlalchemy as sa
from alembic import op

revision = "auth_0003"
down_revision = "auth_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("auth_totp", "secret", type_=sa.String(255), existing_type=sa.String(64),
                        existing_nullable=False, schema="auth")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("auth_totp", "secret", type_=sa.String(64), existing_type=sa.String(255),
                        existing_nullable=False, schema="auth")
