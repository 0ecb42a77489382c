"""auth: sessions and API keys remember the company they act within

Revision ID: auth_0002
Revises: auth_0001
Create Date: 2026-11-25

Nullable: sessions and keys made before this revision act in the user's default company
(the first company they hold a role in), which is what a missing value means.
"""
import sqlalchemy as sa
from alembic import op

revision = "auth_0002"
down_revision = "auth_0001"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    # SQLite has one namespace; alembic's ALTER does not go through the schema translate map
    return "auth" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    S = _schema()
    op.add_column("auth_refresh_family", sa.Column("company_id", sa.Uuid(), nullable=True), schema=S)
    op.add_column("auth_api_key", sa.Column("company_id", sa.Uuid(), nullable=True), schema=S)


def downgrade() -> None:
    S = _schema()
    with op.batch_alter_table("auth_api_key", schema=S) as b:
        b.drop_column("company_id")
    with op.batch_alter_table("auth_refresh_family", schema=S) as b:
        b.drop_column("company_id")
