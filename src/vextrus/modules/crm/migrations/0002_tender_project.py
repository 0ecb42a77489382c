"""crm: a won tender keeps the project it became (issue 19)

Revision ID: crm_0002
Revises: crm_0001
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "crm_0002"
down_revision = "crm_0001"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    """The module's schema on PostgreSQL; None on SQLite (one namespace, names prefixed)."""
    return "crm" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.add_column("crm_tender", sa.Column("project_id", sa.Uuid(), nullable=True), schema=_schema())


def downgrade() -> None:
    with op.batch_alter_table("crm_tender", schema=_schema()) as batch:  # SQLite rebuilds the table
        batch.drop_column("project_id")
